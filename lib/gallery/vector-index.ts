import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dataPaths } from '@/lib/paths';

/**
 * The slice of the vector index the gallery uses. It mirrors the index stage's loader contract
 * (`loadVectorIndex(dataDir)`) so that the gallery can switch to it by changing one import.
 */
export interface GalleryVectorIndex {
  dimension: number;
  size: number;
  /** Met object id of each row, in row order. */
  ids: Int32Array;
  rowOf(id: number): number | undefined;
  /** Top `k` rows by inner product (cosine, since vectors are L2-normalised), best first. */
  search(query: Float32Array, k: number): { rows: Int32Array; similarities: Float32Array };
  vectorOf(id: number): Float32Array | undefined;
}

/** Parses a little-endian float32 C-order 2-D .npy file into its shape and data. */
function readNpyFloat32(path: string): { rows: number; columns: number; data: Float32Array } {
  const bytes = readFileSync(path);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.subarray(headerStart, headerStart + headerLength).toString('latin1');

  if (!header.includes("'descr': '<f4'") || header.includes("'fortran_order': True")) {
    throw new Error(`${path}: expected a little-endian float32 C-order array; header is ${header.trim()}`);
  }
  const shape = /'shape': \((\d+), (\d+)\)/.exec(header);
  if (!shape) throw new Error(`${path}: expected a 2-D array; header is ${header.trim()}`);

  const offset = headerStart + headerLength;
  const copy = new Uint8Array(bytes.subarray(offset)); // copied so the Float32Array is 4-byte aligned
  return { rows: Number(shape[1]), columns: Number(shape[2]), data: new Float32Array(copy.buffer) };
}

let cached: { root: string; index: GalleryVectorIndex } | undefined;

/**
 * Loads `vectors.npy` and `index.ids.json` from the data directory once per process and searches them
 * exhaustively. Exact search over the sample or a department-sized index takes milliseconds.
 * TODO: switch to lib/index/faiss.ts `loadVectorIndex` once the index stage provides it, so a
 * full-collection index is searched by FAISS instead of a linear scan.
 */
export function loadGalleryIndex(dataDir: string): GalleryVectorIndex {
  const paths = dataPaths(dataDir);
  if (cached && cached.root === paths.root) return cached.index;

  const idList = JSON.parse(readFileSync(paths.indexIds, 'utf8')) as number[];
  const { rows, columns, data } = readNpyFloat32(join(paths.root, 'vectors.npy'));
  if (rows !== idList.length) {
    throw new Error(`vectors.npy has ${rows} rows but index.ids.json lists ${idList.length} ids; rerun the index stage.`);
  }

  const ids = Int32Array.from(idList);
  const rowById = new Map<number, number>();
  ids.forEach((id, row) => rowById.set(id, row));
  const vectorAt = (row: number) => data.subarray(row * columns, (row + 1) * columns);

  const index: GalleryVectorIndex = {
    dimension: columns,
    size: rows,
    ids,
    rowOf: (id) => rowById.get(id),
    vectorOf: (id) => {
      const row = rowById.get(id);
      return row === undefined ? undefined : vectorAt(row);
    },
    search: (query, k) => {
      const scores = new Float32Array(rows);
      for (let row = 0; row < rows; row += 1) {
        let dot = 0;
        const offset = row * columns;
        for (let d = 0; d < columns; d += 1) dot += data[offset + d] * query[d];
        scores[row] = dot;
      }
      const order = Array.from({ length: rows }, (_, row) => row).sort((x, y) => scores[y] - scores[x]);
      const top = order.slice(0, Math.min(k, rows));
      return { rows: Int32Array.from(top), similarities: Float32Array.from(top, (row) => scores[row]) };
    },
  };
  cached = { root: paths.root, index };
  return index;
}
