import { seededRandom } from '../random';

/**
 * Seeded k-means++ with Lloyd iterations over row-major float32 vectors, using dot products on
 * L2-normalised inputs (spherical k-means), so a cluster gathers pairs that look alike.
 */

export interface KMeansOptions {
  k: number;
  seed: number;
  maxIterations: number;
}

export interface KMeansResult {
  centroids: Float32Array; // k × d, L2-normalised
  assignments: Int32Array; // cluster of each input row
  iterations: number;
}

/** Returns the index of the centroid most similar to the vector at `offset` (the first on ties). */
function nearestCentroid(vectors: Float32Array, offset: number, centroids: Float32Array, k: number, d: number): number {
  let best = 0;
  let bestSimilarity = -Infinity;
  for (let c = 0; c < k; c++) {
    const similarity = dot(vectors, offset, centroids, c * d, d);
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity;
      best = c;
    }
  }
  return best;
}

function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += a[aOffset + j] * b[bOffset + j];
  return sum;
}

function normalizeRow(values: Float32Array, offset: number, d: number): void {
  let norm = 0;
  for (let j = 0; j < d; j++) norm += values[offset + j] ** 2;
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (let j = 0; j < d; j++) values[offset + j] /= norm;
}

/** Picks k starting centroids: the first at random, each next with probability ∝ its squared distance. */
function seedCentroids(vectors: Float32Array, n: number, d: number, k: number, random: () => number): Float32Array {
  const centroids = new Float32Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(random() * n);

  for (let c = 0; c < k; c++) {
    centroids.set(vectors.subarray(chosen * d, chosen * d + d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      // Squared Euclidean distance between unit vectors is 2 − 2·cos.
      const distance = Math.max(0, 2 - 2 * dot(vectors, i * d, centroids, c * d, d));
      if (distance < nearest[i]) nearest[i] = distance;
      total += nearest[i];
    }
    if (total === 0) break; // fewer distinct points than k: the remaining centroids stay copies
    let target = random() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i];
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
  }
  return centroids;
}

/** Clusters n L2-normalised vectors of dimension d into at most `k` clusters. */
export function kMeans(vectors: Float32Array, d: number, options: KMeansOptions): KMeansResult {
  const n = vectors.length / d;
  if (!Number.isInteger(n)) throw new Error(`invalid vectors: length ${vectors.length} is not a multiple of d=${d}`);
  const k = Math.min(options.k, n);
  if (k < 1) return { centroids: new Float32Array(0), assignments: new Int32Array(0), iterations: 0 };

  const random = seededRandom(options.seed);
  const centroids = seedCentroids(vectors, n, d, k, random);
  const assignments = new Int32Array(n).fill(-1);
  let iterations = 0;

  while (iterations < options.maxIterations) {
    iterations++;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const best = nearestCentroid(vectors, i * d, centroids, k, d);
      if (assignments[i] !== best) changed++;
      assignments[i] = best;
    }
    if (changed === 0) break;

    // New centroid: the normalised sum of its members; an empty cluster keeps its old centroid.
    const sums = new Float32Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      counts[c]++;
      for (let j = 0; j < d; j++) sums[c * d + j] += vectors[i * d + j];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      centroids.set(sums.subarray(c * d, c * d + d), c * d);
      normalizeRow(centroids, c * d, d);
    }
  }
  return { centroids, assignments, iterations };
}

/** Assigns each vector to its most similar centroid. */
export function assignToCentroids(vectors: Float32Array, centroids: Float32Array, d: number): Int32Array {
  const n = vectors.length / d;
  const k = centroids.length / d;
  const assignments = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    assignments[i] = nearestCentroid(vectors, i * d, centroids, k, d);
  }
  return assignments;
}
