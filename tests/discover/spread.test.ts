import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../../lib/db/client';
import { hashId, SpreadSample } from '../../lib/discover/spread';
import { runDiscover } from '../../lib/discover/stage';
import { dataPaths } from '../../lib/paths';

const LOCAL_SOURCES = {
  csv: 'sample/MetObjects.csv',
  imageMap: 'sample/met-openaccess-images.csv',
  apiBaseUrl: 'sample/api',
};

function sampleOf(ids: number[], capacity: number): number[] {
  const sample = new SpreadSample<number>(capacity);
  for (const id of ids) sample.offer(id, id);
  return sample.items().sort((a, b) => a - b);
}

describe('SpreadSample', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => i + 1);

  it('keeps the smallest hashes', () => {
    const expected = [...ids].sort((a, b) => hashId(a) - hashId(b)).slice(0, 100).sort((a, b) => a - b);
    expect(sampleOf(ids, 100)).toEqual(expected);
  });

  it('ignores input order', () => {
    expect(sampleOf([...ids].reverse(), 100)).toEqual(sampleOf(ids, 100));
  });

  it('nests smaller samples in larger ones', () => {
    const larger = new Set(sampleOf(ids, 500));
    for (const id of sampleOf(ids, 100)) expect(larger.has(id)).toBe(true);
  });

  it('spreads over the id range', () => {
    const kept = sampleOf(ids, 100);
    expect(kept.filter((id) => id <= 2500).length).toBeGreaterThan(30);
    expect(kept.filter((id) => id > 2500).length).toBeGreaterThan(30);
  });

  it('keeps nothing at capacity zero', () => {
    expect(sampleOf(ids, 0)).toEqual([]);
  });
});

describe('runDiscover limit modes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'met-spread-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  function departments(): string[] {
    const db = openDatabase(dataPaths(dataDir).database);
    try {
      return (db.$client.prepare('select distinct department from objects').all() as { department: string }[]).map((row) => row.department);
    } finally {
      db.$client.close();
    }
  }

  it('first mode takes the first rows', async () => {
    const result = await runDiscover({ dataDir, ...LOCAL_SOURCES, limit: 40, limitMode: 'first' });
    expect(result.counts.kept).toBe(40);
    expect(departments()).toEqual(['The American Wing']);
  });

  it('spread mode crosses departments', async () => {
    const result = await runDiscover({ dataDir, ...LOCAL_SOURCES, limit: 40, limitMode: 'spread' });
    expect(result.counts.kept).toBeGreaterThan(35);
    expect(result.counts.kept).toBeLessThanOrEqual(40);
    expect(departments().length).toBeGreaterThanOrEqual(4);
  });
});
