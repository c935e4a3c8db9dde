import { FilterForm } from '@/app/_components/filter-form';
import { Notice } from '@/app/_components/notice';
import { PairCard } from '@/app/_components/pair-card';
import { Pagination } from '@/app/_components/pagination';
import { galleryDb } from '@/lib/gallery/data';
import { listDepartments } from '@/lib/gallery/objects';
import { listPairs } from '@/lib/gallery/pairs';
import { DEFAULT_FILTERS, DEFAULT_PER_PAGE, filtersToParams, parsePairQuery, SORT_KEYS, type PairQuery } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

const SORT_LABELS: Record<(typeof SORT_KEYS)[number], string> = {
  curated: 'Curator’s pick',
  score: 'Surprise score',
  similarity: 'Similarity',
  years: 'Years apart',
};

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const db = galleryDb();
  const departments = listDepartments(db);
  const parsed = parsePairQuery(await searchParams, departments);
  const query: PairQuery = parsed.ok ? parsed.value : { ...DEFAULT_FILTERS, sort: 'curated', page: 1, perPage: DEFAULT_PER_PAGE };
  const result = listPairs(db, query);

  // Artwork pages open with the same contrast filters, which they apply to their live neighbour search.
  const objectQuery = filtersToParams(query).toString();
  const params = filtersToParams(query);
  if (query.sort !== 'curated') params.set('sort', query.sort);
  if (query.perPage !== DEFAULT_PER_PAGE) params.set('perPage', String(query.perPage));

  return (
    <div className="space-y-10">
      <section className="max-w-3xl space-y-3">
        <h1 className="font-serif text-4xl leading-tight sm:text-5xl">Visual twins across the Met</h1>
        <p className="text-lg text-stone-700">
          Pairs of artworks that look alike to a machine, although centuries, cultures or departments separate them. No
          labels were used to find them: only the images.
        </p>
      </section>

      <FilterForm action="/" filters={query} departments={departments} resetHref="/">
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-muted">Sort by</span>
          <select name="sort" defaultValue={query.sort} className="rounded border border-rule bg-white px-2 py-2">
            {SORT_KEYS.map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>

      {parsed.ok ? null : <Notice tone="error">{parsed.error.message} Showing the default view instead.</Notice>}

      <p className="text-sm text-muted" data-testid="pair-total">
        {result.total.toLocaleString('en-US')} {result.total === 1 ? 'pair' : 'pairs'}
      </p>

      {result.pairs.length === 0 ? (
        <Notice>
          {result.total > 0
            ? `Page ${result.page} is past the last page (${result.pageCount}) of these pairs.`
            : 'No pairs match these filters. Loosen them or reset.'}
        </Notice>
      ) : (
        <div className="grid gap-8 lg:grid-cols-2">
          {result.pairs.map((pair) => (
            <PairCard key={`${pair.a.id}-${pair.b.id}`} pair={pair} objectQuery={objectQuery} />
          ))}
        </div>
      )}

      {result.pageCount > 1 ? <Pagination path="/" params={params} page={result.page} pageCount={result.pageCount} /> : null}
    </div>
  );
}
