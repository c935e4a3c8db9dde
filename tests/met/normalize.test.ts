import { describe, expect, it } from 'vitest';

import { normalizeObject, parseArtists, parsePublicDomain, resolveYears } from '../../lib/met/normalize';
import type { RawObjectFields } from '../../lib/met/types';

function fields(overrides: Partial<RawObjectFields> = {}): RawObjectFields {
  return {
    objectId: '10166',
    isPublicDomain: 'True',
    accessionNumber: ' 95.14.116 ',
    title: ' Daniel Webster ',
    artist: 'William Russell Birch',
    culture: ' American ',
    department: 'The American Wing',
    classification: '',
    objectName: 'Painting, miniature',
    medium: 'Enamel on copper',
    portfolio: '',
    dateText: 'after 1833',
    beginYear: '1822',
    endYear: '1832',
    linkResource: 'http://www.metmuseum.org/art/collection/search/10166',
    ...overrides,
  };
}

describe('parsePublicDomain', () => {
  it.each([
    ['True', true],
    ['False', false],
    ['true', true],
    ['', null],
    ['yes', null],
  ] as const)('reads "%s"', (value, expected) => {
    expect(parsePublicDomain(value)).toBe(expected);
  });
});

describe('parseArtists', () => {
  it('splits piped names', () => {
    expect(parseArtists('William Johnston| John Singleton Copley ')).toEqual(['William Johnston', 'John Singleton Copley']);
  });

  it('returns none for blanks', () => {
    expect(parseArtists(' | ')).toEqual([]);
  });
});

describe('resolveYears', () => {
  it('prefers the integer columns', () => {
    expect(resolveYears('1822', '1832', 'after 1833')).toEqual({ begin: 1822, end: 1832 });
  });

  it('parses text when columns are empty', () => {
    expect(resolveYears('', '', 'ca. 1883')).toEqual({ begin: 1883, end: 1883 });
    expect(resolveYears('', '', '19th century')).toEqual({ begin: 1800, end: 1899 });
  });

  it('fills one empty column from text', () => {
    expect(resolveYears('1800', '', '19th century')).toEqual({ begin: 1800, end: 1899 });
    expect(resolveYears('-530', '', '460–450 BCE')).toEqual({ begin: -530, end: -450 });
  });

  it('copies the other column without text', () => {
    expect(resolveYears('1777', '', '')).toEqual({ begin: 1777, end: 1777 });
  });

  it('treats 0 and 0 as undated', () => {
    expect(resolveYears('0', '0', 'n. d.')).toBeNull();
  });

  it('keeps negative columns', () => {
    expect(resolveYears('-100', '0', '1st century BC')).toEqual({ begin: -100, end: 0 });
  });

  it('returns null without any year', () => {
    expect(resolveYears('', '', '')).toBeNull();
  });
});

describe('normalizeObject', () => {
  it('trims and types fields', () => {
    const result = normalizeObject(fields({ artist: 'Joshua Shaw|Washington Allston' }));
    expect(result).toEqual({
      ok: true,
      object: {
        id: 10166,
        publicDomain: true,
        accessionNumber: '95.14.116',
        title: 'Daniel Webster',
        artist: 'Joshua Shaw',
        artists: ['Joshua Shaw', 'Washington Allston'],
        culture: 'American',
        department: 'The American Wing',
        classification: '',
        objectName: 'Painting, miniature',
        medium: 'Enamel on copper',
        portfolio: '',
        dateText: 'after 1833',
        beginYear: 1822,
        endYear: 1832,
        linkResource: 'http://www.metmuseum.org/art/collection/search/10166',
      },
    });
  });

  it('rejects an invalid Object ID', () => {
    expect(normalizeObject(fields({ objectId: '12a' }))).toEqual({
      ok: false,
      reason: 'invalid Object ID "12a": expected a positive whole number',
    });
  });

  it('rejects Object ID 0', () => {
    expect(normalizeObject(fields({ objectId: '0' })).ok).toBe(false);
  });
});
