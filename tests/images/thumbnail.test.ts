import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { decodeImage } from '@/lib/images/decode';
import { thumbnailPath, writeThumbnail } from '@/lib/images/thumbnail';
import { noisyImage } from './fixtures';

describe('thumbnailPath', () => {
  it.each([
    [7, 'thumbs/007/7.webp'],
    [10076, 'thumbs/076/10076.webp'],
    [471000, 'thumbs/000/471000.webp'],
  ])('places id %i', (id, expected) => {
    expect(thumbnailPath(id)).toBe(expected);
  });

  it('rejects a negative id', () => {
    expect(() => thumbnailPath(-1)).toThrow('invalid object id -1: expected a whole number of at least 0');
  });
});

describe('writeThumbnail', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'thumbs-'));
  afterEach(() => rmSync(join(dataDir, 'thumbs'), { recursive: true, force: true }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes a WebP with long edge 512', async () => {
    const image = await decodeImage(await noisyImage(1024, 700).png().toBuffer());
    const relative = await writeThumbnail(dataDir, 12345, image);
    expect(relative).toBe('thumbs/345/12345.webp');
    const metadata = await sharp(readFileSync(join(dataDir, relative))).metadata();
    expect(metadata.format).toBe('webp');
    expect(metadata.width).toBe(512);
    expect(metadata.height).toBe(350);
  });

  it('never enlarges a small image', async () => {
    const image = await decodeImage(await noisyImage(200, 120).png().toBuffer());
    const relative = await writeThumbnail(dataDir, 1, image);
    const metadata = await sharp(readFileSync(join(dataDir, relative))).metadata();
    expect([metadata.width, metadata.height]).toEqual([200, 120]);
  });

  it('leaves no temporary files', async () => {
    const image = await decodeImage(readFileSync('sample/CRDImages/ad/web-large/117995.jpg'));
    await writeThumbnail(dataDir, 117995, image);
    await writeThumbnail(dataDir, 117995, image);
    expect(readdirSync(join(dataDir, 'thumbs/995'))).toEqual(['117995.webp']);
  });
});
