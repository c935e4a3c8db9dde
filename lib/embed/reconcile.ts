/**
 * Brings the database and the shards folder into agreement before the embed stage runs, so that a
 * crash at any point can be resumed without writing an id twice.
 */
import type Database from 'better-sqlite3';

import { childLogger } from '../log';
import type { ShardSpec } from '../pipeline/shard';
import type { Embedder } from './embedders';
import { assertConsistentShards, listShards, readShardIds, removeIncompleteShards } from './shards';
import { describeEmbedder, jobObjectIds, readStoredEmbedder, sameEmbedder, selectObjects, setStatus, writeStoredEmbedder } from './state';

const log = childLogger('embed');

export interface ReconcileResult {
  /** Ids in the complete shards of any job. */
  shardIds: Set<number>;
  /** 'fetched' objects found in a shard (crash after the shard write) and marked 'embedded'. */
  reconciled: number;
  /** This job's 'embedded' objects whose shard is gone, set back to 'fetched'. */
  requeued: number;
  incompleteRemoved: number;
}

/**
 * 1. Deletes this job's incomplete shards (no sidecar).
 * 2. Rejects a run whose embedder differs from the existing shards' or from `meta`'s while shards
 *    exist; with no shards left, `meta` is simply overwritten.
 * 3. Marks 'fetched' objects that a complete shard contains as 'embedded', and sets this job's
 *    'embedded' objects that no shard contains back to 'fetched'.
 */
export function reconcile(sqlite: Database.Database, shardsDir: string, embedder: Embedder, job: ShardSpec): ReconcileResult {
  const removed = removeIncompleteShards(shardsDir, job);
  if (removed.length > 0) log.warn({ shards: removed }, 'embed: removed incomplete shards left by an interrupted run');

  const current = { embedder: embedder.name, modelHash: embedder.modelHash, dimension: embedder.dimension };
  const shards = listShards(shardsDir);
  const onDisk = assertConsistentShards(shards);
  const stored = readStoredEmbedder(sqlite);
  const previous = onDisk ?? (stored && shards.length > 0 ? stored : null);
  if (previous && !sameEmbedder(previous, current)) {
    throw new Error(
      `this data directory was embedded with ${describeEmbedder(previous)} but this run uses ${describeEmbedder(current)}: ` +
        `use a new --data-dir, or delete ${shardsDir} to embed everything again`,
    );
  }
  writeStoredEmbedder(sqlite, embedder);

  const shardIds = new Set(readShardIds(shardsDir));
  const fetchedInShards = selectObjects(sqlite, 'fetched')
    .map((object) => object.id)
    .filter((id) => shardIds.has(id));
  const reconciled = setStatus(sqlite, fetchedInShards, 'fetched', 'embedded');

  // Only this job's ids: another job sharing the database may be between its shard write and update.
  const own = jobObjectIds(sqlite, job);
  const embeddedWithoutShard = selectObjects(sqlite, 'embedded')
    .map((object) => object.id)
    .filter((id) => !shardIds.has(id) && own.has(id));
  const requeued = setStatus(sqlite, embeddedWithoutShard, 'embedded', 'fetched');

  if (reconciled > 0 || requeued > 0) log.info({ reconciled, requeued }, 'embed: reconciled statuses with the shards on disk');
  return { shardIds, reconciled, requeued, incompleteRemoved: removed.length };
}
