import { seededRandom } from '../../lib/random';

/** Seeded L2-normalised random vectors, row-major (rows × dimension). */
export function randomUnitVectors(rows: number, dimension: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const vectors = new Float32Array(rows * dimension);
  for (let i = 0; i < rows; i++) {
    let norm = 0;
    for (let j = 0; j < dimension; j++) {
      const value = random() - 0.5;
      vectors[i * dimension + j] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < dimension; j++) vectors[i * dimension + j] /= norm;
  }
  return vectors;
}

/** Top-k rows by exact dot product for one query row, best first, excluding `exclude`. */
export function bruteForceTopK(vectors: Float32Array, dimension: number, query: number, k: number, exclude = -1): number[] {
  const rows = vectors.length / dimension;
  const scored: Array<[number, number]> = [];
  for (let row = 0; row < rows; row++) {
    if (row === exclude) continue;
    let dot = 0;
    for (let j = 0; j < dimension; j++) dot += vectors[query * dimension + j] * vectors[row * dimension + j];
    scored.push([row, dot]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  return scored.slice(0, k).map(([row]) => row);
}
