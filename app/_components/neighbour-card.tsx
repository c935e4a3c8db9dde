import Link from 'next/link';

import type { Neighbour } from '@/lib/gallery/neighbours';
import { ArtworkCaption, ArtworkImage } from './artwork';
import { ContrastChips } from './chips';

/** Renders one neighbour of the page's artwork. Its image opens the pair and its title opens the neighbour. */
export function NeighbourCard({ originId, neighbour, objectQuery }: { originId: number; neighbour: Neighbour; objectQuery?: string }) {
  const { artwork, contrast } = neighbour;
  return (
    <li className="flex flex-col rounded-sm border border-rule bg-white p-3" data-testid="neighbour">
      <Link href={`/pair/${originId}/${artwork.id}`} aria-label={`Compare with ${artwork.title}`}>
        <ArtworkImage artwork={artwork} size="small" />
      </Link>
      <ArtworkCaption artwork={artwork} query={objectQuery} />
      <div className="mt-auto pt-3">
        <ContrastChips contrast={contrast} maxReasons={3} />
      </div>
    </li>
  );
}
