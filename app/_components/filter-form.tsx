import type { ReactNode } from 'react';

import { CROSS_FIELDS, type ContrastFilters, type CrossField } from '@/lib/gallery/params';

const CROSS_LABELS: Record<CrossField, string> = {
  department: 'Department',
  culture: 'Culture',
  type: 'Object type',
};

const SIMILARITY_STEPS = [0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1];

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

/** Similarity bound choices; a value from a shared URL that is not a preset still shows as selected. */
function SimilaritySelect({ name, label, value, fallback }: { name: string; label: string; value: number; fallback: number }) {
  const steps = SIMILARITY_STEPS.includes(value) ? SIMILARITY_STEPS : [...SIMILARITY_STEPS, value].sort((x, y) => x - y);
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-muted">{label}</span>
      <select name={name} defaultValue={value === fallback ? '' : String(value)} className="rounded border border-rule bg-white px-2 py-2">
        <option value="">{percent(fallback)}</option>
        {steps
          .filter((step) => step !== fallback)
          .map((step) => (
            <option key={step} value={String(step)}>
              {percent(step)}
            </option>
          ))}
      </select>
    </label>
  );
}

function DepartmentChecklist({ name, legend, departments, selected }: { name: string; legend: string; departments: readonly string[]; selected: string[] }) {
  return (
    <details className="group rounded border border-rule bg-white px-3 py-2 text-sm" open={selected.length > 0}>
      <summary className="cursor-pointer select-none text-muted">
        {legend}
        {selected.length > 0 ? ` (${selected.length})` : ''}
      </summary>
      <fieldset className="mt-2 grid gap-1 sm:grid-cols-2">
        <legend className="sr-only">{legend}</legend>
        {departments.map((department) => (
          <label key={department} className="flex items-start gap-2">
            <input type="checkbox" name={name} value={department} defaultChecked={selected.includes(department)} className="mt-1" />
            <span>{department}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/**
 * Renders the contrast filters as a plain GET form, so every view is a URL that can be shared and
 * reloaded. `children` adds the page's own fields (sort order, number of neighbours) first.
 */
export function FilterForm({
  action,
  filters,
  departments,
  resetHref,
  summary = 'Filter and sort',
  children,
}: {
  action: string;
  filters: ContrastFilters;
  departments: readonly string[];
  resetHref: string;
  /** Label of the fold-out on phones. */
  summary?: string;
  children?: ReactNode;
}) {
  const active =
    filters.minYears > 0 ||
    filters.cross.length > 0 ||
    filters.departments.length > 0 ||
    filters.excludeDepartments.length > 0 ||
    filters.minSimilarity > 0 ||
    filters.maxSimilarity < 1;
  return (
    // On phones the form folds away behind its summary; from md up, CSS keeps it open (globals.css).
    <details className="filter-panel rounded-sm border border-rule bg-stone-100/60" open={active}>
      <summary className="cursor-pointer select-none px-4 py-3 text-sm">
        {summary}
        {active ? ' · filters on' : ''}
      </summary>
      <form action={action} method="get" className="space-y-4 p-4 pt-1 md:pt-5 sm:px-5" aria-label="Filters">
        <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
          {children}
          <label className="flex flex-col gap-1 text-sm">
            <span className="text-muted">Minimum years apart</span>
            <input
              type="number"
              name="minYears"
              min={0}
              max={10000}
              step={50}
              defaultValue={filters.minYears > 0 ? filters.minYears : ''}
              placeholder="0"
              className="rounded border border-rule bg-white px-2 py-2"
            />
          </label>
          <SimilaritySelect name="minSim" label="Similarity at least" value={filters.minSimilarity} fallback={0} />
          <SimilaritySelect name="maxSim" label="Similarity at most" value={filters.maxSimilarity} fallback={1} />
        </div>

        <fieldset className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          <legend className="mb-2 text-muted">Must cross</legend>
          {CROSS_FIELDS.map((field) => (
            <label key={field} className="flex items-center gap-2">
              <input type="checkbox" name="cross" value={field} defaultChecked={filters.cross.includes(field)} />
              {CROSS_LABELS[field]}
            </label>
          ))}
        </fieldset>

        <div className="grid gap-3 md:grid-cols-2">
          <DepartmentChecklist name="dept" legend="Only departments" departments={departments} selected={filters.departments} />
          <DepartmentChecklist name="exdept" legend="Exclude departments" departments={departments} selected={filters.excludeDepartments} />
        </div>

        <div className="flex items-center gap-4">
          <button type="submit" className="rounded bg-ink px-5 py-2 text-sm text-paper hover:bg-stone-700">
            Apply filters
          </button>
          <a href={resetHref} className="text-sm text-muted underline-offset-4 hover:underline">
            Reset
          </a>
        </div>
      </form>
    </details>
  );
}
