/**
 * Similarity after removing what every photograph in the collection shares. The mean embedding is
 * dominated by the common setting (grey studio backdrop, centred object, even light), so subtracting
 * it before the cosine keeps what two images share beyond that setting.
 */
import type { VectorFile } from '../index/vectors';

const CHUNK_ROWS = 8192;

/** Returns the mean of all rows of a vector file, read in chunks. */
export function meanVector(file: VectorFile): Float32Array {
  const sum = new Float64Array(file.dimension);
  for (let start = 0; start < file.rows; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, file.rows - start);
    const chunk = file.readRows(start, count);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < file.dimension; j++) sum[j] += chunk[i * file.dimension + j];
    }
  }
  return Float32Array.from(sum, (value) => value / Math.max(1, file.rows));
}

/** Returns `vector − mean`, L2-normalised (all zeros when the vector equals the mean). */
export function centre(vector: Float32Array, mean: Float32Array): Float32Array {
  const centred = new Float32Array(vector.length);
  let norm = 0;
  for (let j = 0; j < vector.length; j++) {
    centred[j] = vector[j] - mean[j];
    norm += centred[j] * centred[j];
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < vector.length; j++) centred[j] /= norm;
  return centred;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

/** Reads and centres rows on demand, keeping each row once; curation touches each object a few times. */
export class CentredRows {
  private readonly cache = new Map<number, Float32Array>();

  constructor(
    private readonly file: VectorFile,
    readonly mean: Float32Array,
  ) {}

  get(row: number): Float32Array {
    let centred = this.cache.get(row);
    if (!centred) {
      centred = centre(this.file.readRows(row, 1), this.mean);
      this.cache.set(row, centred);
    }
    return centred;
  }

  /** Returns the normalised mean of two rows' centred vectors: what the pair looks like, for clustering. */
  pairVector(rowA: number, rowB: number): Float32Array {
    const a = this.get(rowA);
    const b = this.get(rowB);
    const sum = new Float32Array(a.length);
    for (let j = 0; j < a.length; j++) sum[j] = a[j] + b[j];
    return centre(sum, new Float32Array(a.length));
  }
}
