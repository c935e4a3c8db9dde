import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { describeImage, srgbToLab } from '../../lib/embed/descriptor';
import { decodeRgb, trimBackdrop } from '../../lib/embed/preprocess';
import { dot, SAMPLE_IMAGES, sampleImages } from './fixtures';

async function describeFile(input: string | Buffer): Promise<Float32Array> {
  const image = await decodeRgb(typeof input === 'string' ? readFileSync(input) : input);
  return describeImage((await trimBackdrop(image)).image);
}

describe('describeImage', () => {
  it('returns a 512-d unit vector', async () => {
    const vector = await describeFile(sampleImages('ep')[0]);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector.length).toBe(512);
    expect(dot(vector, vector)).toBeCloseTo(1, 5);
  });

  it('is deterministic', async () => {
    const path = sampleImages('gr')[0];
    const first = await describeFile(path);
    const second = await describeFile(path);
    expect(Buffer.from(first.buffer).equals(Buffer.from(second.buffer))).toBe(true);
  });

  it('uniform image has no edge block', async () => {
    const image = { data: Buffer.alloc(64 * 64 * 3, 128), width: 64, height: 64 };
    const vector = await describeImage(image);
    expect(dot(vector, vector)).toBeCloseTo(1, 5);
    expect(vector.subarray(320).every((value) => value === 0)).toBe(true);
  });

  it('near copy is nearest among sample', async () => {
    // A resized, re-encoded copy of one painting must be closer to it than any other image of
    // the department, as a re-photographed twin would be.
    const paths = sampleImages('ep').slice(0, 25);
    const query = await sharp(paths[7]).resize(300).modulate({ brightness: 1.04 }).jpeg({ quality: 70 }).toBuffer();
    const queryVector = await describeFile(query);
    const similarities = await Promise.all(paths.map(async (path) => dot(queryVector, await describeFile(path))));
    const best = similarities.indexOf(Math.max(...similarities));
    expect(best).toBe(7);
    expect(similarities[7]).toBeGreaterThan(0.95);
  });

  it('separates sculpture from paintings', async () => {
    // Two small terracotta figures on grey backdrops (Greek and Roman Art) against a dark landscape.
    const statueA = join(SAMPLE_IMAGES, 'gr', 'web-large', 'DP101398.jpg');
    const statueB = join(SAMPLE_IMAGES, 'gr', 'web-large', 'DP101660%20%2074.51.1594.jpg');
    const painting = sampleImages('ep')[5];
    const a = await describeFile(statueA);
    const b = await describeFile(statueB);
    const c = await describeFile(painting);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });
});

describe('srgbToLab', () => {
  it('matches reference values', () => {
    const white = srgbToLab(255, 255, 255);
    expect(white[0]).toBeCloseTo(100, 2);
    expect(Math.abs(white[1])).toBeLessThan(0.01);
    const red = srgbToLab(255, 0, 0);
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 1);
    expect(red[2]).toBeCloseTo(67.2, 1);
  });
});
