/**
 * The reducer of a distributed fetch + embed run. Each map job works in its own DATA_DIR (its own
 * SQLite file, thumbnails and shards), so no database is shared over a network volume. This module
 * folds those job folders into one main DATA_DIR, which the index and curate stages then read.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type Database from 'better-sqlite3';

import { openDatabase } from '../db/client';
import { assertConsistentShards, listShards, type ShardInfo } from '../embed/shards';
import { META_KEYS, readStoredEmbedder, sameEmbedder, describeEmbedder, type StoredEmbedder } from '../embed/state';
import { readNpy } from '../embed/npy';
import { recordShardIds } from '../index/stage';
import { childLogger } from '../log';
import { dataPaths } from '../paths';

const log = childLogger('merge');

export interface MergeOptions {
  /** The main DATA_DIR; created when missing. */
  dataDir: string;
  /** Job DATA_DIRs, each containing met-twins.sqlite and shards/ (and thumbs/). */
  jobDirs: readonly string[];
  /** Copy each job's thumbnails into the main thumbs/ so the gallery can serve them; default true. */
  copyThumbnails?: boolean;
}

export interface MergeResult {
  jobs: number;
  objectsInserted: number;
  objectsUpdated: number;
  shardsCopied: number;
  shardsUnchanged: number;
  thumbnailsCopied: number;
}

// Columns the fetch and embed stages write; a job's non-pending row overrides the main row's values.
const WORK_COLUMNS = [
  'status', 'attempts', 'http_status', 'failure_reason', 'bytes', 'width', 'height',
  'content_hash', 'perceptual_hash', 'thumb_path', 'updated_at',
] as const;

interface JobInput {
  dir: string;
  database: string;
  shards: ShardInfo[];
  embedder: StoredEmbedder | null;
}

function readJob(dir: string): JobInput {
  const paths = dataPaths(dir);
  if (!existsSync(paths.database)) {
    throw new Error(`job folder ${dir} has no database at ${paths.database}: pass the DATA_DIR that the fetch and embed job used`);
  }
  const job = openDatabase(paths.database).$client;
  try {
    return { dir: paths.root, database: paths.database, shards: listShards(paths.shards), embedder: readStoredEmbedder(job) };
  } finally {
    job.close();
  }
}

/**
 * Throws unless every job and the main database used the same embedder, model and dimension, and
 * unless no object id sits in two shards. Reads only the ids files, so memory stays small.
 */
function checkJobs(jobs: readonly JobInput[], main: StoredEmbedder | null): void {
  const allShards = jobs.flatMap((job) => job.shards);
  assertConsistentShards(allShards);

  const facts = [...(main ? [{ where: 'the main database', embedder: main }] : []), ...jobs.filter((job) => job.embedder).map((job) => ({ where: job.database, embedder: job.embedder! }))];
  for (const fact of facts) {
    if (!sameEmbedder(fact.embedder, facts[0].embedder)) {
      throw new Error(
        `cannot merge: ${facts[0].where} was embedded with ${describeEmbedder(facts[0].embedder)} but ${fact.where} with ` +
          `${describeEmbedder(fact.embedder)}; re-run the mismatched jobs with the same --embedder and model`,
      );
    }
  }

  const shardOfId = new Map<number, string>();
  for (const job of jobs) {
    for (const shard of job.shards) {
      const ids = Array.from(readNpy(shard.idsPath).data as BigInt64Array, Number);
      recordShardIds(shardOfId, join(job.dir, 'shards', shard.stem), ids);
    }
  }
}

function copyAtomic(from: string, to: string): void {
  const temporary = join(dirname(to), `.${basename(to)}.${process.pid}.tmp`);
  copyFileSync(from, temporary);
  renameSync(temporary, to);
}

/** Copies one shard into `directory`, the sidecar last so readers never see a half-copied shard. */
function copyShard(shard: ShardInfo, directory: string): 'copied' | 'unchanged' {
  const target = (path: string) => join(directory, basename(path));
  const sameFile = (path: string) => existsSync(target(path)) && readFileSync(target(path)).equals(readFileSync(path));
  if (sameFile(shard.vectorsPath) && sameFile(shard.idsPath) && existsSync(target(shard.sidecarPath))) return 'unchanged';

  if (existsSync(target(shard.sidecarPath))) {
    throw new Error(
      `shard ${shard.stem} in ${directory} differs from the one in ${dirname(shard.sidecarPath)}: two runs wrote the same job's shard; ` +
        'delete the stale copy in the main shards folder and merge again',
    );
  }
  copyAtomic(shard.vectorsPath, target(shard.vectorsPath));
  copyAtomic(shard.idsPath, target(shard.idsPath));
  copyAtomic(shard.sidecarPath, target(shard.sidecarPath));
  return 'copied';
}

/**
 * Folds one job's rows into the main database: rows missing from main are inserted whole, and rows
 * the job fetched, failed or embedded overwrite main's fetch and embed columns. `claimed` maps each
 * non-pending id to the job that set it, so two jobs that both worked on an object are rejected.
 */
function mergeRows(main: Database.Database, job: JobInput, claimed: Map<number, string>): { inserted: number; updated: number; thumbs: string[] } {
  main.prepare('attach database ? as job').run(job.database);
  try {
    const columns = (main.prepare('select name from pragma_table_info(?)').pluck().all('objects') as string[]).join(', ');
    const worked = main.prepare("select id, thumb_path as thumbPath from job.objects where status != 'pending' order by id").all() as Array<{ id: number; thumbPath: string | null }>;
    for (const row of worked) {
      const earlier = claimed.get(row.id);
      if (earlier !== undefined) {
        throw new Error(`object ${row.id} was processed by two jobs, ${earlier} and ${job.dir}; each object must belong to one shard (--shard i/n with the same n)`);
      }
      claimed.set(row.id, job.dir);
    }

    const assignments = WORK_COLUMNS.map((column) => `${column} = source.${column}`).join(', ');
    return main.transaction(() => {
      const inserted = main.prepare(`insert or ignore into main.objects (${columns}) select ${columns} from job.objects`).run().changes;
      const updated = main
        .prepare(`update main.objects set ${assignments} from (select * from job.objects where status != 'pending') as source where main.objects.id = source.id`)
        .run().changes;
      return { inserted, updated, thumbs: worked.flatMap((row) => (row.thumbPath ? [row.thumbPath] : [])) };
    })();
  } finally {
    main.prepare('detach database job').run();
  }
}

/** Merges the job folders into `options.dataDir`; running it again with the same inputs changes nothing. */
export function mergeJobs(options: MergeOptions): MergeResult {
  if (options.jobDirs.length === 0) throw new Error('no job folders given: pass each map job\'s DATA_DIR, for example --jobs /shared/jobs/*');
  const paths = dataPaths(options.dataDir);
  const jobs = options.jobDirs.map(readJob);
  const db = openDatabase(paths.database);
  const main = db.$client;
  const result: MergeResult = { jobs: jobs.length, objectsInserted: 0, objectsUpdated: 0, shardsCopied: 0, shardsUnchanged: 0, thumbnailsCopied: 0 };

  try {
    checkJobs(jobs, readStoredEmbedder(main));
    mkdirSync(paths.shards, { recursive: true });
    const claimed = new Map<number, string>();

    for (const job of jobs) {
      // Shards first: an object is 'embedded' only once a complete shard in main contains it.
      for (const shard of job.shards) result[copyShard(shard, paths.shards) === 'copied' ? 'shardsCopied' : 'shardsUnchanged'] += 1;

      const rows = mergeRows(main, job, claimed);
      result.objectsInserted += rows.inserted;
      result.objectsUpdated += rows.updated;

      if (options.copyThumbnails ?? true) {
        for (const thumbPath of rows.thumbs) {
          const from = join(job.dir, thumbPath);
          const to = join(paths.root, thumbPath);
          if (!existsSync(from) || existsSync(to)) continue;
          mkdirSync(dirname(to), { recursive: true });
          copyAtomic(from, to);
          result.thumbnailsCopied += 1;
        }
      }
      log.info({ job: job.dir, shards: job.shards.length, inserted: rows.inserted, updated: rows.updated, thumbnails: rows.thumbs.length }, 'merge: job merged');
    }

    const embedder = jobs.find((job) => job.embedder)?.embedder;
    if (embedder) {
      const upsert = main.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value');
      upsert.run(META_KEYS.embedder, embedder.embedder);
      upsert.run(META_KEYS.modelHash, embedder.modelHash);
      upsert.run(META_KEYS.dimension, String(embedder.dimension));
    }
    return result;
  } finally {
    main.close();
  }
}
