import { describe, expect, it } from 'vitest';

import { assertDimension, CLIP_VIT_B32, DESCRIPTOR_V1, embedderSpec, l2Normalize } from '../../lib/embed/models';

describe('models', () => {
  it('registry holds CLIP constants', () => {
    expect(embedderSpec('clip-vit-b32')).toBe(CLIP_VIT_B32);
    expect(CLIP_VIT_B32.inputSize).toBe(224);
    expect(CLIP_VIT_B32.mean).toEqual([0.48145466, 0.4578275, 0.40821073]);
    expect(CLIP_VIT_B32.std).toEqual([0.26862954, 0.26130258, 0.27577711]);
    expect(CLIP_VIT_B32.dimension).toBe(512);
    expect(DESCRIPTOR_V1.dimension).toBe(512);
  });

  it('unknown embedder names the choices', () => {
    expect(() => embedderSpec('resnet')).toThrow('unknown embedder "resnet": expected one of clip-vit-b32, descriptor-v1');
  });

  it('l2Normalize returns a unit Float32Array', () => {
    const vector = l2Normalize([3, 4]);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Array.from(vector)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });

  it('l2Normalize rejects a zero vector', () => {
    expect(() => l2Normalize([0, 0, 0])).toThrow('cannot L2-normalise a vector of length 3 with norm 0');
  });

  it('assertDimension rejects a mismatch', () => {
    expect(() => assertDimension(768, 512, 'shard x')).toThrow(
      'shard x has dimension 768 but 512 was expected: vectors of different embedders cannot share one store',
    );
    expect(() => assertDimension(512, 512, 'shard x')).not.toThrow();
  });
});
