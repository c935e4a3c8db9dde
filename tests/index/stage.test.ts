import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readNpy } from '../../lib/embed/npy';
import { writeShard } from '../../lib/embed/shards';
import { runIndex } from '../../lib/index/stage';
import { dataPaths } from '../../lib/paths';
import { bruteForceTopK, randomUnitVectors } from './random';

const DIMENSION = 16;
let dataDir: string;

function shard(sequence: number, ids: number[], dimension = DIMENSION, embedder = 'descriptor-v1') {
  writeShard({
    directory: dataPaths(dataDir).shards,
    job: { index: 0, count: 1 },
    sequence,
    embedder,
    modelHash: 'test',
    dimension,
    ids,
    vectors: randomUnitVectors(ids.length, dimension, 100 + sequence),
  });
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'met-index-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('runIndex', () => {
  it('writes exact neighbours without self', async () => {
    shard(0, Array.from({ length: 60 }, (_, i) => 1000 + i));
    shard(1, Array.from({ length: 40 }, (_, i) => 5000 + i));

    const result = await runIndex({ dataDir, k: 5, batchSize: 17 });
    expect(result.ok).toBe(true);
    expect(result.counts.vectors).toBe(100);

    const paths = dataPaths(dataDir);
    const ids = readNpy(paths.neighbourIds);
    const sims = readNpy(paths.neighbourSimilarities);
    expect(ids.shape).toEqual([100, 5]);
    expect(ids.dtype).toBe('int32');
    expect(sims.dtype).toBe('float32');

    const vectors = new Float32Array(100 * DIMENSION);
    vectors.set(randomUnitVectors(60, DIMENSION, 100), 0);
    vectors.set(randomUnitVectors(40, DIMENSION, 101), 60 * DIMENSION);
    for (const row of [0, 59, 60, 99]) {
      expect(Array.from(ids.data.subarray(row * 5, row * 5 + 5) as Int32Array)).toEqual(
        bruteForceTopK(vectors, DIMENSION, row, 5, row),
      );
    }
  });

  it('writes vectors numpy can read', async () => {
    shard(0, [5, 6, 7]);
    await runIndex({ dataDir, k: 1 });
    const vectors = readNpy(dataPaths(dataDir).vectors);
    expect(vectors.dtype).toBe('float32');
    expect(vectors.shape).toEqual([3, DIMENSION]);
    expect(Array.from(vectors.data as Float32Array)).toEqual(Array.from(randomUnitVectors(3, DIMENSION, 100)));
  });

  it('caps k below the collection size', async () => {
    shard(0, [1, 2, 3]);
    const result = await runIndex({ dataDir, k: 10 });
    expect(result.counts.neighboursPerObject).toBe(2);
    expect(readNpy(dataPaths(dataDir).neighbourIds).shape).toEqual([3, 2]);
  });

  it('rejects duplicate ids', async () => {
    shard(0, [1, 2, 3]);
    shard(1, [4, 2]);
    await expect(runIndex({ dataDir })).rejects.toThrow(
      'object 2 appears in shards job-0000-of-0001.shard-00000 and job-0000-of-0001.shard-00001; delete one of them and run the index stage again',
    );
  });

  it('rejects mixed dimensions', async () => {
    shard(0, [1, 2, 3]);
    shard(1, [4, 5], 8);
    await expect(runIndex({ dataDir })).rejects.toThrow(
      'shards mix embedders: job-0000-of-0001.shard-00000 is descriptor-v1 (16-d) but job-0000-of-0001.shard-00001 is descriptor-v1 (8-d); delete the shards folder and run the embed stage again',
    );
  });

  it('rejects an empty shards folder', async () => {
    await expect(runIndex({ dataDir })).rejects.toThrow(
      `no embedding shards in ${dataPaths(dataDir).shards}: run the embed stage first`,
    );
  });
});
