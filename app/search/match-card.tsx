import Link from 'next/link';

import { ArtworkImage } from '@/app/_components/artwork';
import { ContrastChips } from '@/app/_components/chips';
import type { Contrast } from '@/lib/gallery/contrast';
import type { Artwork } from '@/lib/gallery/objects';

/**
 * Renders one result of a text or image query; the whole card links to the artwork page. Chips show the
 * contrast when given, else the similarity when given, else nothing.
 */
export function MatchCard({ artwork, similarity, contrast }: { artwork: Artwork; similarity?: number; contrast?: Contrast }) {
  const chips = contrast ?? (similarity === undefined ? null : { ...NO_CONTRAST, similarity });
  const maker = [artwork.artist || artwork.culture, artwork.dateText].filter(Boolean).join(', ');
  return (
    <li className="flex flex-col" data-testid="search-match">
      <Link href={`/object/${artwork.id}`} className="group block">
        <ArtworkImage artwork={artwork} size="small" />
        <p className="mt-2 font-serif leading-snug group-hover:underline">{artwork.title || 'Untitled'}</p>
        {maker ? <p className="text-sm text-muted">{maker}</p> : null}
        {artwork.department ? <p className="text-xs uppercase tracking-wider text-muted">{artwork.department}</p> : null}
      </Link>
      {chips ? (
        <div className="mt-auto pt-2">
          <ContrastChips contrast={chips} maxReasons={3} />
        </div>
      ) : null}
    </li>
  );
}

/** A contrast with no metadata reasons, for results that have no labelled artwork to compare with. */
const NO_CONTRAST: Omit<Contrast, 'similarity'> = {
  yearsApart: null,
  crossesDepartment: false,
  crossesCulture: false,
  crossesClassification: false,
  crossesObjectName: false,
  crossesMedium: false,
  reasons: [],
};

export const MATCH_GRID = 'grid grid-cols-2 gap-4 sm:grid-cols-3 sm:gap-6 lg:grid-cols-5';
