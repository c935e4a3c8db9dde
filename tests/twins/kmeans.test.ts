import { describe, expect, it } from 'vitest';

import { assignToCentroids, kMeans } from '../../lib/twins/kmeans';
import { randomUnitVectors } from '../index/random';

/** Three tight groups of unit vectors around the first three axes of an 8-d space. */
function groups(perGroup: number): Float32Array {
  const d = 8;
  const noise = randomUnitVectors(perGroup * 3, d, 11);
  const vectors = new Float32Array(perGroup * 3 * d);
  for (let i = 0; i < perGroup * 3; i++) {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      vectors[i * d + j] = (j === Math.floor(i / perGroup) ? 1 : 0) + 0.05 * noise[i * d + j];
      norm += vectors[i * d + j] ** 2;
    }
    for (let j = 0; j < d; j++) vectors[i * d + j] /= Math.sqrt(norm);
  }
  return vectors;
}

describe('kMeans', () => {
  it('recovers separated groups', () => {
    const { assignments } = kMeans(groups(20), 8, { k: 3, seed: 1, maxIterations: 20 });
    for (const start of [0, 20, 40]) {
      const members = new Set(assignments.subarray(start, start + 20));
      expect(members.size).toBe(1);
    }
    expect(new Set(assignments).size).toBe(3);
  });

  it('is deterministic for a seed', () => {
    const first = kMeans(groups(10), 8, { k: 4, seed: 9, maxIterations: 20 });
    const second = kMeans(groups(10), 8, { k: 4, seed: 9, maxIterations: 20 });
    expect(Array.from(second.assignments)).toEqual(Array.from(first.assignments));
  });

  it('caps k at the row count', () => {
    const result = kMeans(groups(1), 8, { k: 10, seed: 1, maxIterations: 5 });
    expect(result.centroids.length).toBe(3 * 8);
  });

  it('assigns new rows to centroids', () => {
    const vectors = groups(5);
    const { centroids, assignments } = kMeans(vectors, 8, { k: 3, seed: 2, maxIterations: 20 });
    expect(Array.from(assignToCentroids(vectors, centroids, 8))).toEqual(Array.from(assignments));
  });
});
