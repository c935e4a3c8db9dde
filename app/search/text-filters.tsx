import type { TextQuery } from '@/lib/search/params';

const FIELD = 'rounded border border-rule bg-white px-2 py-2';

/** Metadata filters of a text query; they apply only when searching by what the artwork looks like. */
export function TextFilters({ departments, query }: { departments: readonly string[]; query: TextQuery | null }) {
  const active = query !== null && (query.departments.length > 0 || query.culture !== '' || query.objectType !== '' || query.fromYear !== null || query.toYear !== null);
  return (
    <details className="rounded border border-rule bg-white/60 px-3 py-2 text-sm" open={active}>
      <summary className="cursor-pointer select-none text-muted">Filters for “what it looks like”</summary>
      <div className="grid gap-3 pt-3 sm:grid-cols-2 lg:grid-cols-5">
        <label className="flex flex-col gap-1">
          <span className="text-muted">Department</span>
          <select name="dept" defaultValue={query?.departments[0] ?? ''} className={FIELD}>
            <option value="">Any</option>
            {departments.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted">Culture contains</span>
          <input name="culture" defaultValue={query?.culture ?? ''} maxLength={100} className={FIELD} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted">Object type contains</span>
          <input name="type" defaultValue={query?.objectType ?? ''} maxLength={100} placeholder="Vase" className={FIELD} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted">From year</span>
          <input name="from" type="number" defaultValue={query?.fromYear ?? ''} placeholder="-500 for 500 BCE" className={FIELD} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted">To year</span>
          <input name="to" type="number" defaultValue={query?.toYear ?? ''} placeholder="1900" className={FIELD} />
        </label>
      </div>
    </details>
  );
}
