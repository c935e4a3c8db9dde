import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeShard } from '../../lib/embed/shards';
import { clearVectorIndexCache, loadVectorIndex, rowLookup } from '../../lib/index/loader';
import { seededRandom } from '../../lib/random';
import { runIndex } from '../../lib/index/stage';
import { dataPaths } from '../../lib/paths';
import { randomUnitVectors } from './random';

const DIMENSION = 12;
const IDS = [42, 7, 19, 300, 8];
const vectors = randomUnitVectors(IDS.length, DIMENSION, 3);
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'met-loader-'));
  writeShard({
    directory: dataPaths(dataDir).shards,
    job: { index: 0, count: 1 },
    sequence: 0,
    embedder: 'descriptor-v1',
    modelHash: 'test',
    dimension: DIMENSION,
    ids: IDS,
    vectors,
  });
  await runIndex({ dataDir, k: 3 });
});
afterAll(() => {
  clearVectorIndexCache();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('loadVectorIndex', () => {
  it('reads a vector by offset', () => {
    const index = loadVectorIndex(dataDir);
    expect(Array.from(index.vectorOf(300))).toEqual(Array.from(vectors.subarray(3 * DIMENSION, 4 * DIMENSION)));
    expect(Array.from(index.vectorOf(8))).toEqual(Array.from(vectors.subarray(4 * DIMENSION)));
  });

  it('maps ids to rows', () => {
    const index = loadVectorIndex(dataDir);
    expect(Array.from(index.ids)).toEqual(IDS);
    expect(index.rowOf(19)).toBe(2);
    expect(index.rowOf(999)).toBe(-1);
    expect(index.size).toBe(5);
    expect(index.dimension).toBe(DIMENSION);
  });

  it('finds an object by its own vector', () => {
    const index = loadVectorIndex(dataDir);
    const found = index.search(index.vectorOf(7), 2);
    expect(found.rows[0]).toBe(1);
    expect(found.similarities[0]).toBeCloseTo(1, 5);
  });

  it('loads once per process', () => {
    expect(loadVectorIndex(dataDir)).toBe(loadVectorIndex(dataDir));
  });

  it('rejects an unknown id', () => {
    expect(() => loadVectorIndex(dataDir).vectorOf(999)).toThrow(
      `object 999 is not in the index at ${dataPaths(dataDir).index}; run the embed and index stages`,
    );
  });
});

describe('rowLookup', () => {
  it('maps shuffled ids and misses', () => {
    const random = seededRandom(11);
    const ids = Int32Array.from({ length: 5000 }, (_, row) => row * 3 + 1);
    for (let i = ids.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }

    const rowOf = rowLookup(ids);
    ids.forEach((id, row) => expect(rowOf(id)).toBe(row));
    for (const missing of [0, 2, 3, 14_999, 15_000, -1, 2 ** 31 - 1]) expect(rowOf(missing)).toBe(-1);
  });

  it('answers -1 on an empty index', () => {
    expect(rowLookup(new Int32Array(0))(5)).toBe(-1);
  });
});
