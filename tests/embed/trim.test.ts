import { describe, expect, it } from 'vitest';

import { trimBackdrop, type RgbImage } from '../../lib/embed/preprocess';

/** A `width` × `height` grey (128) backdrop with a coloured, textured box at the given place. */
function framed(width: number, height: number, box: { left: number; top: number; width: number; height: number }): RgbImage {
  const data = Buffer.alloc(width * height * 3, 128);
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) data.set([200, (x * 3) % 256, (y * 5) % 256], (y * width + x) * 3);
  }
  return { data, width, height };
}

describe('trimBackdrop', () => {
  it('crops a grey border', async () => {
    const result = await trimBackdrop(framed(300, 200, { left: 50, top: 25, width: 200, height: 150 }));
    expect(result.trimmed).toBe(true);
    expect([result.image.width, result.image.height]).toEqual([200, 150]);
    expect(result.keptShare).toBeCloseTo(0.5, 6);
    expect(result.image.data[0]).toBe(200);
  });

  it('keeps the original below the min share', async () => {
    const image = framed(300, 200, { left: 100, top: 50, width: 100, height: 100 });
    const result = await trimBackdrop(image);
    expect(result.trimmed).toBe(false);
    expect(result.image).toBe(image);
    expect(result.keptShare).toBeCloseTo(1 / 6, 6);
    expect(result.keptOriginalReason).toBe('below min share');
  });

  it('min share is configurable', async () => {
    const result = await trimBackdrop(framed(300, 200, { left: 100, top: 50, width: 100, height: 100 }), { minKeptShare: 0.1 });
    expect(result.trimmed).toBe(true);
    expect([result.image.width, result.image.height]).toEqual([100, 100]);
  });

  it('uniform image is kept', async () => {
    const image = { data: Buffer.alloc(30 * 30 * 3, 77), width: 30, height: 30 };
    const result = await trimBackdrop(image);
    expect(result.trimmed).toBe(false);
    expect(result.image).toBe(image);
  });

  it('threshold decides what counts as backdrop', async () => {
    // The box differs from the backdrop by 20 in each channel: above threshold 10, below 40.
    const data = Buffer.alloc(100 * 100 * 3, 100);
    for (let y = 20; y < 80; y++) for (let x = 20; x < 80; x++) data.fill(120, (y * 100 + x) * 3, (y * 100 + x) * 3 + 3);
    const image = { data, width: 100, height: 100 };
    expect((await trimBackdrop(image, { threshold: 10 })).trimmed).toBe(true);
    expect((await trimBackdrop(image, { threshold: 40 })).trimmed).toBe(false);
  });
});
