/**
 * Validation of a text query's parameters. The messages follow lib/gallery/params.ts: each names the
 * parameter, what is allowed and what was received. Department names are checked against the database.
 */
import { z } from 'zod';

import { collectParams, DEFAULT_SEARCH_RESULTS, MAX_QUERY_LENGTH, MAX_SEARCH_RESULTS, type Parsed, type RawQuery } from '@/lib/gallery/params';

/** Text-query parameters that may repeat, collected as arrays. */
const TEXT_MULTI_VALUED: ReadonlySet<string> = new Set(['dept']);

/** Metadata filters applied to the nearest artworks of a query vector; empty strings and lists mean no filter. */
export interface MetadataFilters {
  departments: string[];
  /** Case-insensitive substring of the culture field. */
  culture: string;
  /** Case-insensitive substring of the object name ("Vase", "Painting"). */
  objectType: string;
  /** Inclusive year range that the artwork's begin–end years must overlap; negative years are BCE. */
  fromYear: number | null;
  toYear: number | null;
}

export interface TextQuery extends MetadataFilters {
  q: string;
  limit: number;
}

export const TEXT_QUERY_PARAMS = ['q', 'mode', 'dept', 'culture', 'type', 'from', 'to', 'limit'] as const;
const MIN_YEAR = -10_000;
const MAX_YEAR = 3_000;
const MAX_FILTER_LENGTH = 100;

const quote = (value: unknown) => JSON.stringify(String(value));

function yearParam(name: string) {
  const message = (input: unknown) => `"${name}" must be a year from ${MIN_YEAR} to ${MAX_YEAR} (negative for BCE); received ${quote(input)}.`;
  return z
    .string()
    .optional()
    .refine((text) => text === undefined || /^-?\d{1,5}$/.test(text), { error: (issue) => message(issue.input) })
    .transform((text) => (text === undefined ? null : Number(text)))
    .refine((year) => year === null || (year >= MIN_YEAR && year <= MAX_YEAR), { error: (issue) => message(issue.input) });
}

function textParam(name: string) {
  const message = `"${name}" must be at most ${MAX_FILTER_LENGTH} characters.`;
  return z
    .string()
    .optional()
    .transform((text) => (text ?? '').trim())
    .refine((text) => text.length <= MAX_FILTER_LENGTH, { error: message });
}

function collect(raw: RawQuery): Parsed<Record<string, string | string[]>> {
  return collectParams(raw, TEXT_QUERY_PARAMS, TEXT_MULTI_VALUED);
}


/** Parses a text query (`q`, filters, `limit`); `mode` is accepted and ignored so page URLs validate too. */
export function parseTextQuery(raw: RawQuery, departments: readonly string[]): Parsed<TextQuery> {
  const collected = collect(raw);
  if (!collected.ok) return collected;

  const queryMessage = `"q" must be 1 to ${MAX_QUERY_LENGTH} characters of search text.`;
  const limitMessage = (input: unknown) => `"limit" must be an integer from 1 to ${MAX_SEARCH_RESULTS}; received ${quote(input)}.`;
  const allowedDepartments = departments.length > 0 ? departments.join(', ') : '(none in this database)';
  const schema = z.object({
    q: z
      .string({ error: queryMessage })
      .transform((text) => text.trim())
      .refine((text) => text.length > 0 && text.length <= MAX_QUERY_LENGTH, { error: queryMessage }),
    mode: z.string().optional(),
    dept: z.array(z.string()).superRefine((values, context) => {
      const bad = values.find((value) => !departments.includes(value));
      if (bad !== undefined) context.addIssue({ code: 'custom', message: `"dept" must be one of ${allowedDepartments}; received ${quote(bad)}.` });
    }),
    culture: textParam('culture'),
    type: textParam('type'),
    from: yearParam('from'),
    to: yearParam('to'),
    limit: z
      .string()
      .optional()
      .refine((text) => text === undefined || /^\d+$/.test(text), { error: (issue) => limitMessage(issue.input) })
      .transform((text) => (text === undefined ? DEFAULT_SEARCH_RESULTS : Number(text)))
      .refine((value) => value >= 1 && value <= MAX_SEARCH_RESULTS, { error: (issue) => limitMessage(issue.input) }),
  });

  const parsed = schema.safeParse(collected.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'invalid_parameter', parameter: String(issue.path[0] ?? ''), message: issue.message } };
  }

  const data = parsed.data;
  if (data.from !== null && data.to !== null && data.from > data.to) {
    const message = `"from" (${data.from}) must not be later than "to" (${data.to}).`;
    return { ok: false, error: { code: 'invalid_parameter', parameter: 'from', message } };
  }
  return {
    ok: true,
    value: {
      q: data.q,
      limit: data.limit,
      departments: [...new Set(data.dept)],
      culture: data.culture,
      objectType: data.type,
      fromYear: data.from,
      toYear: data.to,
    },
  };
}
