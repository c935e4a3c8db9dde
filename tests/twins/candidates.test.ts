import { describe, expect, it } from 'vitest';

import { findMutualPairs, type NeighbourTable } from '../../lib/twins/candidates';
import { findOutliers } from '../../lib/twins/outliers';
import { nearDuplicateHubIds } from '../../lib/twins/placeholder';

// Four objects, two neighbours each. 10 and 20 list each other first; 30 lists 10 but 10 does not
// list 30 within k = 1; 40's second neighbour is missing.
const table: NeighbourTable = {
  ids: [20, 10, 30, 40],
  columns: 2,
  rows: Int32Array.from([1, 2, 0, 2, 1, 0, 2, -1]),
  similarities: Float32Array.from([0.9, 0.5, 0.9, 0.6, 0.7, 0.4, 0.3, Number.NEGATIVE_INFINITY]),
};

describe('findMutualPairs', () => {
  it('keeps only mutual pairs at k 1', () => {
    const result = findMutualPairs(table, 1);
    expect(result.qualified).toEqual([
      { aId: 10, bId: 20, aRow: 1, bRow: 0, similarity: expect.closeTo(0.9, 5), rankBInA: 1, rankAInB: 1 },
    ]);
    expect(result.candidates).toBe(3); // 10–20, 30–10, 40–30
  });

  it('records ranks at k 2', () => {
    const pairs = findMutualPairs(table, 2).qualified;
    expect(pairs).toContainEqual({ aId: 10, bId: 30, aRow: 1, bRow: 2, similarity: expect.closeTo(0.6, 5), rankBInA: 2, rankAInB: 1 });
    expect(pairs).toContainEqual({ aId: 20, bId: 30, aRow: 0, bRow: 2, similarity: expect.closeTo(0.5, 5), rankBInA: 2, rankAInB: 2 });
    expect(pairs).toHaveLength(3);
  });

  it('counts k-occurrence', () => {
    expect(Array.from(findMutualPairs(table, 2).kOccurrence)).toEqual([2, 2, 3, 0]);
  });

  it('rejects k above the stored columns', () => {
    expect(() => findMutualPairs(table, 3)).toThrow(
      'invalid k 3: the index stage stored 2 neighbours per object; lower k or run the index stage with --k 3',
    );
  });
});

describe('findOutliers', () => {
  it('ranks the least similar k-th neighbour first', () => {
    expect(findOutliers(table, 1, 2)).toEqual([
      { objectId: 40, kthSimilarity: expect.closeTo(0.3, 5), rank: 1 },
      { objectId: 30, kthSimilarity: expect.closeTo(0.7, 5), rank: 2 },
    ]);
  });

  it('skips excluded and short rows', () => {
    expect(findOutliers(table, 2, 4, new Set([30])).map((outlier) => outlier.objectId)).toEqual([20, 10]);
  });
});

describe('nearDuplicateHubIds', () => {
  it('finds images with many copies', () => {
    expect(nearDuplicateHubIds(table, 0.6, 3)).toEqual(new Set([10]));
  });
});
