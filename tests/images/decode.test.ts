import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { decodeImage, ImageRejectedError, sniffImageFormat } from '@/lib/images/decode';
import { meanColour, noisyImage, pngDeclaring, twoFrameImage } from './fixtures';

async function rejection(promise: Promise<unknown>): Promise<ImageRejectedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImageRejectedError);
  return error as ImageRejectedError;
}

describe('decodeImage', () => {
  it('decodes a real sample JPEG', async () => {
    const bytes = readFileSync('sample/CRDImages/ad/web-large/117995.jpg');
    const { width, height } = await sharp(bytes).metadata();
    const image = await decodeImage(bytes, { contentType: 'image/jpeg' });
    expect(image.format).toBe('jpeg');
    expect(image.width).toBe(width);
    expect(image.height).toBe(height);
    expect(Math.max(image.pixelWidth, image.pixelHeight)).toBeLessThanOrEqual(512);
    expect(image.pixels.length).toBe(image.pixelWidth * image.pixelHeight * 3);
  });

  it('decodes a real upper-case .JPG', async () => {
    const image = await decodeImage(readFileSync('sample/CRDImages/ad/web-large/SFsf6716.JPG'));
    expect(image.format).toBe('jpeg');
    expect(image.width).toBeGreaterThan(0);
  });

  it('converts CMYK to sRGB', async () => {
    const bytes = await noisyImage(200, 100, [200, 30, 30]).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(bytes).metadata()).space).toBe('cmyk');
    const image = await decodeImage(bytes, { contentType: 'image/jpeg' });
    const [red, green, blue] = meanColour(image.pixels);
    expect(red).toBeGreaterThan(150);
    expect(green).toBeLessThan(90);
    expect(blue).toBeLessThan(90);
  });

  it('reduces 16-bit PNG to 8-bit', async () => {
    const bytes = await noisyImage(120, 80).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(bytes).metadata()).depth).toBe('ushort');
    const image = await decodeImage(bytes, { contentType: 'image/png' });
    expect(image.pixels.length).toBe(120 * 80 * 3);
    const [red] = meanColour(image.pixels);
    expect(Math.abs(red - 180)).toBeLessThan(10);
  });

  it('expands greyscale to RGB', async () => {
    const bytes = await noisyImage(100, 100).toColourspace('b-w').jpeg().toBuffer();
    expect((await sharp(bytes).metadata()).channels).toBe(1);
    const image = await decodeImage(bytes, { contentType: 'image/jpeg' });
    expect(image.pixels.length).toBe(100 * 100 * 3);
  });

  it('flattens alpha on white', async () => {
    const bytes = await noisyImage(100, 100, [0, 0, 0]).ensureAlpha(0).png().toBuffer();
    expect((await sharp(bytes).metadata()).hasAlpha).toBe(true);
    const image = await decodeImage(bytes, { contentType: 'image/png' });
    expect(meanColour(image.pixels)).toEqual([255, 255, 255]);
  });

  it.each(['gif', 'webp'] as const)('reads the first frame of animated %s', async (format) => {
    const bytes = await twoFrameImage(120)[format]({ loop: 0, delay: [100, 100] }).toBuffer();
    expect((await sharp(bytes, { pages: -1 }).metadata()).pages).toBe(2);
    const image = await decodeImage(bytes, { contentType: `image/${format}` });
    expect(image.width).toBe(120);
    expect(image.height).toBe(120);
    const [red, , blue] = meanColour(image.pixels);
    expect(red).toBeGreaterThan(150);
    expect(blue).toBeLessThan(90);
  });

  it('applies EXIF orientation 6', async () => {
    const bytes = await noisyImage(200, 100).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(bytes, { contentType: 'image/jpeg' });
    expect(image.width).toBe(100);
    expect(image.height).toBe(200);
    expect(image.pixelWidth).toBe(100);
    expect(image.pixelHeight).toBe(200);
  });

  it('scales to maxEdge without enlarging', async () => {
    const large = await decodeImage(await noisyImage(1200, 600).png().toBuffer());
    expect([large.pixelWidth, large.pixelHeight]).toEqual([512, 256]);
    expect([large.width, large.height]).toEqual([1200, 600]);
    const small = await decodeImage(await noisyImage(300, 200).png().toBuffer());
    expect([small.pixelWidth, small.pixelHeight]).toEqual([300, 200]);
  });

  it('decodes TIFF', async () => {
    const image = await decodeImage(await noisyImage(64, 64).tiff().toBuffer(), { contentType: 'image/tiff' });
    expect(image.format).toBe('tiff');
  });

  it('rejects a PNG declaring huge dimensions', async () => {
    const error = await rejection(decodeImage(pngDeclaring(100_000, 100_000)));
    expect(error.kind).toBe('too-many-pixels');
    expect(error.message).toBe('too many pixels: 100000×100000 is over the limit of 100000000');
  });

  it('rejects a uniform image over maxPixels', async () => {
    const bytes = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#808080' } }).png().toBuffer();
    const error = await rejection(decodeImage(Buffer.concat([bytes]), { maxPixels: 1_000_000 }));
    expect(error.message).toBe('too many pixels: 2000×2000 is over the limit of 1000000');
  });

  it('rejects an HTML page', async () => {
    const error = await rejection(decodeImage(Buffer.from('<!doctype html><p>busy</p>'), { contentType: 'text/html; charset=utf-8' }));
    expect(error.kind).toBe('not-an-image');
    expect(error.message).toBe('not an image: text/html');
  });

  it('rejects zero bytes', async () => {
    const error = await rejection(decodeImage(Buffer.alloc(0), { contentType: 'image/jpeg' }));
    expect(error.message).toBe('too small: 0 bytes');
  });

  it('rejects over 16 MiB', async () => {
    const error = await rejection(decodeImage(Buffer.alloc(16 * 1024 * 1024 + 1)));
    expect(error.message).toBe('too large: 16777217 bytes (limit 16777216)');
  });

  it('rejects an unknown signature', async () => {
    const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004zipdata'), Buffer.alloc(2000)]);
    const error = await rejection(decodeImage(bytes, { contentType: 'image/jpeg' }));
    expect(error.message).toBe('not an image: unknown file signature 504b03047a697064');
  });

  it('rejects a corrupt JPEG', async () => {
    const bytes = Buffer.from(readFileSync('sample/CRDImages/ad/web-large/117995.jpg'));
    bytes.fill(0, 20, 2000);
    const error = await rejection(decodeImage(bytes, { contentType: 'image/jpeg' }));
    expect(error.kind).toBe('decode-failed');
    expect(error.message).toMatch(/^decode failed: \S/);
  });

  it('rejects a truncated JPEG', async () => {
    const whole = readFileSync('sample/CRDImages/ad/web-large/117995.jpg');
    const error = await rejection(decodeImage(whole.subarray(0, Math.floor(whole.length / 2))));
    expect(error.kind).toBe('decode-failed');
  });
});

describe('sniffImageFormat', () => {
  it.each([
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0]],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['gif', [...Buffer.from('GIF89a')]],
    ['webp', [...Buffer.from('RIFF\0\0\0\0WEBP')]],
    ['tiff', [0x49, 0x49, 0x2a, 0x00]],
    ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ])('recognises %s', (format, bytes) => {
    expect(sniffImageFormat(Uint8Array.from(bytes))).toBe(format);
  });

  it('returns undefined for text', () => {
    expect(sniffImageFormat(Buffer.from('<html>'))).toBeUndefined();
  });
});
