/**
 * Seeded, clustered, L2-normalised embedding vectors written as embed-stage shards. Clusters give the
 * neighbour lists the uneven structure of real embeddings (dense groups of similar objects), which
 * curate's k-means and diversity caps depend on.
 */
import { writeShard } from '../embed/shards';
import { seededNormal, seededRandom } from '../random';

export const SYNTHETIC_EMBEDDER = 'synthetic-v1';

/** Fills `out` (rows × dimension) with normalised Gaussian vectors; the benchmark's plain random set. */
export function fillRandomUnitVectors(out: Float32Array, dimension: number, seed: number): void {
  const normal = seededNormal(seed);
  for (let start = 0; start < out.length; start += dimension) {
    let norm = 0;
    for (let j = 0; j < dimension; j++) {
      const value = normal();
      out[start + j] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < dimension; j++) out[start + j] *= scale;
  }
}

export interface ShardWriteOptions {
  directory: string;
  ids: readonly number[];
  dimension: number;
  clusters: number;
  /** Noise added to a cluster centre, as a share of the centre's length; 0.6 gives cosines near 0.75 within a cluster. */
  spread: number;
  shardSize: number;
  seed: number;
}

/**
 * Writes one vector per id in shards of `shardSize` rows (job 0 of 1), generating one shard at a time,
 * so memory contains the centres and one shard however many ids there are. Returns the shard count.
 */
export function writeClusteredShards(options: ShardWriteOptions): number {
  const { dimension, shardSize } = options;
  const normal = seededNormal(options.seed);
  const pick = seededRandom(options.seed + 1);
  const centres = new Float32Array(options.clusters * dimension);
  fillRandomUnitVectors(centres, dimension, options.seed + 2);
  const noise = options.spread / Math.sqrt(dimension);

  let sequence = 0;
  for (let start = 0; start < options.ids.length; start += shardSize) {
    const ids = options.ids.slice(start, start + shardSize);
    const vectors = new Float32Array(ids.length * dimension);
    for (let row = 0; row < ids.length; row++) {
      const centre = Math.floor(pick() * options.clusters) * dimension;
      let norm = 0;
      for (let j = 0; j < dimension; j++) {
        const value = centres[centre + j] + noise * normal();
        vectors[row * dimension + j] = value;
        norm += value * value;
      }
      const scale = 1 / Math.sqrt(norm);
      for (let j = 0; j < dimension; j++) vectors[row * dimension + j] *= scale;
    }
    writeShard({
      directory: options.directory,
      job: { index: 0, count: 1 },
      sequence,
      embedder: SYNTHETIC_EMBEDDER,
      modelHash: `seed-${options.seed}`,
      dimension,
      ids,
      vectors,
    });
    sequence += 1;
  }
  return sequence;
}
