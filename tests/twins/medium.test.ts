import { describe, expect, it } from 'vitest';

import { mediumFamily } from '../../lib/twins/medium';
import { sampleObject } from './sample';

describe('mediumFamily', () => {
  it.each([
    [10076, 'paint'], // Oil on canvas
    [459136, 'paint'], // Tempera on wood, gold ground
    [10165, 'metal'], // Enamel on copper
    [193966, 'metal'], // Gold, enamel; ivory
    [42228, 'ceramic'], // Porcelain with crackled apple-green glaze (Jingdezhen ware)
    [558995, 'ceramic'], // Faience, apple green
    [198220, 'glass'], // Glass
    [325348, 'ivory/bone'], // Ivory
    [322114, 'stone'], // Alabaster (gypsum)
    [209955, 'textile'], // Silk, paint, ivory, gilt
    [765275, 'works on paper'], // Opaque watercolor, gold and silver on paper
    [45608, 'paint'], // Framed painting; ink and color on silk
  ])('maps the medium of object %i', (id, expected) => {
    expect(mediumFamily(sampleObject(id).medium)).toBe(expected);
  });

  it('prefers the longer keyword at one position', () => {
    expect(mediumFamily('Tin glazed earthenware (copper and manganese oxides)')).toBe('ceramic');
    expect(mediumFamily('Lead-glazed earthenware')).toBe('ceramic');
    expect(mediumFamily('Bone china')).toBe('ceramic');
    expect(mediumFamily('Woodcut')).toBe('works on paper');
  });

  it('finds wood inside compound words', () => {
    expect(mediumFamily('Carved beechwood; Savonnerie tapestry upholstery')).toBe('wood');
  });

  it('returns null for an unknown medium', () => {
    expect(mediumFamily('')).toBeNull();
    expect(mediumFamily('Mixed media')).toBeNull();
  });
});
