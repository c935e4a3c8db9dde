import { describe, expect, it } from 'vitest';

import { classificationGroup, compareObjects, dateMidpoint, objectNameGroup, yearsApart } from '../../lib/twins/contrast';
import { sampleObject } from './sample';

describe('yearsApart', () => {
  it('compares date midpoints', () => {
    // Isin-Larsa figure (begin −2000, no end) and Watson and the Shark (1775–1778).
    expect(yearsApart(sampleObject(324126), sampleObject(10554))).toBe(3777);
  });

  it('never counts an unknown date', () => {
    expect(yearsApart(sampleObject(504968), sampleObject(10076))).toBeNull();
  });

  it('uses the one known end', () => {
    expect(dateMidpoint({ beginYear: null, endYear: 1700 })).toBe(1700);
  });
});

describe('compareObjects', () => {
  it('lists reasons for a far pair', () => {
    const contrast = compareObjects(sampleObject(324126), sampleObject(10554));
    expect(contrast.reasons).toEqual([
      '3,777 years apart',
      'different culture: Isin-Larsa vs American',
      'different department: Ancient Near Eastern Art vs The American Wing',
      'different medium: ceramic vs paint',
      'different object: Sculpture vs Painting',
    ]);
    expect(contrast.boundaryCount).toBe(5);
    expect(contrast.crossesClassification).toBe(false); // American Wing leaves it empty
  });

  it('finds no contrast within one group', () => {
    const contrast = compareObjects(sampleObject(10439), sampleObject(10441));
    expect(contrast.reasons).toEqual([]);
    expect(contrast.boundaryCount).toBe(0);
    expect(contrast.yearsApart).toBe(0);
  });

  it('ignores an empty culture', () => {
    const contrast = compareObjects(sampleObject(459136), sampleObject(10076));
    expect(contrast.crossesCulture).toBe(false);
    expect(contrast.crossesDepartment).toBe(true);
  });
});

describe('group names', () => {
  it('reduces classifications to the top level', () => {
    expect(classificationGroup(sampleObject(193819).classification)).toBe('metalwork');
    expect(classificationGroup('Paintings-Panels')).toBe('paintings');
  });

  it('reduces object names to the head', () => {
    expect(objectNameGroup(sampleObject(10165).objectName)).toBe('painting');
  });
});
