import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readNpy } from '../../lib/embed/npy';
import { listShards } from '../../lib/embed/shards';
import { dataPaths } from '../../lib/paths';

const run = promisify(execFile);
const SAMPLE = resolve('sample');
const JOBS = 3;
const K = 10;
// Enough objects for every job to get a few shards' worth of work while the test stays near a minute.
const OBJECTS = 150;

/** Runs one pipeline CLI as a child process, the way a map job on another machine would. */
async function cli(script: string, dataDir: string, ...args: string[]): Promise<void> {
  await run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, '--data-dir', dataDir, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 2 ** 20,
  });
}

async function mapJob(dataDir: string, shard?: string): Promise<void> {
  const sharding = shard ? ['--shard', shard] : [];
  await cli('discover', dataDir, '--csv', join(SAMPLE, 'MetObjects.csv'), '--image-map', join(SAMPLE, 'met-openaccess-images.csv'), '--no-api-fallback', '--limit', String(OBJECTS));
  await cli('fetch', dataDir, '--image-base-url', join(SAMPLE, 'CRDImages'), ...sharding);
  await cli('embed', dataDir, '--embedder', 'descriptor', '--shard-size', '16', ...sharding);
}

interface IndexView {
  vectors: Map<number, Float32Array>;
  neighbours: Map<number, number[]>;
}

/** Reads an index keyed by Met id, because the row order follows shard names and so differs by run. */
function readIndexView(dataDir: string): IndexView {
  const paths = dataPaths(dataDir);
  const ids = JSON.parse(readFileSync(paths.indexIds, 'utf8')) as number[];
  const vectors = readNpy(paths.vectors);
  const rows = readNpy(paths.neighbourIds);
  const d = vectors.shape[1];
  const k = rows.shape[1];
  const view: IndexView = { vectors: new Map(), neighbours: new Map() };
  ids.forEach((id, row) => {
    view.vectors.set(id, (vectors.data as Float32Array).slice(row * d, (row + 1) * d));
    view.neighbours.set(id, Array.from((rows.data as Int32Array).slice(row * k, (row + 1) * k), (neighbour) => ids[neighbour]));
  });
  return view;
}

describe('distributed fetch and embed', () => {
  const root = mkdtempSync(join(tmpdir(), 'met-merge-'));
  const single = join(root, 'single');
  const merged = join(root, 'merged');
  const jobs = Array.from({ length: JOBS }, (_, i) => join(root, `job-${i}`));

  beforeAll(async () => {
    await Promise.all([mapJob(single), ...jobs.map((dir, i) => mapJob(dir, `${i}/${JOBS}`))]);
    await cli('index', single, '--k', String(K));
    await cli('merge', merged, '--jobs', ...jobs);
    await cli('index', merged, '--k', String(K));
  }, 600_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('merged index matches one process', () => {
    const one = readIndexView(single);
    const many = readIndexView(merged);

    expect([...many.vectors.keys()].sort((a, b) => a - b)).toEqual([...one.vectors.keys()].sort((a, b) => a - b));
    expect(one.vectors.size).toBeGreaterThan(100);
    for (const [id, vector] of one.vectors) expect(many.vectors.get(id)).toEqual(vector);
    for (const [id, neighbours] of one.neighbours) expect(many.neighbours.get(id)).toEqual(neighbours);
  });

  it('every job writes its own shard names', () => {
    for (const [i, dir] of jobs.entries()) {
      const stems = listShards(dataPaths(dir).shards).map((shard) => shard.stem);
      expect(stems.length).toBeGreaterThan(0);
      for (const stem of stems) expect(stem.startsWith(`job-000${i}-of-0003.`)).toBe(true);
    }
  });

  it('merged statuses match one process', async () => {
    const { openDatabase } = await import('../../lib/db/client');
    const statuses = (dir: string) => {
      const db = openDatabase(dataPaths(dir).database).$client;
      try {
        return db.prepare('select id, status, content_hash, thumb_path from objects order by id').all();
      } finally {
        db.close();
      }
    };
    expect(statuses(merged)).toEqual(statuses(single));
  });

  it('job rerun writes identical shards', async () => {
    const again = join(root, 'job-0-again');
    await mapJob(again, `0/${JOBS}`);
    const first = listShards(dataPaths(jobs[0]).shards);
    const second = listShards(dataPaths(again).shards);

    expect(second.map((shard) => shard.stem)).toEqual(first.map((shard) => shard.stem));
    for (const [i, shard] of first.entries()) {
      expect(readFileSync(second[i].vectorsPath).equals(readFileSync(shard.vectorsPath))).toBe(true);
      expect(readFileSync(second[i].idsPath).equals(readFileSync(shard.idsPath))).toBe(true);
    }
  }, 300_000);

  it('merge twice changes nothing', async () => {
    const before = readFileSync(dataPaths(merged).neighbourIds);
    await cli('merge', merged, '--jobs', ...jobs);
    await cli('index', merged, '--k', String(K));
    expect(readFileSync(dataPaths(merged).neighbourIds).equals(before)).toBe(true);
  }, 300_000);
});
