import { parseDateText, type YearSpan } from './dates';
import type { MetObject, RawObjectFields } from './types';

export type NormalizeResult = { ok: true; object: MetObject } | { ok: false; reason: string };

/** Parses `Is Public Domain`: "True" or "False" in any case; anything else, empty included, is unknown (null). */
export function parsePublicDomain(value: string): boolean | null {
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

/** Splits `Artist Display Name`, which joins several artists with "|", into trimmed names. */
export function parseArtists(value: string): string[] {
  return value
    .split('|')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

function parseYearColumn(value: string): number | null {
  const text = value.trim();
  return /^-?\d+$/.test(text) ? Number(text) : null;
}

/**
 * Chooses the begin and end years: the integer columns first, the free-text date for a column that
 * is empty. The Met writes 0 and 0 for undated objects ("n. d."), so that pair defers to the text.
 */
export function resolveYears(beginColumn: string, endColumn: string, dateText: string): YearSpan | null {
  let begin = parseYearColumn(beginColumn);
  let end = parseYearColumn(endColumn);
  if (begin === 0 && end === 0) begin = end = null;

  if (begin === null || end === null) {
    const parsed = parseDateText(dateText);
    begin ??= parsed?.begin ?? end;
    end ??= parsed?.end ?? begin;
  }
  if (begin === null || end === null) return null;
  return begin <= end ? { begin, end } : { begin: end, end: begin };
}

/** Converts one source record to a MetObject, or returns the reason it cannot be used. */
export function normalizeObject(fields: RawObjectFields): NormalizeResult {
  const idText = fields.objectId.trim();
  const id = Number(idText);
  if (!/^\d+$/.test(idText) || !Number.isSafeInteger(id) || id < 1) {
    return { ok: false, reason: `invalid Object ID "${fields.objectId}": expected a positive whole number` };
  }

  const artists = parseArtists(fields.artist);
  const dateText = fields.dateText.trim();
  const years = resolveYears(fields.beginYear, fields.endYear, dateText);

  return {
    ok: true,
    object: {
      id,
      publicDomain: parsePublicDomain(fields.isPublicDomain),
      accessionNumber: fields.accessionNumber.trim(),
      title: fields.title.trim(),
      artist: artists[0] ?? '',
      artists,
      culture: fields.culture.trim(),
      department: fields.department.trim(),
      classification: fields.classification.trim(),
      objectName: fields.objectName.trim(),
      medium: fields.medium.trim(),
      portfolio: fields.portfolio.trim(),
      dateText,
      beginYear: years?.begin ?? null,
      endYear: years?.end ?? null,
      linkResource: fields.linkResource.trim(),
    },
  };
}
