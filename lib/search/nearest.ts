/**
 * Nearest artworks of a query vector (an embedded text or uploaded image), searched across the whole
 * index up to SEARCH_DEPTH rows and then filtered, as the artwork page's neighbour search does.
 */
import type { Db } from '@/lib/db/client';
import type { ObjectRow } from '@/lib/db/schema';
import { contrastOf } from '@/lib/gallery/contrast';
import { passes, SEARCH_DEPTH, type Neighbour } from '@/lib/gallery/neighbours';
import { getObjectRows, toArtwork, type Artwork } from '@/lib/gallery/objects';
import type { NeighbourQuery } from '@/lib/gallery/params';
import type { VectorIndex } from '@/lib/index/loader';
import type { MetadataFilters } from './params';

export interface Match {
  artwork: Artwork;
  /** Cosine similarity between the query vector and the artwork's vector. */
  similarity: number;
}

interface Candidate {
  row: ObjectRow;
  similarity: number;
}

/** Ranks the index rows nearest `vector`, best first, as database rows; ids missing from the database are skipped. */
function rankCandidates(db: Db, index: VectorIndex, vector: Float32Array): { candidates: Candidate[]; searched: number } {
  if (vector.length !== index.dimension) {
    throw new Error(`query vector has ${vector.length} dimensions but the index has ${index.dimension}; embed the query with the index's embedder`);
  }
  const depth = Math.min(index.size, SEARCH_DEPTH);
  const { rows, similarities } = index.search(vector, depth);
  const ids = Array.from(rows, (row) => (row < 0 ? -1 : index.ids[row]));
  const objects = getObjectRows(db, ids);

  const candidates: Candidate[] = [];
  ids.forEach((id, position) => {
    const row = objects.get(id);
    if (row) candidates.push({ row, similarity: similarities[position] });
  });
  return { candidates, searched: depth };
}

/** True when `row` passes every metadata filter; a year range excludes artworks without years. */
export function matchesFilters(row: ObjectRow, filters: MetadataFilters): boolean {
  if (filters.departments.length > 0 && !filters.departments.includes(row.department)) return false;
  if (filters.culture && !row.culture.toLowerCase().includes(filters.culture.toLowerCase())) return false;
  if (filters.objectType && !row.objectName.toLowerCase().includes(filters.objectType.toLowerCase())) return false;

  if (filters.fromYear !== null || filters.toYear !== null) {
    const begin = row.beginYear ?? row.endYear;
    const end = row.endYear ?? row.beginYear;
    if (begin === null || end === null) return false;
    if (filters.fromYear !== null && end < filters.fromYear) return false;
    if (filters.toYear !== null && begin > filters.toYear) return false;
  }
  return true;
}

export interface TextSearchResult {
  matches: Match[];
  /** Index rows ranked before filtering: min(index size, SEARCH_DEPTH). */
  searched: number;
}

/** Returns up to `limit` artworks nearest `vector` that pass the metadata filters, nearest first. */
export function nearestMatching(db: Db, index: VectorIndex, vector: Float32Array, filters: MetadataFilters, limit: number): TextSearchResult {
  const { candidates, searched } = rankCandidates(db, index, vector);
  const matches = candidates
    .filter((candidate) => matchesFilters(candidate.row, filters))
    .slice(0, limit)
    .map((candidate) => ({ artwork: toArtwork(candidate.row), similarity: candidate.similarity }));
  return { matches, searched };
}

export interface ImageSearchResult {
  /** The artwork nearest the uploaded image, which the contrast reasons below are measured against. */
  closest: Neighbour | null;
  /** Nearest artworks with no filter, the closest first, at most `k`. */
  nearest: Neighbour[];
  /** Nearest artworks that differ from the closest one in at least one way and pass the contrast filters. */
  unlikely: Neighbour[];
  searched: number;
}

/**
 * Searches for an uploaded image's nearest artworks. Contrast needs two labelled artworks, so each
 * result is compared with the closest match, using the artwork page's contrast rules and filters.
 * Similarities are to the uploaded image.
 */
export function nearestToImage(db: Db, index: VectorIndex, vector: Float32Array, query: NeighbourQuery): ImageSearchResult {
  const { candidates, searched } = rankCandidates(db, index, vector);
  if (candidates.length === 0) return { closest: null, nearest: [], unlikely: [], searched };

  const anchor = candidates[0].row;
  const neighbours = candidates.map(({ row, similarity }) => ({ row, neighbour: { artwork: toArtwork(row), contrast: contrastOf(anchor, row, similarity) } }));

  return {
    closest: neighbours[0].neighbour,
    nearest: neighbours.slice(0, query.k).map((item) => item.neighbour),
    unlikely: neighbours
      .slice(1)
      .filter((item) => passes(item.neighbour.contrast, item.row, query))
      .slice(0, query.k)
      .map((item) => item.neighbour),
    searched,
  };
}
