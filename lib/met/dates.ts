/**
 * Parses the Met's free-text `Object Date` ("ca. 1883", "1670s", "late 18th–early 19th century",
 * "2nd millennium B.C.", "A.D. 1–100") into a span of calendar years, negative for BCE.
 *
 * Conventions: a year is a one-year span, and "ca.", "possibly", "after" and similar qualifiers do
 * not widen it. A decade is its ten years. The nth century CE is (n-1)*100 to (n-1)*100+99 (the 1st
 * starts at 1, as there is no year 0), and the nth century BCE is -n*100 to -(n-1)*100-1. Millennia
 * follow the same rule. "early", "mid" and "late" take a third of the span, and halves, quarters and
 * "last decade of" take the part they name. Several dates in one text ("1853; reworked 1868–71") give
 * the earliest begin and the latest end.
 */
export interface YearSpan {
  begin: number;
  end: number;
}

type Era = 'bce' | 'ce';

interface Point {
  kind: 'year' | 'decade' | 'century' | 'millennium' | null;
  digits: number; // digits of a plain year, to expand "1850–60"
  explicitUnit: boolean; // "century" or "millennium" written after the ordinal
  value: number;
  era: Era | null;
  qualifier: string;
}

/** Years beyond this are taken for catalogue numbers or measurements, not dates. */
const LATEST_PLAUSIBLE_YEAR = 2100;

const QUALIFIERS: [RegExp, (span: YearSpan) => YearSpan][] = [
  [/last decade of/, (s) => ({ begin: s.end - 9, end: s.end })],
  [/first half/, (s) => part(s, 0, 2)],
  [/second half/, (s) => part(s, 1, 2)],
  [/first quarter/, (s) => part(s, 0, 4)],
  [/second quarter/, (s) => part(s, 1, 4)],
  [/third quarter/, (s) => part(s, 2, 4)],
  [/(fourth|last) quarter/, (s) => part(s, 3, 4)],
  [/\bearly\b/, (s) => part(s, 0, 3)],
  [/\bmid\b/, (s) => part(s, 1, 3)],
  [/\blate\b/, (s) => part(s, 2, 3)],
];

/** Returns the `index`-th of `count` equal parts of a span, rounded to whole years. */
function part(span: YearSpan, index: number, count: number): YearSpan {
  const length = span.end - span.begin + 1;
  const begin = span.begin + Math.round((length * index) / count);
  const end = span.begin + Math.round((length * (index + 1)) / count) - 1;
  return { begin, end: Math.max(begin, end) };
}

/** Rewrites the spellings of dashes, eras and "mid-" into single tokens the parser matches. */
function canonicalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\(\?\)|\?/g, ' ')
    .replace(/\b(b\.\s?c\.\s?e\.|b\.\s?c\.|bce|bc)(?![a-z])/g, ' bce ')
    .replace(/\b(c\.\s?e\.|a\.\s?d\.|ce|ad)(?![a-z])/g, ' ce ')
    .replace(/\bmid-\s*/g, 'mid ')
    .replace(/\b1st quarter/g, 'first quarter')
    .replace(/\b2nd quarter/g, 'second quarter')
    .replace(/\b3rd quarter/g, 'third quarter')
    .replace(/\b4th quarter/g, 'fourth quarter')
    .replace(/\s+(or|to)\s+|\//g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
}

function eraOf(text: string): Era | null {
  if (/\bbce\b/.test(text)) return 'bce';
  if (/\bce\b/.test(text)) return 'ce';
  return null;
}

function parsePoint(text: string): Point {
  const era = eraOf(text);
  let match: RegExpExecArray | null;
  let point: Point;

  if ((match = /(\d+)(?:st|nd|rd|th)\s*(century|millennium)?/.exec(text))) {
    const kind = match[2] === 'millennium' ? 'millennium' : 'century';
    point = { kind, digits: 0, explicitUnit: match[2] !== undefined, value: Number(match[1]), era, qualifier: '' };
  } else if ((match = /(\d{2,4})'?s\b/.exec(text))) {
    // "1800s" is read as the century, as in common usage; "1870s" is a decade.
    const value = Number(match[1]);
    const kind = value % 100 === 0 && match[1].length === 4 ? 'century' : 'decade';
    point = { kind, digits: 0, explicitUnit: true, value: kind === 'century' ? value / 100 + 1 : value, era, qualifier: '' };
  } else if ((match = /(\d{1,4})/.exec(text))) {
    point = { kind: 'year', digits: match[1].length, explicitUnit: true, value: Number(match[1]), era, qualifier: '' };
  } else {
    return { kind: null, digits: 0, explicitUnit: false, value: 0, era, qualifier: text };
  }

  point.qualifier = text.slice(0, match.index);
  return point;
}

/** Turns a point's number into a chronological span, then narrows it by its qualifier. */
function resolve(point: Point, era: Era): YearSpan | null {
  const { kind, value } = point;
  let span: YearSpan;
  if (kind === 'year') span = era === 'bce' ? { begin: -value, end: -value } : { begin: value, end: value };
  else if (kind === 'decade') span = era === 'bce' ? { begin: -(value + 9), end: -value } : { begin: value, end: value + 9 };
  else if (kind === 'century' || kind === 'millennium') {
    if (value < 1) return null;
    const size = kind === 'century' ? 100 : 1000;
    span =
      era === 'bce'
        ? { begin: -value * size, end: -(value - 1) * size - 1 }
        : { begin: Math.max(1, (value - 1) * size), end: (value - 1) * size + size - 1 };
  } else return null;

  if (span.end > LATEST_PLAUSIBLE_YEAR) return null;
  const narrow = QUALIFIERS.find(([pattern]) => pattern.test(point.qualifier));
  return narrow ? narrow[1](span) : span;
}

/** Parses one date expression, a single point or a range "A - B", sharing units and eras across the dash. */
function parseExpression(text: string): YearSpan | null {
  const sides = text.split(/\s*-\s*/).filter((side) => side.length > 0);
  if (sides.length === 0) return null;

  const first = parsePoint(sides[0]);
  const last = sides.length > 1 ? parsePoint(sides[sides.length - 1]) : first;
  if (last.kind === null) return first.kind === null ? null : resolve(first, first.era ?? 'ce');

  if (first.kind === null) {
    // "mid to late 19th century": the qualifier-only side borrows the other side's number.
    Object.assign(first, { ...last, qualifier: first.qualifier });
  }
  if (!first.explicitUnit && (last.kind === 'century' || last.kind === 'millennium')) first.kind = last.kind;
  if (first.kind === 'year' && last.kind === 'year' && first.digits > last.digits) {
    // "1850–60" and "1901–2": the end borrows the leading digits of the begin year.
    const scale = 10 ** last.digits;
    last.value = Math.floor(first.value / scale) * scale + last.value;
  }

  const firstEra = first.era ?? last.era ?? 'ce';
  const lastEra = last.era ?? first.era ?? 'ce';
  const begin = resolve(first, firstEra);
  const end = resolve(last, lastEra);
  if (!begin || !end) return begin ?? end;
  return { begin: Math.min(begin.begin, end.begin), end: Math.max(begin.end, end.end) };
}

/** Returns the span of years a free-text date covers, or null when it names no usable year. */
export function parseDateText(text: string): YearSpan | null {
  const canonical = canonicalise(text);
  if (!/\d/.test(canonical)) return null;

  let result: YearSpan | null = null;
  for (const segment of canonical.split(/[;,()]/)) {
    const span = parseExpression(segment.trim().replace(/^- /, ''));
    if (!span) continue;
    result = result ? { begin: Math.min(result.begin, span.begin), end: Math.max(result.end, span.end) } : span;
  }
  return result;
}
