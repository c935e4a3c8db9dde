import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isBlankImage, repeatedImageIds } from '../../lib/twins/placeholder';
import { sampleObject } from './sample';

const SAMPLE_IMAGES = join(import.meta.dirname, '..', '..', 'sample', 'CRDImages', 'ep', 'web-large');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'met-placeholder-'));
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 128, g: 128, b: 130 } } })
    .webp()
    .toFile(join(dir, 'grey.webp'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isBlankImage', () => {
  it('flags a flat grey frame', async () => {
    expect(await isBlankImage(join(dir, 'grey.webp'), 8)).toBe(true);
  });

  it('passes a real painting', async () => {
    const first = readdirSync(SAMPLE_IMAGES).sort()[0];
    expect(await isBlankImage(join(SAMPLE_IMAGES, first), 8)).toBe(false);
  });
});

describe('repeatedImageIds', () => {
  it('flags a file shared by many objects', () => {
    const objects = [10076, 10165, 10166, 10175].map((id) => ({ ...sampleObject(id), contentHash: id < 10170 ? 'same' : `own-${id}` }));
    expect(repeatedImageIds(objects, 3)).toEqual(new Set([10076, 10165, 10166]));
  });
});
