import { describe, expect, it } from 'vitest';

import { culturesDiffer, normalizeCulture } from '../../lib/twins/culture';
import { sampleObject } from './sample';

describe('normalizeCulture', () => {
  it.each([
    [12928, 'chinese'], // "Chinese, for American market"
    [856908, 'chinese'], // "Chinese, for the European market"
    [193819, 'danish'], // "possibly Danish"
    [208153, 'german'], // "probably German, Berlin"
    [765275, 'indian'], // "India (Jaipur, Rajasthan)"
    [45608, 'japanese'], // "Japan"
    [10076, 'american'],
    [459136, ''], // empty
  ])('normalises the culture of object %i', (id, expected) => {
    expect(normalizeCulture(sampleObject(id).culture)).toBe(expected);
  });

  it('drops question marks and compass prefixes', () => {
    expect(normalizeCulture('Greek (?)')).toBe('greek');
    expect(normalizeCulture('South Netherlandish')).toBe('netherlandish');
    expect(normalizeCulture('French, Paris and German, Meissen')).toBe('french');
    expect(normalizeCulture('Rapa Nui people')).toBe('rapa nui');
  });
});

describe('culturesDiffer', () => {
  it('treats country and adjective alike', () => {
    expect(culturesDiffer(sampleObject(42228).culture, sampleObject(12928).culture)).toBe(false);
  });

  it('never counts an unknown culture', () => {
    expect(culturesDiffer(sampleObject(459136).culture, sampleObject(10076).culture)).toBe(false);
  });

  it('counts two known cultures', () => {
    expect(culturesDiffer(sampleObject(45608).culture, sampleObject(10076).culture)).toBe(true);
  });
});
