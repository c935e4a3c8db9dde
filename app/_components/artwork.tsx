import Link from 'next/link';

import type { Artwork } from '@/lib/gallery/objects';

/** Alt text from the label fields a visitor would read on the wall: title, maker or culture, date. */
export function altText(artwork: Artwork): string {
  const maker = artwork.artist || artwork.culture;
  return [artwork.title, artwork.objectName, maker, artwork.dateText].filter(Boolean).join(', ');
}

/** Equal-height image box: the artwork is contained, never cropped, on a neutral ground. */
export function ArtworkImage({
  artwork,
  size = 'card',
  priority = false,
}: {
  artwork: Artwork;
  size?: 'card' | 'large' | 'small';
  priority?: boolean;
}) {
  const box = {
    small: 'aspect-square',
    card: 'aspect-[4/5]',
    large: 'aspect-[4/5] sm:aspect-square',
  }[size];
  return (
    // overflow-hidden and the small text style keep a broken image's alt text inside the box.
    <div className={`${box} flex w-full items-center justify-center overflow-hidden bg-stone-200/60 p-3 text-center text-xs text-muted sm:p-5`}>
      {/* Thumbnails are already sized WebP files, so next/image optimisation would add nothing. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      {artwork.imageUrl ? (
        <img
          src={artwork.imageUrl}
          alt={altText(artwork)}
          loading={priority ? 'eager' : 'lazy'}
          className="max-h-full max-w-full object-contain shadow-sm"
        />
      ) : (
        <p role="img" aria-label={altText(artwork)} className="max-w-[16rem] text-sm">
          Image not available{artwork.imageFailure ? ` (${artwork.imageFailure})` : ''}
        </p>
      )}
    </div>
  );
}

/** Renders the wall label under an image; the title links to the artwork page, with `query` appended when given. */
export function ArtworkCaption({ artwork, query }: { artwork: Artwork; query?: string }) {
  const place = [artwork.department, artwork.culture].filter(Boolean).join(' · ');
  const href = query ? `/object/${artwork.id}?${query}` : `/object/${artwork.id}`;
  return (
    <div className="mt-3 space-y-1">
      <h3 className="font-serif text-lg leading-snug">
        <Link href={href} className="hover:underline">
          {artwork.title}
        </Link>
      </h3>
      {artwork.artist ? <p className="text-sm text-stone-700">{artwork.artist}</p> : null}
      <p className="text-sm text-muted">{artwork.dateText || 'Date unknown'}</p>
      {place ? <p className="text-xs uppercase tracking-wider text-muted">{place}</p> : null}
    </div>
  );
}

/** Renders the label fields of one artwork as a definition list, leaving out empty fields. */
export function ArtworkDetails({ artwork }: { artwork: Artwork }) {
  const rows: [string, string][] = [
    ['Artist', artwork.artist],
    ['Date', artwork.dateText],
    ['Culture', artwork.culture],
    ['Department', artwork.department],
    ['Object type', artwork.objectName],
    ['Classification', artwork.classification],
    ['Medium', artwork.medium],
    ['Portfolio', artwork.portfolio],
    ['Accession number', artwork.accessionNumber],
    ['Met object ID', String(artwork.id)],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
    </dl>
  );
}
