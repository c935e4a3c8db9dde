/**
 * The embed stage's bookkeeping in SQLite: embedder facts in `meta`, and object statuses kept in
 * step with the shards on disk (an object is 'embedded' exactly when a complete shard contains its id).
 */
import type Database from 'better-sqlite3';

import { idsForShard, type ShardSpec } from '../pipeline/shard';
import type { Embedder } from './embedders';

export const META_KEYS = { embedder: 'embedder', modelHash: 'embedder_model_hash', dimension: 'embedding_dimension' } as const;

export interface StoredEmbedder {
  embedder: string;
  modelHash: string;
  dimension: number;
}

export function readStoredEmbedder(sqlite: Database.Database): StoredEmbedder | null {
  const rows = sqlite.prepare('select key, value from meta where key in (?, ?, ?)').all(
    META_KEYS.embedder,
    META_KEYS.modelHash,
    META_KEYS.dimension,
  ) as Array<{ key: string; value: string }>;
  const values = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  if (values[META_KEYS.embedder] === undefined) return null;
  return {
    embedder: values[META_KEYS.embedder],
    modelHash: values[META_KEYS.modelHash] ?? '',
    dimension: Number(values[META_KEYS.dimension] ?? 0),
  };
}

export function writeStoredEmbedder(sqlite: Database.Database, embedder: Embedder): void {
  const upsert = sqlite.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value');
  sqlite.transaction(() => {
    upsert.run(META_KEYS.embedder, embedder.name);
    upsert.run(META_KEYS.modelHash, embedder.modelHash);
    upsert.run(META_KEYS.dimension, String(embedder.dimension));
  })();
}

export function describeEmbedder(facts: StoredEmbedder): string {
  return `${facts.embedder} (model hash ${facts.modelHash}, ${facts.dimension}-d)`;
}

export function sameEmbedder(a: StoredEmbedder, b: StoredEmbedder): boolean {
  return a.embedder === b.embedder && a.modelHash === b.modelHash && a.dimension === b.dimension;
}

/** Sets `status` on every id in one transaction; returns how many rows changed. */
export function setStatus(sqlite: Database.Database, ids: readonly number[], from: string, to: string): number {
  const update = sqlite.prepare('update objects set status = ?, failure_reason = null, updated_at = ? where id = ? and status = ?');
  const now = Date.now();
  return sqlite.transaction(() => {
    let changed = 0;
    for (const id of ids) changed += update.run(to, now, id, from).changes;
    return changed;
  })();
}

export function markFailed(sqlite: Database.Database, failures: ReadonlyArray<{ id: number; reason: string }>): void {
  const update = sqlite.prepare("update objects set status = 'failed', failure_reason = ?, updated_at = ? where id = ?");
  const now = Date.now();
  sqlite.transaction(() => {
    for (const failure of failures) update.run(failure.reason, now, failure.id);
  })();
}

export interface ObjectToEmbed {
  id: number;
  thumbPath: string | null;
}

export function selectObjects(sqlite: Database.Database, status: 'fetched' | 'embedded'): ObjectToEmbed[] {
  return sqlite.prepare('select id, thumb_path as thumbPath from objects where status = ? order by id').all(status) as ObjectToEmbed[];
}

/** Counts this job's objects (`own`) that have one of `statuses`. */
export function countJobObjects(sqlite: Database.Database, statuses: readonly string[], own: ReadonlySet<number>): number {
  const placeholders = statuses.map(() => '?').join(', ');
  const ids = sqlite.prepare(`select id from objects where status in (${placeholders})`).pluck().all(...statuses) as number[];
  return ids.filter((id) => own.has(id)).length;
}

/**
 * Ids of this job's objects. The assignment is computed over every object id in the table, which
 * does not change while stages run, so jobs sharing one database never disagree about an id.
 */
export function jobObjectIds(sqlite: Database.Database, job: ShardSpec): Set<number> {
  const ids = (sqlite.prepare('select id from objects order by id').pluck().all() as number[]);
  return new Set(idsForShard(ids, job));
}
