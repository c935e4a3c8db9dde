import type { Metadata } from 'next';
import Link from 'next/link';

import { ArtworkImage } from '@/app/_components/artwork';
import { Notice } from '@/app/_components/notice';
import { galleryDb } from '@/lib/gallery/data';
import { MAX_QUERY_LENGTH, MAX_SEARCH_RESULTS, parseSearchQuery } from '@/lib/gallery/params';
import { searchArtworks } from '@/lib/gallery/search';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Search' };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const text = typeof raw.q === 'string' ? raw.q : '';
  const parsed = parseSearchQuery({ q: text, limit: String(MAX_SEARCH_RESULTS) });
  const results = parsed.ok ? searchArtworks(galleryDb(), parsed.value.q, parsed.value.limit) : [];

  let found = `${results.length} ${results.length === 1 ? 'artwork' : 'artworks'}`;
  if (results.length === 0) found = 'No artworks';
  if (results.length === MAX_SEARCH_RESULTS) found = `The first ${results.length} artworks`;

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="font-serif text-3xl sm:text-4xl">Search</h1>
        <form action="/search" method="get" role="search" className="flex max-w-xl pt-2">
          <label htmlFor="page-search" className="sr-only">
            Search text
          </label>
          <input
            id="page-search"
            name="q"
            type="search"
            required
            maxLength={MAX_QUERY_LENGTH}
            defaultValue={text}
            className="w-full min-w-0 rounded-l border border-rule bg-white px-3 py-2"
          />
          <button type="submit" className="rounded-r border border-l-0 border-rule bg-ink px-4 text-sm text-paper hover:bg-stone-700">
            Search
          </button>
        </form>
        {parsed.ok ? (
          <p className="text-muted" data-testid="search-summary">
            {found} match “{parsed.value.q}” in title, artist, culture or accession number.
          </p>
        ) : null}
      </header>

      {parsed.ok ? null : <Notice>Type a title, an artist, a culture or an accession number.</Notice>}

      <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 sm:gap-6 lg:grid-cols-5" data-testid="search-results">
        {results.map((artwork) => (
          <li key={artwork.id}>
            <Link href={`/object/${artwork.id}`} className="group block">
              <ArtworkImage artwork={artwork} size="small" />
              <p className="mt-2 font-serif leading-snug group-hover:underline">{artwork.title}</p>
              <p className="text-sm text-muted">{[artwork.artist || artwork.culture, artwork.dateText].filter(Boolean).join(', ')}</p>
              <p className="text-xs text-muted">{artwork.accessionNumber}</p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
