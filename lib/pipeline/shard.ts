import { seededRandom } from '../random';

/**
 * Deterministic assignment of object ids to shard jobs for the distributed fetch and embed stages.
 * Every job computes the same assignment from the same ids, so jobs never coordinate.
 */
export interface ShardSpec {
  index: number; // 0-based
  count: number;
}

export const SHARD_SEED = 0x6d657431; // fixed so that re-runs assign identically

export function parseShard(value: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) throw new Error(`invalid shard "${value}": expected i/n, for example 0/4 (0-based index i < n)`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) {
    throw new Error(`invalid shard "${value}": the index must be at least 0 and below the count, for example 3/4`);
  }
  return { index, count };
}

/**
 * Returns the ids that belong to `shard`: the ids are sorted, shuffled with a fixed seed
 * (Fisher-Yates), and dealt round-robin. Shuffling spreads departments, and so image sizes, evenly.
 */
export function idsForShard(ids: readonly number[], shard: ShardSpec, seed = SHARD_SEED): number[] {
  if (shard.count === 1) return [...ids].sort((a, b) => a - b);
  const shuffled = [...ids].sort((a, b) => a - b);
  const random = seededRandom(seed);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled.filter((_, position) => position % shard.count === shard.index).sort((a, b) => a - b);
}
