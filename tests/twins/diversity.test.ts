import { describe, expect, it } from 'vitest';

import { clusterCapacity, diversityFigures, selectTopPairs, type RankedPair } from '../../lib/twins/diversity';

function pair(aId: number, bId: number, score: number, cluster: number): RankedPair {
  return { aId, bId, score, cluster };
}

describe('selectTopPairs', () => {
  it('uses each object once', () => {
    const pairs = [pair(1, 2, 0.9, 0), pair(1, 3, 0.8, 1), pair(4, 5, 0.7, 2), pair(2, 6, 0.6, 3)];
    expect(selectTopPairs(pairs, { topN: 10, maxPairsPerObject: 1, maxClusterShare: 1 })).toEqual([0, 2]);
  });

  it('allows two pairs per object', () => {
    const pairs = [pair(1, 2, 0.9, 0), pair(1, 3, 0.8, 1), pair(1, 4, 0.7, 2)];
    expect(selectTopPairs(pairs, { topN: 10, maxPairsPerObject: 2, maxClusterShare: 1 })).toEqual([0, 1]);
  });

  it('caps every prefix by cluster share', () => {
    // Ten pairs of cluster 0 outscore everything; a 20% share lets one in per five positions.
    const pairs = [
      ...Array.from({ length: 10 }, (_, i) => pair(100 + 2 * i, 101 + 2 * i, 1 - i / 100, 0)),
      ...Array.from({ length: 10 }, (_, i) => pair(200 + 2 * i, 201 + 2 * i, 0.5 - i / 100, 1 + i)),
    ];
    const top = selectTopPairs(pairs, { topN: 10, maxPairsPerObject: 1, maxClusterShare: 0.2 });
    const clusters = top.map((index) => pairs[index].cluster);
    expect(clusters.filter((cluster) => cluster === 0)).toHaveLength(2);
    expect(clusters[0]).toBe(0);
    expect(clusters.slice(0, 9).filter((cluster) => cluster === 0)).toHaveLength(1);
    expect(clusters[9]).toBe(0); // the held-back pair returns at position 10
  });

  it('stops when no pair fits', () => {
    const pairs = [pair(1, 2, 0.9, 0), pair(3, 4, 0.8, 0)];
    expect(selectTopPairs(pairs, { topN: 10, maxPairsPerObject: 1, maxClusterShare: 0.2 })).toEqual([0]);
  });

  it('keeps input order on ties', () => {
    const pairs = [pair(1, 2, 0.5, 0), pair(3, 4, 0.5, 1)];
    expect(selectTopPairs(pairs, { topN: 2, maxPairsPerObject: 1, maxClusterShare: 1 })).toEqual([0, 1]);
  });
});

describe('clusterCapacity', () => {
  it('allows at least one', () => {
    expect(clusterCapacity(1, 0.2)).toBe(1);
    expect(clusterCapacity(30, 0.2)).toBe(6);
  });
});

describe('diversityFigures', () => {
  it('measures the first window', () => {
    const top = [
      { aId: 1, bId: 2, cluster: 0, boundaryCount: 3 },
      { aId: 3, bId: 4, cluster: 0, boundaryCount: 1 },
      { aId: 1, bId: 5, cluster: 1, boundaryCount: 2 },
      { aId: 6, bId: 7, cluster: 2, boundaryCount: 0 },
    ];
    expect(diversityFigures(top, 3)).toEqual({
      listSize: 4,
      distinctObjects: 5,
      largestClusterShare: 2 / 3,
      multiBoundaryShare: 2 / 3,
    });
  });
});

describe('selectTopPairs kinds', () => {
  it('caps every prefix by kind share', () => {
    // Snuffboxes outscore everything; a 20% kind share lets one in per five positions.
    const pairs = [
      ...Array.from({ length: 5 }, (_, i) => ({ ...pair(100 + 2 * i, 101 + 2 * i, 1 - i / 100, i), kinds: ['snuffbox', `other-${i}`] })),
      ...Array.from({ length: 5 }, (_, i) => ({ ...pair(200 + 2 * i, 201 + 2 * i, 0.5 - i / 100, 10 + i), kinds: [`vase-${i}`, ''] })),
    ];
    const top = selectTopPairs(pairs, { topN: 5, maxPairsPerObject: 1, maxClusterShare: 1, maxKindShare: 0.2 });
    expect(top).toEqual([0, 5, 6, 7, 8]);
  });

  it('relaxes kinds when nothing else fits', () => {
    const pairs = [{ ...pair(1, 2, 0.9, 0), kinds: ['vase', ''] }, { ...pair(3, 4, 0.8, 1), kinds: ['vase', ''] }];
    expect(selectTopPairs(pairs, { topN: 2, maxPairsPerObject: 1, maxClusterShare: 1, maxKindShare: 0.2 })).toEqual([0, 1]);
  });

  it('ignores unknown kinds', () => {
    const pairs = [{ ...pair(1, 2, 0.9, 0), kinds: ['', ''] }, { ...pair(3, 4, 0.8, 1), kinds: ['', ''] }];
    expect(selectTopPairs(pairs, { topN: 2, maxPairsPerObject: 1, maxClusterShare: 1, maxKindShare: 0.2 })).toEqual([0, 1]);
  });
});
