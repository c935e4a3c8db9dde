/**
 * Read side of the index stage's output for the web server: the FAISS index, the Met id of each row,
 * and single vectors read from vectors.npy by offset. Loaded once per process and data directory.
 */
import { existsSync, readFileSync } from 'node:fs';

import { dataPaths } from '../paths';
import { readIndex, type SearchResult } from './faiss';
import { openMatrixFile, openVectorFile, type MatrixFile } from './vectors';

export interface VectorIndex {
  dimension: number;
  size: number;
  ids: Int32Array; // Met object id of each FAISS row
  /** Returns the FAISS row of a Met object id, or -1 when the object is not indexed. */
  rowOf(id: number): number;
  /** Searches n queries (row-major n × dimension); rows are -1 past the end of a short result. */
  search(query: Float32Array, k: number): SearchResult;
  /** Reads one object's stored vector; throws when the id is not indexed. */
  vectorOf(id: number): Float32Array;
  /**
   * Reads the index stage's precomputed global neighbours of an object (itself excluded), nearest
   * first, or returns null when the object is not indexed or the neighbour files are absent.
   */
  neighboursOf(id: number): SearchResult | null;
}

/** Opens the neighbour files when both exist and match the index; otherwise returns null. */
function openNeighbourFiles(paths: ReturnType<typeof dataPaths>, rows: number) {
  if (!existsSync(paths.neighbourIds) || !existsSync(paths.neighbourSimilarities)) return null;
  const neighbourRows: MatrixFile<Int32Array> = openMatrixFile(paths.neighbourIds, 'int32');
  const similarities: MatrixFile<Float32Array> = openMatrixFile(paths.neighbourSimilarities, 'float32');
  if (neighbourRows.rows !== rows || similarities.rows !== rows || similarities.columns !== neighbourRows.columns) {
    throw new Error(
      `neighbour files in ${paths.root} disagree with the index (${neighbourRows.rows} and ${similarities.rows} rows ` +
        `for ${rows} indexed objects); run the index stage again`,
    );
  }
  return { rows: neighbourRows, similarities };
}

/**
 * Returns a function from Met id to FAISS row: a binary search over the ids sorted once. At 200k rows
 * the two Int32Arrays take 1.6 MB, less than a Map of the same entries.
 */
export function rowLookup(ids: Int32Array): (id: number) => number {
  const order = Int32Array.from(ids.keys()).sort((a, b) => ids[a] - ids[b]);
  const sortedIds = Int32Array.from(order, (row) => ids[row]);

  return (id) => {
    let low = 0;
    let high = sortedIds.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = sortedIds[middle];
      if (value === id) return order[middle];
      if (value < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  };
}

const cache = new Map<string, VectorIndex>();

function load(dataDir: string): VectorIndex {
  const paths = dataPaths(dataDir);
  const index = readIndex(paths.index);
  const ids = Int32Array.from(JSON.parse(readFileSync(paths.indexIds, 'utf8')) as number[]);
  const vectors = openVectorFile(paths.vectors);

  if (ids.length !== index.size() || vectors.rows !== ids.length || vectors.dimension !== index.dimension) {
    throw new Error(
      `index files in ${paths.root} disagree: index.faiss has ${index.size()} rows of ${index.dimension}-d, ` +
        `index.ids.json ${ids.length} ids, vectors.npy ${vectors.rows} rows of ${vectors.dimension}-d; run the index stage again`,
    );
  }

  const neighbourFiles = openNeighbourFiles(paths, ids.length);

  const rowOf = rowLookup(ids);

  return {
    dimension: index.dimension,
    size: ids.length,
    ids,
    rowOf,
    search: (query, k) => index.search(query, k),
    vectorOf(id) {
      const row = rowOf(id);
      if (row < 0) throw new Error(`object ${id} is not in the index at ${paths.index}; run the embed and index stages`);
      return vectors.readRows(row, 1);
    },
    neighboursOf(id) {
      const row = rowOf(id);
      if (row < 0 || !neighbourFiles) return null;
      return { rows: neighbourFiles.rows.readRows(row, 1), similarities: neighbourFiles.similarities.readRows(row, 1) };
    },
  };
}

/** Returns the loaded index of `dataDir`, loading it on the first call in this process. */
export function loadVectorIndex(dataDir: string): VectorIndex {
  const root = dataPaths(dataDir).root;
  let loaded = cache.get(root);
  if (!loaded) {
    loaded = load(root);
    cache.set(root, loaded);
  }
  return loaded;
}

/** Forgets loaded indexes, so the next call reads the files again (after a rebuild, or in tests). */
export function clearVectorIndexCache(): void {
  cache.clear();
}
