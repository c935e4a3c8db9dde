import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';

import { ArtworkImage } from '@/app/_components/artwork';
import { Notice } from '@/app/_components/notice';
import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { listDepartments } from '@/lib/gallery/objects';
import { MAX_QUERY_LENGTH, MAX_SEARCH_RESULTS, parseSearchQuery } from '@/lib/gallery/params';
import { searchArtworks } from '@/lib/gallery/search';
import { indexEmbedder, SearchUnavailable, textSearchBlocker } from '@/lib/search/embedding';
import type { TextSearchResult } from '@/lib/search/nearest';
import { parseTextQuery, type TextQuery } from '@/lib/search/params';
import { clientAddress, searchRateLimiter } from '@/lib/search/rate-limit';
import { runTextSearch } from '@/lib/search/text-search';
import { ImageSearch } from './image-search';
import { MATCH_GRID, MatchCard } from './match-card';
import { TextFilters } from './text-filters';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Search' };

type RawParams = Record<string, string | string[] | undefined>;

/** Runs a text query for the page, returning the message to show instead when it cannot run. */
async function textResults(query: TextQuery): Promise<{ result: TextSearchResult } | { message: string }> {
  const decision = searchRateLimiter().take(clientAddress(new Headers(await headers())));
  if (!decision.allowed) return { message: `Too many searches from this address; try again in ${decision.retryAfterSeconds} s.` };

  try {
    return { result: await runTextSearch(galleryDb(), galleryIndex(), query) };
  } catch (error) {
    if (error instanceof SearchUnavailable) return { message: error.message };
    throw error;
  }
}

/** Returns the visitor-facing reason why text search cannot run on this index, or null when it can. */
function blockerOf(): string | null {
  try {
    const blocker = textSearchBlocker(galleryDb());
    if (blocker === null) return null;
    return `Searching by description is unavailable: this index was built with the ${indexEmbedder(galleryDb()).embedder} embedder, which has no text model.`;
  } catch (error) {
    if (error instanceof SearchUnavailable) return error.message;
    throw error;
  }
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const raw = await searchParams;
  const db = galleryDb();
  const text = typeof raw.q === 'string' ? raw.q : '';
  const blocker = blockerOf();
  const textMode = raw.mode === 'text' && blocker === null;
  const departments = listDepartments(db);

  const textParsed = textMode ? parseTextQuery(raw, departments) : null;
  const textOutcome = textParsed?.ok ? await textResults(textParsed.value) : null;
  const metadataParsed = textMode ? null : parseSearchQuery({ q: text, limit: String(MAX_SEARCH_RESULTS) });
  const results = metadataParsed?.ok ? searchArtworks(db, metadataParsed.value.q, metadataParsed.value.limit) : [];

  let found = `${results.length} ${results.length === 1 ? 'artwork' : 'artworks'}`;
  if (results.length === 0) found = 'No artworks';
  if (results.length === MAX_SEARCH_RESULTS) found = `The first ${results.length} artworks`;

  return (
    <div className="space-y-10">
      <header className="space-y-3">
        <h1 className="font-serif text-3xl sm:text-4xl">Search</h1>
        <form action="/search" method="get" role="search" className="max-w-3xl space-y-3 pt-1">
          <div className="flex">
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
              placeholder={blocker ? 'Title, artist, culture, object type or Met id' : 'A blue vase with birds, or a title or artist'}
              className="w-full min-w-0 rounded-l border border-rule bg-white px-3 py-2"
            />
            <button type="submit" className="rounded-r border border-l-0 border-rule bg-ink px-4 text-sm text-paper hover:bg-stone-700">
              Search
            </button>
          </div>
          {blocker ? null : (
            <fieldset className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
              <legend className="sr-only">Search by</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="mode" value="text" defaultChecked={textMode} />
                What it looks like
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="mode" value="metadata" defaultChecked={!textMode} />
                Title, artist, object type, medium or id
              </label>
            </fieldset>
          )}
          {blocker ? null : <TextFilters departments={departments} query={textParsed?.ok ? textParsed.value : null} />}
        </form>
        {blocker ? (
          <p className="max-w-3xl text-sm text-muted" data-testid="text-search-unavailable">
            {blocker} The box above searches titles, artists, cultures, object types, media and accession numbers instead.
          </p>
        ) : null}
      </header>

      <ImageSearch />

      {textMode ? (
        <section className="space-y-4" aria-label="Artworks that look like the description">
          {textParsed && !textParsed.ok ? <Notice tone="error">{textParsed.error.message}</Notice> : null}
          {textOutcome && 'message' in textOutcome ? <Notice tone="error">{textOutcome.message}</Notice> : null}
          {textOutcome && 'result' in textOutcome ? (
            <>
              <p className="text-muted" data-testid="text-search-summary">
                {textOutcome.result.matches.length === 0
                  ? `No artworks pass the filters among the ${textOutcome.result.searched} nearest to “${textParsed?.ok ? textParsed.value.q : ''}”.`
                  : `The artworks that look most like “${textParsed?.ok ? textParsed.value.q : ''}”, nearest first.`}{' '}
                <Link href={`/search?q=${encodeURIComponent(text)}`} className="underline">
                  Search titles and artists instead
                </Link>
              </p>
              <ul className={MATCH_GRID} data-testid="text-search-results">
                {textOutcome.result.matches.map((match) => (
                  // No similarity chip: CLIP's text-to-image cosines are far lower than its image-to-image
                  // ones even for good matches, so a percentage would read as a poor match.
                  <MatchCard key={match.artwork.id} artwork={match.artwork} />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : (
        <section className="space-y-4" aria-label="Artworks that match the text">
          {metadataParsed?.ok ? (
            <p className="text-muted" data-testid="search-summary">
              {found} match “{metadataParsed.value.q}” in title, artist, culture, object type, medium or accession number.
            </p>
          ) : text ? (
            <Notice>Type a title, an artist, a culture, an object type such as “vase”, or an accession number.</Notice>
          ) : null}
          <ul className={MATCH_GRID} data-testid="search-results">
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
        </section>
      )}
    </div>
  );
}
