import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Db } from '@/lib/db/client';
import { findNeighbours } from '@/lib/gallery/neighbours';
import { getObjectRow } from '@/lib/gallery/objects';
import { DEFAULT_FILTERS, type NeighbourQuery } from '@/lib/gallery/params';
import { clearVectorIndexCache, loadVectorIndex, type VectorIndex } from '@/lib/index/loader';
import { dataPaths } from '@/lib/paths';
import { buildSearchData } from '../search/data';

// A real DATA_DIR from the pipeline (40 sample objects, descriptor embedder, 10 precomputed neighbours each).
let root: string;
let db: Db;
let index: VectorIndex;

/** Wraps the index to count deep searches and, optionally, hide its precomputed neighbours. */
function instrumented(base: VectorIndex, options: { hidePrecomputed: boolean }) {
  const counter = { searches: 0 };
  const wrapped: VectorIndex = {
    ...base,
    search(query, k) {
      counter.searches += 1;
      return base.search(query, k);
    },
    neighboursOf: (id) => (options.hidePrecomputed ? null : base.neighboursOf(id)),
  };
  return { wrapped, counter };
}

const ids = (result: ReturnType<typeof findNeighbours>) => result.neighbours.map((neighbour) => neighbour.artwork.id);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'met-cascade-'));
  const { dataDir } = await buildSearchData(root, 'descriptor', 40);
  clearVectorIndexCache();
  index = loadVectorIndex(dataDir);
  db = openDatabase(dataPaths(dataDir).database);
}, 180_000);

afterAll(() => {
  db?.$client.close();
  clearVectorIndexCache();
  rmSync(root, { recursive: true, force: true });
});

describe('neighbour cascade', () => {
  it('reads the precomputed list', () => {
    const target = index.ids[0];
    const precomputed = index.neighboursOf(target);
    expect(precomputed?.rows.length).toBe(10);
    expect(Array.from(precomputed!.rows)).not.toContain(0);
    expect(index.neighboursOf(-5)).toBeNull();
  });

  it('answers small requests without a search', () => {
    const { wrapped, counter } = instrumented(index, { hidePrecomputed: false });
    const target = getObjectRow(db, index.ids[0])!;
    findNeighbours(db, wrapped, target, { ...DEFAULT_FILTERS, k: 1 });
    expect(counter.searches).toBe(0);
  });

  it('searches when too few qualify', () => {
    const { wrapped, counter } = instrumented(index, { hidePrecomputed: false });
    const target = getObjectRow(db, index.ids[0])!;
    const result = findNeighbours(db, wrapped, target, { ...DEFAULT_FILTERS, k: 30 });
    expect(counter.searches).toBe(1);
    expect(result.searched).toBe(index.size);
  });

  it('matches a deep search', () => {
    const queries: NeighbourQuery[] = [
      { ...DEFAULT_FILTERS, k: 3 },
      { ...DEFAULT_FILTERS, k: 2, cross: ['department'] },
      { ...DEFAULT_FILTERS, k: 12 },
    ];
    const fast = instrumented(index, { hidePrecomputed: false }).wrapped;
    const deep = instrumented(index, { hidePrecomputed: true }).wrapped;
    for (const id of index.ids) {
      const target = getObjectRow(db, id)!;
      for (const query of queries) {
        expect(ids(findNeighbours(db, fast, target, query))).toEqual(ids(findNeighbours(db, deep, target, query)));
      }
    }
  });
});
