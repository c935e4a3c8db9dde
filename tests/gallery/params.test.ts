import { describe, expect, it } from 'vitest';

import {
  parseNeighbourQuery,
  parseObjectId,
  parsePairQuery,
  parseSearchQuery,
  filtersToParams,
  DEFAULT_NEIGHBOURS,
  type ParamError,
  type Parsed,
} from '@/lib/gallery/params';

/** Returns the parsed value, failing the test with the error message when parsing was rejected. */
function valueOf<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.error.message}`);
  return parsed.value;
}

/** Returns the rejection, failing the test when parsing succeeded. */
function errorOf<T>(parsed: Parsed<T>): ParamError {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.error;
}

const DEPARTMENTS = ['Asian Art', 'Arts of Africa, Oceania, and the Americas', 'Egyptian Art'];

function pairError(query: string) {
  const parsed = parsePairQuery(new URLSearchParams(query), DEPARTMENTS);
  if (parsed.ok) throw new Error(`expected ${query} to be rejected`);
  return parsed.error;
}

describe('parsePairQuery', () => {
  it('applies defaults', () => {
    const parsed = parsePairQuery(new URLSearchParams(''), DEPARTMENTS);
    expect(parsed).toEqual({
      ok: true,
      value: {
        sort: 'curated',
        page: 1,
        perPage: 24,
        minYears: 0,
        cross: [],
        departments: [],
        excludeDepartments: [],
        minSimilarity: 0,
        maxSimilarity: 1,
      },
    });
  });

  it('reads every filter', () => {
    const query =
      'sort=years&page=3&perPage=10&minYears=500&cross=culture&cross=type&dept=Asian+Art&exdept=Egyptian+Art&minSim=0.8&maxSim=.95';
    const parsed = parsePairQuery(new URLSearchParams(query), DEPARTMENTS);
    expect(parsed).toEqual({
      ok: true,
      value: {
        sort: 'years',
        page: 3,
        perPage: 10,
        minYears: 500,
        cross: ['culture', 'type'],
        departments: ['Asian Art'],
        excludeDepartments: ['Egyptian Art'],
        minSimilarity: 0.8,
        maxSimilarity: 0.95,
      },
    });
  });

  it('accepts department names with commas', () => {
    const parsed = parsePairQuery({ dept: 'Arts of Africa, Oceania, and the Americas' }, DEPARTMENTS);
    expect(valueOf(parsed).departments).toEqual(['Arts of Africa, Oceania, and the Americas']);
  });

  it('treats blank values as absent', () => {
    const parsed = parsePairQuery(new URLSearchParams('minYears=&dept=&sort='), DEPARTMENTS);
    expect(valueOf(parsed).minYears).toBe(0);
    expect(valueOf(parsed).departments).toEqual([]);
  });

  it.each([
    ['sort=date', 'sort', '"sort" must be one of curated, score, similarity, years; received "date".'],
    ['minYears=abc', 'minYears', '"minYears" must be an integer from 0 to 10000; received "abc".'],
    ['minYears=-5', 'minYears', '"minYears" must be an integer from 0 to 10000; received "-5".'],
    ['minYears=20000', 'minYears', '"minYears" must be an integer from 0 to 10000; received "20000".'],
    ['page=0', 'page', '"page" must be an integer from 1 to 10000; received "0".'],
    ['perPage=61', 'perPage', '"perPage" must be an integer from 1 to 60; received "61".'],
    ['minSim=1.5', 'minSim', '"minSim" must be a number from 0 to 1; received "1.5".'],
    ['maxSim=high', 'maxSim', '"maxSim" must be a number from 0 to 1; received "high".'],
    ['cross=artist', 'cross', '"cross" must be one of department, culture, type; received "artist".'],
    [
      'dept=Paintings',
      'dept',
      '"dept" must be one of Asian Art, Arts of Africa, Oceania, and the Americas, Egyptian Art; received "Paintings".',
    ],
    [
      'exdept=x',
      'exdept',
      '"exdept" must be one of Asian Art, Arts of Africa, Oceania, and the Americas, Egyptian Art; received "x".',
    ],
    ['minSim=0.9&maxSim=0.5', 'minSim', '"minSim" (0.9) must not exceed "maxSim" (0.5).'],
    ['sort=score&sort=years', 'sort', '"sort" was given more than once; give it at most once.'],
  ])('rejects %s', (query, parameter, message) => {
    const error = pairError(query);
    expect(error.code).toBe('invalid_parameter');
    expect(error.parameter).toBe(parameter);
    expect(error.message).toBe(message);
  });

  it('rejects unknown parameters', () => {
    const error = pairError('k=5');
    expect(error.code).toBe('unknown_parameter');
    expect(error.message).toBe(
      'Unknown parameter "k"; allowed parameters are minYears, cross, dept, exdept, minSim, maxSim, sort, page, perPage.',
    );
  });
});

describe('parseNeighbourQuery', () => {
  it('defaults k', () => {
    const parsed = parseNeighbourQuery(new URLSearchParams(''), DEPARTMENTS);
    expect(valueOf(parsed).k).toBe(DEFAULT_NEIGHBOURS);
  });

  it('rejects k above the maximum', () => {
    const parsed = parseNeighbourQuery(new URLSearchParams('k=101'), DEPARTMENTS);
    expect(errorOf(parsed).message).toBe('"k" must be an integer from 1 to 100; received "101".');
  });

  it('rejects sort', () => {
    const parsed = parseNeighbourQuery(new URLSearchParams('sort=score'), DEPARTMENTS);
    expect(errorOf(parsed).message).toBe(
      'Unknown parameter "sort"; allowed parameters are minYears, cross, dept, exdept, minSim, maxSim, k.',
    );
  });
});

describe('parseSearchQuery', () => {
  it('trims the text', () => {
    expect(parseSearchQuery(new URLSearchParams('q=%20vase%20'))).toEqual({ ok: true, value: { q: 'vase', limit: 20 } });
  });

  it('rejects a missing query', () => {
    const parsed = parseSearchQuery(new URLSearchParams('limit=5'));
    expect(errorOf(parsed).message).toBe('"q" must be 1 to 200 characters of search text.');
  });

  it('rejects a long query', () => {
    const parsed = parseSearchQuery(new URLSearchParams({ q: 'a'.repeat(201) }));
    expect(errorOf(parsed).parameter).toBe('q');
  });

  it('rejects a large limit', () => {
    const parsed = parseSearchQuery(new URLSearchParams('q=vase&limit=51'));
    expect(errorOf(parsed).message).toBe('"limit" must be an integer from 1 to 50; received "51".');
  });
});

describe('parseObjectId', () => {
  it.each([
    ['436535', 436535],
    ['0', null],
    ['-4', null],
    ['12abc', null],
    ['2147483648', null],
    ['01', null],
  ])('parses %s', (segment, expected) => {
    expect(parseObjectId(segment)).toBe(expected);
  });
});

describe('filtersToParams', () => {
  it('round-trips filters', () => {
    const parsed = parsePairQuery(new URLSearchParams('minYears=100&cross=culture&dept=Asian+Art&maxSim=0.9'), DEPARTMENTS);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(filtersToParams(parsed.value).toString()).toBe('minYears=100&cross=culture&dept=Asian+Art&maxSim=0.9');
  });
});
