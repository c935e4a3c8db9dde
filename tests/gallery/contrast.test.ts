import { describe, expect, it } from 'vitest';

import { contrastChips, type Contrast } from '@/lib/gallery/contrast';

const BASE: Contrast = {
  similarity: 0.8765,
  yearsApart: 3900,
  crossesDepartment: true,
  crossesCulture: true,
  crossesClassification: false,
  crossesObjectName: false,
  crossesMedium: false,
  reasons: ['3,900 years apart', 'different culture: Egyptian vs French', 'different department: Egyptian Art vs Arms and Armor'],
};

describe('contrastChips', () => {
  it('shortens reasons at the colon', () => {
    expect(contrastChips(BASE).map((chip) => chip.label)).toEqual([
      '3,900 years apart',
      'different culture',
      'different department',
      '88% similar',
    ]);
  });

  it('keeps the full reason as detail', () => {
    expect(contrastChips(BASE)[1].detail).toBe('different culture: Egyptian vs French');
  });

  it('marks the time gap', () => {
    expect(contrastChips(BASE)[0].kind).toBe('time');
  });

  it('omits unknown similarity', () => {
    expect(contrastChips({ ...BASE, similarity: null, reasons: [] })).toEqual([]);
  });
});
