import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { decodeImage } from '@/lib/images/decode';
import { differenceHash, hammingDistance, sha256Hex } from '@/lib/images/hash';
import { noisyPixels } from './fixtures';

const SAMPLE = 'sample/CRDImages/ad/web-large/117995.jpg';
const OTHER_SAMPLE = 'sample/CRDImages/ad/web-large/APS218.jpg';

async function hashOf(bytes: Buffer): Promise<string> {
  const image = await decodeImage(bytes);
  return differenceHash({ pixels: image.pixels, width: image.pixelWidth, height: image.pixelHeight, channels: 3 });
}

describe('sha256Hex', () => {
  it('hashes the empty input', () => {
    expect(sha256Hex(Buffer.alloc(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('differenceHash', () => {
  it('sets bits where left is brighter', async () => {
    // A horizontal ramp that darkens to the right: every cell is brighter than its right neighbour.
    const width = 90;
    const pixels = Buffer.alloc(width * 8);
    for (let x = 0; x < width; x++) for (let y = 0; y < 8; y++) pixels[y * width + x] = 255 - x * 2;
    expect(await differenceHash({ pixels, width, height: 8, channels: 1 })).toBe('ffffffffffffffff');
    const flipped = await sharp(pixels, { raw: { width, height: 8, channels: 1 } }).flop().raw().toBuffer();
    expect(await differenceHash({ pixels: flipped, width, height: 8, channels: 1 })).toBe('0000000000000000');
  });

  it('returns 16 hex digits', async () => {
    expect(await hashOf(readFileSync(SAMPLE))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is stable under re-encoding', async () => {
    const original = readFileSync(SAMPLE);
    const reencoded = await sharp(original).resize({ width: 300 }).jpeg({ quality: 60 }).toBuffer();
    expect(hammingDistance(await hashOf(original), await hashOf(reencoded))).toBeLessThanOrEqual(6);
  });

  it('separates different images', async () => {
    const distance = hammingDistance(await hashOf(readFileSync(SAMPLE)), await hashOf(readFileSync(OTHER_SAMPLE)));
    expect(distance).toBeGreaterThan(10);
  });

  it('accepts noisy RGB pixels', async () => {
    const hash = await differenceHash({ pixels: noisyPixels(40, 30, [100, 100, 100]), width: 40, height: 30, channels: 3 });
    expect(hash).toHaveLength(16);
  });
});

describe('hammingDistance', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['0000000000000000', 'ffffffffffffffff', 64],
    ['8000000000000001', '0000000000000000', 2],
    ['00000000000000F0', '00000000000000f0', 0],
  ])('distance %s %s', (a, b, expected) => {
    expect(hammingDistance(a, b)).toBe(expected);
  });

  it('rejects a malformed hash', () => {
    expect(() => hammingDistance('abc', '0000000000000000')).toThrow('invalid perceptual hash "abc": expected 16 hex digits');
  });
});
