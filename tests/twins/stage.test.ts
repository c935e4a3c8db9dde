import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../../lib/db/client';
import { pairs, outliers } from '../../lib/db/schema';
import { runIndex } from '../../lib/index/stage';
import type { StageResult } from '../../lib/pipeline/types';
import { normalizeArtist, accessionGroup } from '../../lib/twins/boring';
import { diversityFigures } from '../../lib/twins/diversity';
import { writeContactSheet } from '../../lib/twins/contact-sheet';
import { runCurate } from '../../lib/twins/stage';
import { readTopPairs, topListFigures } from '../../lib/twins/top-list';
import { dataPaths } from '../../lib/paths';
import { buildSampleDataDir } from './fixture';
import { sampleObject } from './sample';

const TOP_N = 40;
const SHARE = 0.2;
let dataDir: string;
let objectCount: number;
let result: StageResult;

function readPairs() {
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    return { all: db.select().from(pairs).all(), outliers: db.select().from(outliers).all() };
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'met-curate-'));
  objectCount = await buildSampleDataDir(dataDir);
  await runIndex({ dataDir, k: 30 });
  result = await runCurate({ dataDir, k: 15, topN: TOP_N, maxClusterShare: SHARE, clusters: 12 });
}, 240_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('runCurate on the sample', () => {
  it('reports counts', () => {
    expect(objectCount).toBeGreaterThan(400);
    expect(result.ok).toBe(true);
    expect(result.counts.qualified).toBeGreaterThan(0);
    expect(result.counts.stored).toBeGreaterThan(TOP_N);
    expect(result.counts.topList).toBe(TOP_N);
    expect(result.counts.candidates).toBeGreaterThan(result.counts.qualified);
  });

  it('uses each object once in the top list', () => {
    const top = readPairs().all.filter((pair) => pair.topRank !== null);
    const ids = top.flatMap((pair) => [pair.aId, pair.bId]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps clusters under the share', () => {
    const top = readPairs()
      .all.filter((pair) => pair.topRank !== null)
      .sort((a, b) => a.topRank! - b.topRank!)
      .map((pair) => ({ ...pair, boundaryCount: pair.reasons.length }));
    expect(diversityFigures(top, TOP_N).largestClusterShare).toBeLessThanOrEqual(SHARE);
    expect(diversityFigures(top, 30).largestClusterShare).toBeLessThanOrEqual(SHARE);
  });

  it('stores only competitive pairs', () => {
    for (const pair of readPairs().all) {
      expect(pair.aId).toBeLessThan(pair.bId);
      expect(pair.rankAInB).toBeLessThanOrEqual(15);
      expect(pair.rankBInA).toBeLessThanOrEqual(15);
      expect(pair.reasons.length).toBeGreaterThan(0);
    }
  });

  it('stores no boring pairs', () => {
    for (const pair of readPairs().all) {
      const a = sampleObject(pair.aId);
      const b = sampleObject(pair.bId);
      const artist = normalizeArtist(a.artist);
      expect(artist === '' || artist !== normalizeArtist(b.artist)).toBe(true);
      expect(accessionGroup(a.accessionNumber) === '' || accessionGroup(a.accessionNumber) !== accessionGroup(b.accessionNumber)).toBe(true);
    }
  });

  it('ranks top pairs by score', () => {
    const top = readPairs()
      .all.filter((pair) => pair.topRank !== null)
      .sort((a, b) => a.topRank! - b.topRank!);
    expect(top[0].topRank).toBe(1);
    expect(top[0].score).toBe(Math.max(...readPairs().all.map((pair) => pair.score)));
  });

  it('stores outliers in rank order', () => {
    const stored = readPairs().outliers.sort((a, b) => a.rank - b.rank);
    expect(stored).toHaveLength(100);
    for (let i = 1; i < stored.length; i++) {
      expect(stored[i].kthSimilarity).toBeGreaterThanOrEqual(stored[i - 1].kthSimilarity);
    }
  });

  it('writes a contact sheet', async () => {
    const db = openDatabase(dataPaths(dataDir).database);
    const top = readTopPairs(db, 30);
    db.$client.close();
    expect(top).toHaveLength(30);
    expect(top[0].a.thumbPath).not.toBeNull();

    const figures = topListFigures(top, 30);
    expect(figures.distinctObjects).toBe(60);
    expect(figures.largestClusterShare).toBeLessThanOrEqual(SHARE);

    const output = join(dataDir, 'sheet.png');
    const size = await writeContactSheet(dataDir, top, output);
    const metadata = await sharp(output).metadata();
    expect(metadata.format).toBe('png');
    expect(metadata.width).toBe(size.width);
    expect(metadata.height).toBe(size.height);
  });

  it('replaces the tables on a rerun', async () => {
    const before = readPairs().all.length;
    const again = await runCurate({ dataDir, k: 15, topN: TOP_N, maxClusterShare: SHARE, clusters: 12 });
    expect(again.counts.stored).toBe(before);
    expect(readPairs().all).toHaveLength(before);
  });
});
