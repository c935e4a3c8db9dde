import { readFileSync } from 'node:fs';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { CLIP_VIT_B32 } from '../../lib/embed/models';
import { centreCropOffset, clipTensor, decodeRgb, resizedSize, type RgbImage } from '../../lib/embed/preprocess';
import { sampleImages } from './fixtures';
import { pilResizeBicubic } from './pil-reference';

const PLANE = 224 * 224;

/** Builds an RGB image whose pixel (x, y) is `colour(x, y)`. */
function makeImage(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  }
  return { data, width, height };
}

function expectedValue(byte: number, channel: number): number {
  return (byte / 255 - CLIP_VIT_B32.mean[channel]) / CLIP_VIT_B32.std[channel];
}

/** Reads channel `c` at output pixel (x, y) of a CHW tensor back as an 8-bit value. */
function byteAt(tensor: Float32Array, c: number, x: number, y: number): number {
  const value = tensor[c * PLANE + y * 224 + x];
  return Math.round((value * CLIP_VIT_B32.std[c] + CLIP_VIT_B32.mean[c]) * 255) + 0; // + 0 turns -0 into 0
}

describe('clipTensor', () => {
  it('solid colour normalises with mean and std', async () => {
    const tensor = await clipTensor(makeImage(300, 400, () => [200, 100, 50]));
    expect(tensor.length).toBe(3 * PLANE);
    for (const [c, byte] of [[0, 200], [1, 100], [2, 50]] as const) {
      for (const index of [0, 1234, PLANE - 1]) expect(tensor[c * PLANE + index]).toBeCloseTo(expectedValue(byte, c), 6);
    }
  });

  it('wide image crops the centre', async () => {
    // 448 × 224 needs no resize, so the crop starts at x = 112 and every value is exact.
    const tensor = await clipTensor(makeImage(448, 224, (x, y) => [x % 256, y, (x + y) % 256]));
    for (const [x, y] of [[0, 0], [10, 20], [223, 223], [100, 5]]) {
      expect(byteAt(tensor, 0, x, y)).toBe((x + 112) % 256);
      expect(byteAt(tensor, 1, x, y)).toBe(y);
      expect(byteAt(tensor, 2, x, y)).toBe((x + 112 + y) % 256);
    }
  });

  it('tall image crops the centre', async () => {
    const tensor = await clipTensor(makeImage(224, 300, (x, y) => [0, y % 256, x]));
    expect(byteAt(tensor, 1, 0, 0)).toBe(38);
    expect(byteAt(tensor, 1, 7, 200)).toBe(238);
    expect(byteAt(tensor, 2, 150, 9)).toBe(150);
  });

  it('odd crop margin rounds half to even', async () => {
    // (227 - 224) / 2 = 1.5 rounds to 2, as Python's round() in torchvision's CenterCrop does.
    const tensor = await clipTensor(makeImage(227, 224, (x) => [x, 0, 0]));
    expect(byteAt(tensor, 0, 0, 0)).toBe(2);
    expect(byteAt(tensor, 0, 223, 100)).toBe(225);
  });

  it('downscale halves a gradient', async () => {
    // Input pixel columns 2i and 2i + 1 both hold i, so the symmetric cubic filter returns i.
    const tensor = await clipTensor(makeImage(448, 448, (x, y) => [Math.floor(x / 2), Math.floor(y / 2), 90]));
    for (const i of [3, 60, 111, 200, 220]) {
      expect(Math.abs(byteAt(tensor, 0, i, 50) - i)).toBeLessThanOrEqual(1);
      expect(Math.abs(byteAt(tensor, 1, 17, i) - i)).toBeLessThanOrEqual(1);
      expect(byteAt(tensor, 2, i, i)).toBe(90);
    }
  });
});

describe('resize kernel', () => {
  /** Mean absolute difference, in 8-bit levels, between sharp's resize and the PIL reference. */
  async function meanDifference(kernel: 'cubic' | 'mitchell', paths: string[]): Promise<number> {
    let total = 0;
    let count = 0;
    for (const path of paths) {
      const image = await decodeRgb(readFileSync(path));
      const size = resizedSize(image.width, image.height, 224);
      const reference = pilResizeBicubic(image, size.width, size.height);
      const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .resize(size.width, size.height, { kernel, fit: 'fill' })
        .raw()
        .toBuffer();
      for (let i = 0; i < resized.length; i++) total += Math.abs(resized[i] - reference.data[i]);
      count += resized.length;
    }
    return total / count;
  }

  it('cubic matches PIL bicubic on the sample', async () => {
    const paths = [...sampleImages('ep').slice(0, 2), ...sampleImages('gr').slice(0, 2)];
    const cubic = await meanDifference('cubic', paths);
    const mitchell = await meanDifference('mitchell', paths);
    expect(cubic).toBeLessThan(0.3);
    expect(cubic).toBeLessThan(mitchell / 3);
  });
});

describe('crop geometry', () => {
  it('resizedSize truncates the long side', () => {
    expect(resizedSize(640, 480, 224)).toEqual({ width: 298, height: 224 });
    expect(resizedSize(333, 512, 224)).toEqual({ width: 224, height: 344 });
    expect(resizedSize(500, 500, 224)).toEqual({ width: 224, height: 224 });
  });

  it('centreCropOffset rounds half to even', () => {
    expect(centreCropOffset(225, 224, 224)).toEqual({ left: 0, top: 0 });
    expect(centreCropOffset(227, 224, 224)).toEqual({ left: 2, top: 0 });
    expect(centreCropOffset(229, 298, 224)).toEqual({ left: 2, top: 37 });
  });
});

describe('decodeRgb', () => {
  const gradient = makeImage(40, 20, (x, y) => [x * 6, y * 12, 100]);
  const raw = { raw: { width: 40, height: 20, channels: 3 as const } };

  it('applies EXIF orientation', async () => {
    const jpeg = await sharp(gradient.data, raw).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeRgb(jpeg);
    expect([image.width, image.height]).toEqual([20, 40]);
  });

  it('greyscale becomes three channels', async () => {
    const png = await sharp(gradient.data, raw).greyscale().png().toBuffer();
    const image = await decodeRgb(png);
    expect(image.data.length).toBe(40 * 20 * 3);
    expect(image.data[0]).toBe(image.data[1]);
    expect(image.data[1]).toBe(image.data[2]);
  });

  it('16-bit PNG becomes 8-bit', async () => {
    const png = await sharp(gradient.data, raw).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const image = await decodeRgb(png);
    expect(image.data.equals(gradient.data)).toBe(true);
  });

  it('alpha is dropped, not composited', async () => {
    const rgba = Buffer.alloc(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([10, 200, 30, 0], i * 4);
    const png = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toBuffer();
    const image = await decodeRgb(png);
    expect(Array.from(image.data.subarray(0, 3))).toEqual([10, 200, 30]);
  });

  it('CMYK JPEG becomes sRGB', async () => {
    const white = makeImage(8, 8, () => [255, 255, 255]);
    const jpeg = await sharp(white.data, { raw: { width: 8, height: 8, channels: 3 } }).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(jpeg).metadata()).space).toBe('cmyk');
    const image = await decodeRgb(jpeg);
    expect(image.data.length).toBe(8 * 8 * 3);
    expect(image.data[0]).toBeGreaterThan(240);
  });

  it('animation keeps the first frame', async () => {
    const red = await sharp({ create: { width: 6, height: 6, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const blue = await sharp({ create: { width: 6, height: 6, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = await decodeRgb(gif);
    expect([image.width, image.height]).toEqual([6, 6]);
    expect(image.data[0]).toBeGreaterThan(200);
    expect(image.data[2]).toBeLessThan(50);
  });

  it('corrupt bytes are rejected', async () => {
    await expect(decodeRgb(Buffer.from('not an image'))).rejects.toThrow('Input buffer contains unsupported image format');
  });
});
