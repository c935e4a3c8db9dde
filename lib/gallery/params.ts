import { z } from 'zod';

/**
 * Request validation for the gallery pages and the JSON API. Every parser takes the raw query
 * (`URLSearchParams` or a page's `searchParams` record) and returns either typed values or one
 * `ParamError` whose message names the parameter, the allowed values and what was received.
 */

/** `curated` is the curator's diversified top list first (`pairs.topRank`), then the rest by score. */
export const SORT_KEYS = ['curated', 'score', 'similarity', 'years'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Metadata fields a pair can be required to cross; `type` is the object name ("Vase", "Painting"). */
export const CROSS_FIELDS = ['department', 'culture', 'type'] as const;
export type CrossField = (typeof CROSS_FIELDS)[number];

export const MAX_YEARS_APART = 10_000;
export const MAX_PER_PAGE = 60;
export const DEFAULT_PER_PAGE = 24;
export const MAX_PAGE = 10_000;
export const MAX_NEIGHBOURS = 100;
export const DEFAULT_NEIGHBOURS = 12;
export const MAX_SEARCH_RESULTS = 50;
export const DEFAULT_SEARCH_RESULTS = 20;
export const MAX_QUERY_LENGTH = 200;
const MAX_OBJECT_ID = 2_147_483_647;

export interface ParamError {
  code: 'invalid_parameter' | 'unknown_parameter';
  parameter: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParamError };

/** Contrast filters shared by the pair list and the live neighbour search. */
export interface ContrastFilters {
  minYears: number;
  cross: CrossField[];
  departments: string[];
  excludeDepartments: string[];
  minSimilarity: number;
  maxSimilarity: number;
}

export interface PairQuery extends ContrastFilters {
  sort: SortKey;
  page: number;
  perPage: number;
}

export interface NeighbourQuery extends ContrastFilters {
  k: number;
}

export interface SearchQuery {
  q: string;
  limit: number;
}

export type RawQuery = URLSearchParams | Record<string, string | string[] | undefined>;

const MULTI_VALUED = new Set(['cross', 'dept', 'exdept']);
const FILTER_PARAMS = ['minYears', 'cross', 'dept', 'exdept', 'minSim', 'maxSim'];

function quote(value: unknown): string {
  return JSON.stringify(String(value));
}

function integerParam(name: string, min: number, max: number, fallback: number) {
  const message = (input: unknown) => `"${name}" must be an integer from ${min} to ${max}; received ${quote(input)}.`;
  return z
    .string({ error: (issue) => message(issue.input) })
    .optional()
    .refine((text) => text === undefined || /^\d+$/.test(text), { error: (issue) => message(issue.input) })
    .transform((text) => (text === undefined ? fallback : Number(text)))
    .refine((value) => value >= min && value <= max, {
      error: (issue) => message(issue.input),
    });
}

function fractionParam(name: string, fallback: number) {
  const message = (input: unknown) => `"${name}" must be a number from 0 to 1; received ${quote(input)}.`;
  return z
    .string()
    .optional()
    .refine((text) => text === undefined || /^(?:0|1)?(?:\.\d+)?$/.test(text) && text !== '' && text !== '.', {
      error: (issue) => message(issue.input),
    })
    .transform((text) => (text === undefined ? fallback : Number(text)))
    .refine((value) => value >= 0 && value <= 1, { error: (issue) => message(issue.input) });
}

function enumListParam<T extends string>(name: string, allowed: readonly T[]) {
  const allowedText = allowed.length > 0 ? allowed.join(', ') : '(none in this database)';
  return z.array(z.string()).superRefine((values, context) => {
    const bad = values.find((value) => !allowed.includes(value as T));
    if (bad !== undefined) {
      context.addIssue({ code: 'custom', message: `"${name}" must be one of ${allowedText}; received ${quote(bad)}.` });
    }
  }) as unknown as z.ZodType<T[], string[]>;
}

function filterShape(departments: readonly string[]) {
  return {
    minYears: integerParam('minYears', 0, MAX_YEARS_APART, 0),
    cross: enumListParam('cross', CROSS_FIELDS),
    dept: enumListParam('dept', departments),
    exdept: enumListParam('exdept', departments),
    minSim: fractionParam('minSim', 0),
    maxSim: fractionParam('maxSim', 1),
  };
}

/**
 * Collects each parameter once: the `multiValued` ones as arrays, the rest as a single string. Rejects
 * unknown and repeated parameters, naming them.
 */
export function collectParams(
  raw: RawQuery,
  allowed: readonly string[],
  multiValued: ReadonlySet<string> = MULTI_VALUED,
): Parsed<Record<string, string | string[]>> {
  const entries: [string, string][] = [];
  if (raw instanceof URLSearchParams) {
    for (const entry of raw.entries()) entries.push(entry);
  } else {
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) entries.push([key, item]);
    }
  }

  const result: Record<string, string | string[]> = {};
  for (const name of allowed) if (multiValued.has(name)) result[name] = [];

  for (const [key, value] of entries) {
    if (!allowed.includes(key)) {
      const message = `Unknown parameter "${key}"; allowed parameters are ${allowed.join(', ')}.`;
      return { ok: false, error: { code: 'unknown_parameter', parameter: key, message } };
    }
    if (multiValued.has(key)) {
      // Empty values come from blank form selects; they mean "no constraint".
      if (value !== '') (result[key] as string[]).push(value);
      continue;
    }
    if (key in result) {
      const message = `"${key}" was given more than once; give it at most once.`;
      return { ok: false, error: { code: 'invalid_parameter', parameter: key, message } };
    }
    if (value !== '') result[key] = value;
  }
  return { ok: true, value: result };
}

function run<T>(schema: z.ZodType<T, unknown>, input: Record<string, string | string[]>): Parsed<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };

  const issue = parsed.error.issues[0];
  const parameter = String(issue.path[0] ?? '');
  return { ok: false, error: { code: 'invalid_parameter', parameter, message: issue.message } };
}

function checkRange<T extends ContrastFilters>(value: T): Parsed<T> {
  if (value.minSimilarity > value.maxSimilarity) {
    const message = `"minSim" (${value.minSimilarity}) must not exceed "maxSim" (${value.maxSimilarity}).`;
    return { ok: false, error: { code: 'invalid_parameter', parameter: 'minSim', message } };
  }
  return { ok: true, value };
}

function toFilters(data: {
  minYears: number;
  cross: CrossField[];
  dept: string[];
  exdept: string[];
  minSim: number;
  maxSim: number;
}): ContrastFilters {
  return {
    minYears: data.minYears,
    cross: [...new Set(data.cross)],
    departments: [...new Set(data.dept)],
    excludeDepartments: [...new Set(data.exdept)],
    minSimilarity: data.minSim,
    maxSimilarity: data.maxSim,
  };
}

function pairSchema(departments: readonly string[]) {
  const sortMessage = (input: unknown) => `"sort" must be one of ${SORT_KEYS.join(', ')}; received ${quote(input)}.`;
  return z.object({
    ...filterShape(departments),
    sort: z.enum(SORT_KEYS, { error: (issue) => sortMessage(issue.input) }).default('curated'),
    page: integerParam('page', 1, MAX_PAGE, 1),
    perPage: integerParam('perPage', 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
  });
}

function neighbourSchema(departments: readonly string[]) {
  return z.object({ ...filterShape(departments), k: integerParam('k', 1, MAX_NEIGHBOURS, DEFAULT_NEIGHBOURS) });
}

const pairSchemas = new WeakMap<readonly string[], ReturnType<typeof pairSchema>>();
const neighbourSchemas = new WeakMap<readonly string[], ReturnType<typeof neighbourSchema>>();

/**
 * Returns the schema built for this department list, building it on first use. zod compiles a schema
 * when it first parses, so a schema built per request paid that cost on every request. The server
 * passes the same cached department list each time.
 */
function cachedSchema<S>(cache: WeakMap<readonly string[], S>, departments: readonly string[], build: (departments: readonly string[]) => S): S {
  let schema = cache.get(departments);
  if (!schema) {
    schema = build(departments);
    cache.set(departments, schema);
  }
  return schema;
}

/** Parses the pair list's filters, sort key and paging; `departments` are the names the database holds. */
export function parsePairQuery(raw: RawQuery, departments: readonly string[]): Parsed<PairQuery> {
  const normalised = collectParams(raw, [...FILTER_PARAMS, 'sort', 'page', 'perPage']);
  if (!normalised.ok) return normalised;

  const schema = cachedSchema(pairSchemas, departments, pairSchema);
  const parsed = run(schema, normalised.value);
  if (!parsed.ok) return parsed;

  const { sort, page, perPage } = parsed.value;
  return checkRange({ ...toFilters(parsed.value), sort, page, perPage });
}

/** Parses the live neighbour search's filters and `k`, the number of neighbours to return. */
export function parseNeighbourQuery(raw: RawQuery, departments: readonly string[]): Parsed<NeighbourQuery> {
  const normalised = collectParams(raw, [...FILTER_PARAMS, 'k']);
  if (!normalised.ok) return normalised;

  const schema = cachedSchema(neighbourSchemas, departments, neighbourSchema);
  const parsed = run(schema, normalised.value);
  if (!parsed.ok) return parsed;

  return checkRange({ ...toFilters(parsed.value), k: parsed.value.k });
}

/** Parses a metadata search: `q` is free text (never FTS syntax) and `limit` caps the results. */
export function parseSearchQuery(raw: RawQuery): Parsed<SearchQuery> {
  const normalised = collectParams(raw, ['q', 'limit']);
  if (!normalised.ok) return normalised;

  const queryMessage = `"q" must be 1 to ${MAX_QUERY_LENGTH} characters of search text.`;
  const schema = z.object({
    q: z
      .string({ error: queryMessage })
      .transform((text) => text.trim())
      .refine((text) => text.length > 0 && text.length <= MAX_QUERY_LENGTH, { error: queryMessage }),
    limit: integerParam('limit', 1, MAX_SEARCH_RESULTS, DEFAULT_SEARCH_RESULTS),
  });
  return run(schema, normalised.value);
}

/** Parses a Met object id from a path segment; null when it is not a positive 32-bit integer. */
export function parseObjectId(segment: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(segment)) return null;
  const id = Number(segment);
  return id <= MAX_OBJECT_ID ? id : null;
}

export function invalidIdError(parameter: string, segment: string): ParamError {
  const message = `"${parameter}" must be a Met object id (a positive integer); received ${quote(segment)}.`;
  return { code: 'invalid_parameter', parameter, message };
}

export const DEFAULT_FILTERS: ContrastFilters = {
  minYears: 0,
  cross: [],
  departments: [],
  excludeDepartments: [],
  minSimilarity: 0,
  maxSimilarity: 1,
};

/** Serialises filters back to query parameters, leaving defaults out so URLs stay short. */
export function filtersToParams(filters: ContrastFilters, params = new URLSearchParams()): URLSearchParams {
  if (filters.minYears > 0) params.set('minYears', String(filters.minYears));
  for (const field of filters.cross) params.append('cross', field);
  for (const name of filters.departments) params.append('dept', name);
  for (const name of filters.excludeDepartments) params.append('exdept', name);
  if (filters.minSimilarity > 0) params.set('minSim', String(filters.minSimilarity));
  if (filters.maxSimilarity < 1) params.set('maxSim', String(filters.maxSimilarity));
  return params;
}
