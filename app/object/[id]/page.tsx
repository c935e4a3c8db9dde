import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ArtworkDetails, ArtworkImage } from '@/app/_components/artwork';
import { FilterForm } from '@/app/_components/filter-form';
import { NeighbourCard } from '@/app/_components/neighbour-card';
import { Notice } from '@/app/_components/notice';
import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { DEFAULT_CONTRAST_OPTIONS } from '@/lib/twins/contrast';
import { findNeighbours } from '@/lib/gallery/neighbours';
import { getObjectRow, listDepartments, toArtwork } from '@/lib/gallery/objects';
import { DEFAULT_FILTERS, DEFAULT_NEIGHBOURS, filtersToParams, MAX_NEIGHBOURS, parseNeighbourQuery, parseObjectId, type NeighbourQuery } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseObjectId((await params).id);
  const row = id === null ? undefined : getObjectRow(galleryDb(), id);
  return { title: row ? row.title || 'Untitled' : 'Artwork not found' };
}

const K_CHOICES = [6, DEFAULT_NEIGHBOURS, 24, 48, MAX_NEIGHBOURS];

export default async function ObjectPage({ params, searchParams }: Props) {
  const id = parseObjectId((await params).id);
  const db = galleryDb();
  const row = id === null ? undefined : getObjectRow(db, id);
  if (!row) notFound();

  const artwork = toArtwork(row);
  const departments = listDepartments(db);
  const parsed = parseNeighbourQuery(await searchParams, departments);
  const query: NeighbourQuery = parsed.ok ? parsed.value : { ...DEFAULT_FILTERS, k: DEFAULT_NEIGHBOURS };
  const index = galleryIndex();
  const result = index ? findNeighbours(db, index, row, query) : null;
  const path = `/object/${artwork.id}`;
  // Links to neighbours keep the filters, so browsing from artwork to artwork keeps the same contrast.
  const objectQuery = filtersToParams(query).toString();

  return (
    <div className="space-y-14">
      <section className="grid gap-8 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] md:gap-12">
        <ArtworkImage artwork={artwork} size="large" priority />
        <div className="space-y-6">
          <div className="space-y-2">
            <p className="text-xs uppercase tracking-wider text-muted">{artwork.department}</p>
            <h1 className="font-serif text-3xl leading-tight sm:text-4xl">{artwork.title}</h1>
            {artwork.artist ? <p className="text-lg text-stone-700">{artwork.artist}</p> : null}
          </div>
          <ArtworkDetails artwork={artwork} />
          <a href={artwork.metUrl} className="inline-block rounded border border-ink px-4 py-2 text-sm hover:bg-ink hover:text-paper" rel="noopener">
            View on metmuseum.org ↗
          </a>
        </div>
      </section>

      <section aria-labelledby="unlikely" className="space-y-6">
        <div className="space-y-2">
          <h2 id="unlikely" className="font-serif text-2xl">
            Nearest unlikely neighbours
          </h2>
          <p className="max-w-3xl text-sm text-muted">
            The artworks that look most like this one, searched across the whole collection at request time, then kept
            only when their labels differ in at least one way ({DEFAULT_CONTRAST_OPTIONS.farYears} or more years apart,
            another culture, department, medium, object type or classification) and they pass the filters below.
          </p>
        </div>

        {result?.indexed ? (
          <FilterForm action={path} filters={query} departments={departments} resetHref={path} summary="Filter neighbours">
            <label className="flex flex-col gap-1 text-sm">
              <span className="text-muted">Neighbours to show</span>
              <select name="k" defaultValue={String(query.k)} className="rounded border border-rule bg-white px-2 py-2">
                {[...new Set([...K_CHOICES, query.k])].sort((x, y) => x - y).map((k) => (
                  <option key={k} value={String(k)}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
          </FilterForm>
        ) : null}

        {parsed.ok ? null : <Notice tone="error">{parsed.error.message} Showing unfiltered neighbours instead.</Notice>}

        {result === null || !result.indexed ? (
          <Notice>
            {result === null
              ? 'The vector index has not been built yet, so no neighbours can be searched.'
              : 'This artwork is not in the vector index (its image could not be fetched or embedded), so it has no neighbours.'}
          </Notice>
        ) : (
          <>
            {result.neighbours.length < result.requested ? (
              <Notice>
                Only {result.neighbours.length} of the {result.requested} requested neighbours pass these filters among
                the {result.searched.toLocaleString('en-US')} most similar artworks searched.
              </Notice>
            ) : null}
            <ul className="grid grid-cols-2 gap-4 sm:gap-6 md:grid-cols-3 lg:grid-cols-4" data-testid="unlikely-neighbours">
              {result.neighbours.map((neighbour) => (
                <NeighbourCard key={neighbour.artwork.id} originId={artwork.id} neighbour={neighbour} objectQuery={objectQuery} />
              ))}
            </ul>
          </>
        )}
      </section>

      {result?.indexed ? (
        <section aria-labelledby="plain" className="space-y-6">
          <div className="space-y-2">
            <h2 id="plain" className="font-serif text-2xl">
              Plain nearest neighbours
            </h2>
            <p className="max-w-3xl text-sm text-muted">
              For comparison: the closest matches with no filter, which are usually from the same department and era.
            </p>
          </div>
          <ul className="grid grid-cols-2 gap-4 sm:gap-6 md:grid-cols-4" data-testid="plain-neighbours">
            {result.plain.map((neighbour) => (
              <NeighbourCard key={neighbour.artwork.id} originId={artwork.id} neighbour={neighbour} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
