import type { Db } from '@/lib/db/client';
import type { ObjectRow } from '@/lib/db/schema';
import { contrastOf, type Contrast } from './contrast';
import { getObjectRows, toArtwork, type Artwork } from './objects';
import type { ContrastFilters, NeighbourQuery } from './params';
import type { VectorIndex } from '@/lib/index/loader';

/**
 * Number of index rows a filtered neighbour search ranks before filtering. Filters run after the
 * search, so the pool must be deep enough for rare combinations to find matches anywhere in the museum.
 * An index of at most this size is searched whole.
 */
export const SEARCH_DEPTH = 2000;

/** Candidates whose database rows are read at once while filtering, after the first read. */
const CANDIDATE_CHUNK = 24;

/** Number of unfiltered nearest neighbours shown for comparison. */
export const PLAIN_NEIGHBOURS = 8;

export interface Neighbour {
  artwork: Artwork;
  contrast: Contrast;
}

export interface NeighbourResult {
  /** False when the artwork has no vector (its image failed to fetch or was never embedded). */
  indexed: boolean;
  /** Neighbours that cross at least one boundary and pass the filters, nearest first, at most `requested`. */
  neighbours: Neighbour[];
  /** Nearest neighbours with no filter applied, for comparison. */
  plain: Neighbour[];
  requested: number;
  /** Index rows ranked before filtering: min(index size, SEARCH_DEPTH). */
  searched: number;
}

/**
 * Decides whether a neighbour is "unlikely": it must cross at least one boundary (a reason from the
 * curator's contrast rules, such as 100+ years apart or another culture) and pass every filter.
 */
export function passes(contrast: Contrast, neighbour: ObjectRow, filters: ContrastFilters): boolean {
  if (contrast.reasons.length === 0) return false;
  const similarity = contrast.similarity ?? 0;
  if (similarity < filters.minSimilarity || similarity > filters.maxSimilarity) return false;
  if (filters.minYears > 0 && (contrast.yearsApart === null || contrast.yearsApart < filters.minYears)) return false;
  if (filters.cross.includes('department') && !contrast.crossesDepartment) return false;
  if (filters.cross.includes('culture') && !contrast.crossesCulture) return false;
  if (filters.cross.includes('type') && !contrast.crossesObjectName) return false;
  if (filters.departments.length > 0 && !filters.departments.includes(neighbour.department)) return false;
  if (filters.excludeDepartments.includes(neighbour.department)) return false;
  return true;
}

/**
 * Finds the artwork's nearest neighbours that pass the contrast filters, as if the whole index (up to
 * SEARCH_DEPTH rows) were searched at request time, so any filter combination competes against every
 * artwork.
 *
 * The index stage's precomputed top-K list is the head of that same global ranking, so when enough
 * of it passes the filters the result is the same as a deep search's, without one. A deep search
 * blocks Node's thread for a scan of every vector (tens of milliseconds at 200k objects), so this
 * keeps the common request cheap. NOTE: near-ties can swap places between the two, because a
 * batched and a single-query search sum in different orders.
 */
export function findNeighbours(db: Db, index: VectorIndex, target: ObjectRow, query: NeighbourQuery): NeighbourResult {
  if (index.rowOf(target.id) < 0) return { indexed: false, neighbours: [], plain: [], requested: query.k, searched: 0 };
  const depth = Math.min(index.size, SEARCH_DEPTH);

  const precomputed = index.neighboursOf(target.id);
  if (precomputed) {
    const result = collectNeighbours(db, index, target, query, precomputed.rows, precomputed.similarities);
    if (result.neighbours.length >= query.k && result.plain.length >= Math.min(PLAIN_NEIGHBOURS, index.size - 1)) {
      return { indexed: true, ...result, requested: query.k, searched: depth };
    }
  }

  const { rows, similarities } = index.search(index.vectorOf(target.id), depth);
  const result = collectNeighbours(db, index, target, query, rows, similarities);
  return { indexed: true, ...result, requested: query.k, searched: depth };
}

/** Walks ranked index rows once, keeping the plain neighbours and the ones that pass the filters. */
function collectNeighbours(
  db: Db,
  index: VectorIndex,
  target: ObjectRow,
  query: NeighbourQuery,
  rows: Int32Array,
  similarities: Float32Array,
): { neighbours: Neighbour[]; plain: Neighbour[] } {
  // Rows are -1 past the end of a short result; -1 maps to no id, which the loop skips.
  const candidateIds = Array.from(rows, (row) => (row < 0 ? -1 : index.ids[row]));
  const neighbours: Neighbour[] = [];
  const plain: Neighbour[] = [];
  const done = () => plain.length >= PLAIN_NEIGHBOURS && neighbours.length >= query.k;

  // Database rows are read a chunk at a time, because most requests are filled by the first few
  // dozen candidates and reading all of a deep search's 2,000 was most of a request's cost. Each row
  // is a random read in a large database, so the first read takes only as many rows as a request
  // with loose filters needs (one more, for the target itself).
  const firstChunk = Math.max(PLAIN_NEIGHBOURS, query.k) + 1;
  for (let start = 0, size = firstChunk; start < candidateIds.length && !done(); start += size, size = CANDIDATE_CHUNK) {
    const chunkIds = candidateIds.slice(start, start + size);
    const objectsById = getObjectRows(db, chunkIds);

    for (let offset = 0; offset < chunkIds.length && !done(); offset += 1) {
      const id = chunkIds[offset];
      const row = objectsById.get(id);
      // The index may list an object the database no longer has; such rows cannot be shown.
      if (id === target.id || !row) continue;

      const contrast = contrastOf(target, row, similarities[start + offset]);
      const inPlain = plain.length < PLAIN_NEIGHBOURS;
      const inFiltered = neighbours.length < query.k && passes(contrast, row, query);
      if (!inPlain && !inFiltered) continue;

      // One object serves both lists when a neighbour is in both.
      const neighbour = { artwork: toArtwork(row), contrast };
      if (inPlain) plain.push(neighbour);
      if (inFiltered) neighbours.push(neighbour);
    }
  }

  return { neighbours, plain };
}

/** Cosine similarity of two indexed artworks, or null when either has no vector. */
export function similarityOf(index: VectorIndex, first: number, second: number): number | null {
  if (index.rowOf(first) < 0 || index.rowOf(second) < 0) return null;
  const a = index.vectorOf(first);
  const b = index.vectorOf(second);

  let dot = 0;
  for (let d = 0; d < a.length; d += 1) dot += a[d] * b[d];
  return dot;
}
