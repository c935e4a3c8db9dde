import type { ReactNode } from 'react';

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'error'; children: ReactNode }) {
  const style = tone === 'error' ? 'border-accent/40 bg-accent/5 text-accent' : 'border-rule bg-white text-stone-700';
  return (
    <p role={tone === 'error' ? 'alert' : 'status'} className={`rounded-sm border px-4 py-3 text-sm ${style}`}>
      {children}
    </p>
  );
}
