/**
 * The competitive filter: a pair qualifies only when each artwork is among the other's global top-K
 * neighbours. A match so has to beat every other object in the collection on both sides, not just the
 * objects that survived a metadata filter.
 */
import type { CandidatePair } from './types';

/** The index stage's global neighbour table: for each FAISS row, `columns` neighbours best first. */
export interface NeighbourTable {
  ids: ArrayLike<number>; // Met object id of each FAISS row
  columns: number;
  rows: Int32Array; // n × columns FAISS rows; -1 marks a missing neighbour
  similarities: Float32Array; // n × columns cosine similarities
}

export interface CandidateResult {
  candidates: number; // distinct unordered pairs where at least one side lists the other in its top K
  qualified: CandidatePair[]; // both sides list each other in their top K
  kOccurrence: Int32Array; // per row: how many other rows list it in their top K
}

/** Returns the 1-based rank of `target` among the first k neighbours of `row`, or 0 when absent. */
function rankOf(table: NeighbourTable, row: number, target: number, k: number): number {
  const offset = row * table.columns;
  for (let rank = 0; rank < k; rank++) {
    if (table.rows[offset + rank] === target) return rank + 1;
  }
  return 0;
}

/** Finds the pairs that are within each other's top K (K ≤ table.columns); `aId < bId` in each. */
export function findMutualPairs(table: NeighbourTable, k: number): CandidateResult {
  if (k > table.columns) {
    throw new Error(`invalid k ${k}: the index stage stored ${table.columns} neighbours per object; lower k or run the index stage with --k ${k}`);
  }

  const n = table.ids.length;
  const kOccurrence = new Int32Array(n);
  const qualified: CandidatePair[] = [];
  let directedEdges = 0;

  for (let row = 0; row < n; row++) {
    for (let rank = 1; rank <= k; rank++) {
      const other = table.rows[row * table.columns + rank - 1];
      if (other < 0) continue;
      directedEdges++;
      kOccurrence[other]++;

      const rankBack = rankOf(table, other, row, k);
      if (rankBack === 0 || table.ids[row] > table.ids[other]) continue; // one-sided, or seen from the other side

      qualified.push({
        aId: table.ids[row],
        bId: table.ids[other],
        aRow: row,
        bRow: other,
        similarity: table.similarities[row * table.columns + rank - 1],
        rankBInA: rank,
        rankAInB: rankBack,
      });
    }
  }

  // A mutual pair shows up as two directed edges, a one-sided pair as one.
  return { candidates: directedEdges - qualified.length, qualified, kOccurrence };
}
