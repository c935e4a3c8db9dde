import { describe, expect, it } from 'vitest';

import { compareObjects } from '../../lib/twins/contrast';
import { DEFAULT_WEIGHTS, hubness, parseWeights, surpriseScore } from '../../lib/twins/score';
import { sampleObject } from './sample';

const far = compareObjects(sampleObject(324126), sampleObject(10554));
const near = compareObjects(sampleObject(46989), sampleObject(48310));

describe('surpriseScore', () => {
  it('ranks contrast above equal similarity', () => {
    const input = { similarity: 0.5, mutual: false, hubness: 0 };
    expect(surpriseScore({ ...input, contrast: far })).toBeGreaterThan(surpriseScore({ ...input, contrast: near }));
  });

  it('adds each weight once', () => {
    const score = surpriseScore({ similarity: 0.5, contrast: far, mutual: true, hubness: 1 });
    const yearsTerm = Math.log1p(3777) >= Math.log1p(3000) ? 1 : Math.log1p(3777) / Math.log1p(3000);
    const w = DEFAULT_WEIGHTS;
    const expected = 0.5 + w.years * yearsTerm + w.culture + w.department + w.medium + w.objectName + w.mutual - w.hub;
    expect(score).toBeCloseTo(expected, 10);
  });

  it('uses similarity alone when weights are zero', () => {
    const weights = parseWeights('years=0,department=0,culture=0,classification=0,objectName=0,medium=0,mutual=0,hub=0');
    expect(surpriseScore({ similarity: 0.42, contrast: far, mutual: true, hubness: 2 }, weights)).toBeCloseTo(0.42, 10);
  });
});

describe('hubness', () => {
  it('is zero up to k', () => {
    expect(hubness(50, 50)).toBe(0);
  });

  it('grows with log2 and caps at 3', () => {
    expect(hubness(200, 50)).toBe(2);
    expect(hubness(10_000, 50)).toBe(3);
  });
});

describe('parseWeights', () => {
  it('overrides named weights', () => {
    const weights = parseWeights('years=0.5, culture=0');
    expect(weights.years).toBe(0.5);
    expect(weights.culture).toBe(0);
    expect(weights.medium).toBe(DEFAULT_WEIGHTS.medium);
  });

  it('rejects an unknown name', () => {
    expect(() => parseWeights('colour=1')).toThrow(
      'invalid weight "colour=1": unknown name "colour", expected one of similarity, years, yearsCap, department, culture, classification, objectName, medium, mutual, hub',
    );
  });

  it('rejects a non-number', () => {
    expect(() => parseWeights('years=lots')).toThrow('invalid weight "years=lots": expected name=number, for example years=0.3');
  });
});
