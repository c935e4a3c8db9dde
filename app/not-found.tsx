import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-16 text-center">
      <p className="text-xs uppercase tracking-wider text-muted">404</p>
      <h1 className="font-serif text-4xl">Not in this collection</h1>
      <p className="text-stone-700">
        No artwork or pair has that id here. Only public-domain works with an image are included, and this gallery may
        hold only part of the Met.
      </p>
      <p className="flex justify-center gap-6 pt-2 text-sm">
        <Link href="/" className="text-accent underline-offset-4 hover:underline">
          Browse the twins
        </Link>
        <Link href="/search?q=vase" className="text-accent underline-offset-4 hover:underline">
          Try a search
        </Link>
      </p>
    </div>
  );
}
