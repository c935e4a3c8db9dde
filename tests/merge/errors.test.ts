import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../../lib/db/client';
import { writeShard } from '../../lib/embed/shards';
import { mergeJobs } from '../../lib/merge/merge';
import { dataPaths } from '../../lib/paths';

const roots: string[] = [];

/** A job folder with a real database and one shard of `ids`, as the embed stage leaves it. */
function makeJob(name: string, ids: number[], embedder: { name: string; dimension: number }, job = { index: 0, count: 1 }): string {
  const root = mkdtempSync(join(tmpdir(), `met-merge-${name}-`));
  roots.push(root);
  openDatabase(dataPaths(root).database).$client.close();
  const vectors = new Float32Array(ids.length * embedder.dimension).fill(1 / Math.sqrt(embedder.dimension));
  writeShard({ directory: dataPaths(root).shards, job, sequence: 0, embedder: embedder.name, modelHash: 'h', dimension: embedder.dimension, ids, vectors });
  return root;
}

function mainDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'met-merge-main-'));
  roots.push(root);
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('mergeJobs', () => {
  it('rejects mixed embedders', () => {
    const a = makeJob('a', [1, 2], { name: 'descriptor-v1', dimension: 4 }, { index: 0, count: 2 });
    const b = makeJob('b', [3], { name: 'clip-vit-b32', dimension: 8 }, { index: 1, count: 2 });

    expect(() => mergeJobs({ dataDir: mainDir(), jobDirs: [a, b] })).toThrow(
      'shards were made by different embedders: job-0000-of-0002.shard-00000 (embedder descriptor-v1, model hash h, 4-d) and ' +
        'job-0001-of-0002.shard-00000 (embedder clip-vit-b32, model hash h, 8-d); delete the shards folder or use a new --data-dir before embedding again',
    );
  });

  it('rejects duplicate ids', () => {
    const a = makeJob('a', [1, 2], { name: 'descriptor-v1', dimension: 4 }, { index: 0, count: 2 });
    const b = makeJob('b', [2, 3], { name: 'descriptor-v1', dimension: 4 }, { index: 1, count: 2 });

    expect(() => mergeJobs({ dataDir: mainDir(), jobDirs: [a, b] })).toThrow(
      `object 2 appears in shards ${join(a, 'shards', 'job-0000-of-0002.shard-00000')} and ${join(b, 'shards', 'job-0001-of-0002.shard-00000')}; ` +
        'delete one of them and run the index stage again',
    );
  });

  it('rejects folder without database', () => {
    const empty = mainDir();
    expect(() => mergeJobs({ dataDir: mainDir(), jobDirs: [empty] })).toThrow(
      `job folder ${empty} has no database at ${join(empty, 'met-twins.sqlite')}: pass the DATA_DIR that the fetch and embed job used`,
    );
  });

  it('rejects empty job list', () => {
    expect(() => mergeJobs({ dataDir: mainDir(), jobDirs: [] })).toThrow(
      "no job folders given: pass each map job's DATA_DIR, for example --jobs /shared/jobs/*",
    );
  });
});
