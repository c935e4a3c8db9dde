import Link from 'next/link';

import type { TwinPair } from '@/lib/gallery/pairs';
import { ArtworkCaption, ArtworkImage } from './artwork';
import { ContrastChips } from './chips';

/** Renders a pair as a diptych: two equal image boxes side by side, captions below, contrast chips underneath. */
export function PairCard({ pair, objectQuery }: { pair: TwinPair; objectQuery?: string }) {
  const permalink = `/pair/${pair.a.id}/${pair.b.id}`;
  return (
    <article className="flex flex-col rounded-sm border border-rule bg-white p-4 sm:p-6" data-testid="pair-card">
      <Link href={permalink} aria-label={`Open the pair ${pair.a.title} and ${pair.b.title}`} className="grid grid-cols-2 gap-3 sm:gap-4">
        <ArtworkImage artwork={pair.a} />
        <ArtworkImage artwork={pair.b} />
      </Link>
      <div className="grid grid-cols-2 gap-3 sm:gap-4">
        <ArtworkCaption artwork={pair.a} query={objectQuery} />
        <ArtworkCaption artwork={pair.b} query={objectQuery} />
      </div>
      <div className="mt-auto flex flex-wrap items-end justify-between gap-3 pt-5">
        <ContrastChips contrast={pair.contrast} maxReasons={3} />
        <Link href={permalink} className="text-sm text-accent underline-offset-4 hover:underline">
          View pair →
        </Link>
      </div>
    </article>
  );
}
