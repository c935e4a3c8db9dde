'use client';

import { useState } from 'react';

/** Copies the page's own URL; falls back to selecting nothing and saying so when the clipboard is denied. */
export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2500);
  }

  const label = { idle: 'Copy link', copied: 'Link copied', failed: 'Copy failed: use the address bar' }[state];
  return (
    <button
      type="button"
      onClick={copy}
      className="rounded border border-ink px-4 py-2 text-sm hover:bg-ink hover:text-paper"
      aria-live="polite"
    >
      {label}
    </button>
  );
}
