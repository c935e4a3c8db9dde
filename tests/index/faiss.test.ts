import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildIndex, factoryDescriptor, ivfListCount, readIndex } from '../../lib/index/faiss';
import { bruteForceTopK, randomUnitVectors } from './random';

const DIMENSION = 32;
const ROWS = 2000;
const K = 10;
const vectors = randomUnitVectors(ROWS, DIMENSION, 7);

function recallAt(kind: 'flat' | 'ivf' | 'hnsw', queries: number, ivfProbes?: number): number {
  const index = buildIndex(kind, DIMENSION, vectors, { ivfProbes });
  const found = index.search(vectors.subarray(0, queries * DIMENSION), K);
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    const expected = new Set(bruteForceTopK(vectors, DIMENSION, q, K));
    for (const row of found.rows.subarray(q * K, q * K + K)) if (expected.has(row)) hits++;
  }
  return hits / (queries * K);
}

describe('faiss boundary', () => {
  it('flat search equals brute force', () => {
    const index = buildIndex('flat', DIMENSION, vectors);
    const found = index.search(vectors.subarray(0, 50 * DIMENSION), K);
    for (let q = 0; q < 50; q++) {
      expect(Array.from(found.rows.subarray(q * K, q * K + K))).toEqual(bruteForceTopK(vectors, DIMENSION, q, K));
    }
    expect(found.similarities[0]).toBeCloseTo(1, 5);
    expect(found.rows).toBeInstanceOf(Int32Array);
    expect(found.similarities).toBeInstanceOf(Float32Array);
  });

  it('ivf recall is plausible', () => {
    expect(factoryDescriptor('ivf', ROWS)).toBe('IVF51,Flat');
    expect(recallAt('ivf', 100)).toBeGreaterThan(0.8);
  });

  it('ivf probes trade recall', () => {
    const oneList = recallAt('ivf', 100, 1);
    const allLists = recallAt('ivf', 100, 51);
    expect(oneList).toBeLessThan(0.6);
    expect(allLists).toBe(1);
  });

  it('ivf probes survive a write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivf-'));
    const path = join(dir, 'index.faiss');
    buildIndex('ivf', DIMENSION, vectors, { ivfProbes: 51 }).write(path);
    const found = readIndex(path).search(vectors.subarray(0, DIMENSION), K);
    expect(Array.from(found.rows)).toEqual(bruteForceTopK(vectors, DIMENSION, 0, K));
  });

  it('hnsw recall is plausible', () => {
    expect(recallAt('hnsw', 100)).toBeGreaterThan(0.8);
  });

  it('search pads past the index size', () => {
    const index = buildIndex('flat', DIMENSION, vectors.subarray(0, 3 * DIMENSION));
    const found = index.search(vectors.subarray(0, DIMENSION), 5);
    expect(Array.from(found.rows)).toEqual([0, ...Array.from(found.rows.subarray(1, 3)), -1, -1]);
    expect(found.similarities[4]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('ivf list count shrinks for small collections', () => {
    expect(ivfListCount(10)).toBe(1);
    expect(ivfListCount(200_000)).toBe(1024);
  });

  it('search rejects a ragged query', () => {
    const index = buildIndex('flat', DIMENSION, vectors.subarray(0, 10 * DIMENSION));
    expect(() => index.search(new Float32Array(DIMENSION + 1), 2)).toThrow(
      'invalid query: 33 values is not a multiple of the index dimension 32',
    );
  });
});
