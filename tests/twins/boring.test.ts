import { describe, expect, it } from 'vitest';

import {
  accessionGroup,
  boringRule,
  hammingDistance,
  normalizeArtist,
  normalizeTitle,
} from '../../lib/twins/boring';
import { compareObjects } from '../../lib/twins/contrast';
import type { CurationObject } from '../../lib/twins/types';
import { sampleObject } from './sample';

const none = new Set<number>();

function rule(a: CurationObject, b: CurationObject, similarity = 0.8, placeholders = none) {
  return boringRule(a, b, similarity, compareObjects(a, b), placeholders);
}

describe('accessionGroup', () => {
  it('joins lettered parts', () => {
    expect(accessionGroup(sampleObject(459257).accessionNumber)).toBe('1975.1.28'); // 1975.1.28A
    expect(accessionGroup(sampleObject(459258).accessionNumber)).toBe('1975.1.28'); // 1975.1.28B
    expect(accessionGroup('29.100.5a')).toBe(accessionGroup('29.100.5b'));
  });

  it('drops part lists', () => {
    expect(accessionGroup(sampleObject(459062).accessionNumber)).toBe('1975.1.120'); // 1975.1.120A-B
    expect(accessionGroup(sampleObject(193819).accessionNumber)).toBe('17.190.1134'); // 17.190.1134a, b
    expect(accessionGroup(sampleObject(193966).accessionNumber)).toBe('17.190.1329'); // 17.190.1329a–c
  });

  it('keeps a longer number apart', () => {
    expect(accessionGroup('1975.1.12a')).not.toBe(accessionGroup('1975.1.120'));
    expect(accessionGroup(sampleObject(459136).accessionNumber)).toBe('1975.1.12');
  });
});

describe('normalizers', () => {
  it('ignores unknown artists', () => {
    expect(normalizeArtist('Unknown')).toBe('');
    expect(normalizeArtist('Unidentified Artist')).toBe('');
    expect(normalizeArtist(' Gilbert  Stuart ')).toBe('gilbert stuart');
  });

  it('drops plate numbers from titles', () => {
    expect(normalizeTitle('Plate 3')).toBe(normalizeTitle('Plate 17'));
    expect(normalizeTitle('No. 12: The Harbour')).toBe('the harbour');
    expect(normalizeTitle('Untitled')).toBe('');
  });

  it('counts differing hash bits', () => {
    expect(hammingDistance('ffffffffffffffff', 'fffffffffffffff0')).toBe(4);
    expect(hammingDistance('0123456789abcdef', '0123456789ABCDEF')).toBe(0);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(
      'invalid perceptual hash "xyz" or "0000000000000000": expected 16 hex digits (a 64-bit dHash)',
    );
  });
});

describe('boringRule', () => {
  it('removes parts of one object', () => {
    expect(rule(sampleObject(459257), sampleObject(459258))).toBe('sameAccessionGroup');
  });

  it('removes one artist', () => {
    expect(rule(sampleObject(10439), sampleObject(10441))).toBe('sameArtist'); // William P. Chappel
  });

  it('removes one title', () => {
    const a = { ...sampleObject(46989), accessionNumber: '1', title: 'Vase' };
    const b = { ...sampleObject(10076), accessionNumber: '2', title: 'vase' };
    expect(rule(a, b)).toBe('sameTitle');
  });

  it('removes one portfolio', () => {
    const a = { ...sampleObject(45608), portfolio: 'Twelve Devas' };
    const b = { ...sampleObject(10076), portfolio: 'twelve devas' };
    expect(rule(a, b)).toBe('samePortfolio');
  });

  it('removes near duplicates', () => {
    expect(rule(sampleObject(45608), sampleObject(10076), 0.98)).toBe('nearDuplicate');
  });

  it('removes equal and close hashes', () => {
    const a = { ...sampleObject(45608), contentHash: 'abc', perceptualHash: 'ffffffffffffffff' };
    const b = { ...sampleObject(10076), contentHash: 'abc', perceptualHash: 'fffffffffffffff0' };
    expect(rule(a, b)).toBe('sameContentHash');
    expect(rule(a, { ...b, contentHash: 'def' })).toBe('similarPerceptualHash');
    expect(rule(a, { ...b, contentHash: 'def', perceptualHash: '0000000000000000' })).toBeNull();
  });

  it('removes placeholders', () => {
    expect(rule(sampleObject(45608), sampleObject(10076), 0.8, new Set([10076]))).toBe('placeholder');
  });

  it('removes pairs without contrast', () => {
    expect(rule(sampleObject(46989), sampleObject(48310))).toBe('noContrast'); // two Chinese vases of 1700
  });

  it('keeps a contrasting pair', () => {
    expect(rule(sampleObject(324126), sampleObject(10554))).toBeNull();
  });
});
