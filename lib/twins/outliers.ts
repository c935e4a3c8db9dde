/** The most visually isolated artworks: those least similar to even their k-th nearest neighbour. */
import type { NeighbourTable } from './candidates';

export interface Outlier {
  objectId: number;
  kthSimilarity: number;
  rank: number; // 1 = most isolated
}

/**
 * Returns the `count` objects with the lowest similarity to their k-th neighbour (1-based k), most
 * isolated first. Objects in `exclude` (placeholders) and rows without a k-th neighbour are skipped.
 */
export function findOutliers(
  table: NeighbourTable,
  k: number,
  count: number,
  exclude: ReadonlySet<number> = new Set(),
): Outlier[] {
  if (k < 1 || k > table.columns) {
    throw new Error(`invalid outlier k ${k}: expected 1 to ${table.columns}, the neighbours stored per object`);
  }

  const scored: Array<{ objectId: number; kthSimilarity: number }> = [];
  for (let row = 0; row < table.ids.length; row++) {
    const objectId = table.ids[row];
    const neighbour = table.rows[row * table.columns + k - 1];
    if (neighbour < 0 || exclude.has(objectId)) continue;
    scored.push({ objectId, kthSimilarity: table.similarities[row * table.columns + k - 1] });
  }

  scored.sort((x, y) => x.kthSimilarity - y.kthSimilarity || x.objectId - y.objectId);
  return scored.slice(0, count).map((entry, index) => ({ ...entry, rank: index + 1 }));
}
