import Link from 'next/link';

/** Previous / next links that keep every other query parameter, so paging never loses the filters. */
export function Pagination({ path, params, page, pageCount }: { path: string; params: URLSearchParams; page: number; pageCount: number }) {
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    if (target > 1) next.set('page', String(target));
    else next.delete('page');
    const query = next.toString();
    return query ? `${path}?${query}` : path;
  };
  const linkClass = 'rounded border border-rule bg-white px-4 py-2 hover:border-ink';
  return (
    <nav aria-label="Pages" className="flex items-center justify-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkClass} rel="prev">
          ← Previous
        </Link>
      ) : null}
      <span className="text-muted">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className={linkClass} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
