import { describe, expect, it } from 'vitest';

import { trimBackdrop, type RgbImage } from '../../lib/embed/preprocess';

/** Builds a `width` × `height` grey (128) backdrop with a coloured, textured box at the given place. */
function framed(width: number, height: number, box: { left: number; top: number; width: number; height: number }): RgbImage {
  const data = Buffer.alloc(width * height * 3, 128);
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) data.set([200, (x * 3) % 256, (y * 5) % 256], (y * width + x) * 3);
  }
  return { data, width, height };
}

/** Counts the pixels of the coloured box (red channel 200) in an image. */
function boxPixels(image: RgbImage): number {
  let count = 0;
  for (let i = 0; i < image.data.length; i += 3) if (image.data[i] === 200) count += 1;
  return count;
}

// The backdrop is detected on a copy at most 128 px long. Resampling blurs the box edge by one pixel
// of that copy and the box is widened by another, so crops of these 300-px images keep up to
// 4 × 300 / 128 ≈ 10 extra pixels per axis.
describe('trimBackdrop', () => {
  it('crops a grey border', async () => {
    const result = await trimBackdrop(framed(300, 200, { left: 50, top: 25, width: 200, height: 150 }));
    expect(result.trimmed).toBe(true);
    expect(result.image.width).toBeGreaterThanOrEqual(200);
    expect(result.image.width).toBeLessThanOrEqual(210);
    expect(result.image.height).toBeGreaterThanOrEqual(150);
    expect(result.image.height).toBeLessThanOrEqual(160);
    expect(result.keptShare).toBeCloseTo((result.image.width * result.image.height) / (300 * 200), 6);
    expect(boxPixels(result.image)).toBe(200 * 150);
  });

  it('keeps the original below the min share', async () => {
    const image = framed(300, 200, { left: 100, top: 50, width: 100, height: 100 });
    const result = await trimBackdrop(image);
    expect(result.trimmed).toBe(false);
    expect(result.image).toBe(image);
    expect(result.keptShare).toBeGreaterThanOrEqual(1 / 6);
    expect(result.keptShare).toBeLessThan(0.2);
    expect(result.keptOriginalReason).toBe('below min share');
  });

  it('min share is configurable', async () => {
    const result = await trimBackdrop(framed(300, 200, { left: 100, top: 50, width: 100, height: 100 }), { minKeptShare: 0.1 });
    expect(result.trimmed).toBe(true);
    expect(result.image.width).toBeLessThanOrEqual(110);
    expect(boxPixels(result.image)).toBe(100 * 100);
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
