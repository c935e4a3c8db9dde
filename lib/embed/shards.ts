/**
 * Embedding shards: each shard is three files under `dataPaths(dir).shards` that share a stem,
 *   <stem>.vectors.npy  float32 (n, d), L2-normalised rows
 *   <stem>.ids.npy      int64 (n,), the Met object id of each row
 *   <stem>.json         sidecar: embedder, model hash, dimension, count, creation time
 * The stem is `job-JJJJ-of-NNNN.shard-SSSSS` (distributed job index and count, then a sequence number).
 * Every file is written atomically and the sidecar last, so a shard without a sidecar is incomplete.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { ShardSpec } from '../pipeline/shard';
import { writeFileAtomic } from './files';
import { assertDimension } from './models';
import { readNpy, writeNpy } from './npy';

export interface ShardSidecar {
  embedder: string;
  modelHash: string;
  dimension: number;
  count: number;
  created: string; // ISO 8601
  job: ShardSpec;
}

export interface ShardInfo extends ShardSidecar {
  stem: string;
  vectorsPath: string;
  idsPath: string;
  sidecarPath: string;
}

export interface ShardChunk {
  stem: string;
  ids: number[];
  /** Row-major float32 (ids.length, dimension). */
  vectors: Float32Array;
  dimension: number;
}

const STEM_PATTERN = /^(job-(\d{4})-of-(\d{4}))\.shard-(\d{5})$/;
const FILE_PATTERN = /^(job-\d{4}-of-\d{4}\.shard-\d{5})\.(vectors\.npy|ids\.npy|json)$/;

export function jobPrefix(job: ShardSpec): string {
  return `job-${String(job.index).padStart(4, '0')}-of-${String(job.count).padStart(4, '0')}`;
}

export function shardStem(job: ShardSpec, sequence: number): string {
  return `${jobPrefix(job)}.shard-${String(sequence).padStart(5, '0')}`;
}

function shardFiles(directory: string, stem: string) {
  return {
    vectorsPath: join(directory, `${stem}.vectors.npy`),
    idsPath: join(directory, `${stem}.ids.npy`),
    sidecarPath: join(directory, `${stem}.json`),
  };
}

/** Lists complete shards (those with a sidecar), sorted by name so every reader sees one order. */
export function listShards(directory: string): ShardInfo[] {
  if (!existsSync(directory)) return [];

  const stems = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((stem) => STEM_PATTERN.test(stem))
    .sort();

  return stems.map((stem) => {
    const files = shardFiles(directory, stem);
    const sidecar = JSON.parse(readFileSync(files.sidecarPath, 'utf8')) as ShardSidecar;
    return { ...sidecar, stem, ...files };
  });
}

/**
 * Deletes the files of this job's incomplete shards (no sidecar) and leftover temporary files, and
 * returns the stems removed. Other jobs' files are left alone because those jobs may be writing now.
 */
export function removeIncompleteShards(directory: string, job: ShardSpec): string[] {
  if (!existsSync(directory)) return [];

  const prefix = jobPrefix(job);
  const names = readdirSync(directory);
  const complete = new Set(names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)));
  const removed = new Set<string>();

  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    const isOwnTemporary = name.startsWith(`.${prefix}.`) && name.endsWith('.tmp');
    if (isOwnTemporary) {
      rmSync(join(directory, name), { force: true });
      continue;
    }
    if (!match || !match[1].startsWith(prefix) || complete.has(match[1])) continue;
    rmSync(join(directory, name), { force: true });
    removed.add(match[1]);
  }
  return [...removed].sort();
}

/** Returns the next free sequence number for `job`: one past its highest complete shard. */
export function nextShardSequence(directory: string, job: ShardSpec): number {
  const prefix = jobPrefix(job);
  let next = 0;
  for (const shard of listShards(directory)) {
    const match = STEM_PATTERN.exec(shard.stem);
    if (match && match[1] === prefix) next = Math.max(next, Number(match[4]) + 1);
  }
  return next;
}

export interface WriteShardInput {
  directory: string;
  job: ShardSpec;
  sequence: number;
  embedder: string;
  modelHash: string;
  dimension: number;
  ids: readonly number[];
  /** Row-major float32 (ids.length, dimension). */
  vectors: Float32Array;
}

/** Writes one shard (vectors, ids, then the sidecar) and returns its description. */
export function writeShard(input: WriteShardInput): ShardInfo {
  const { directory, ids, vectors, dimension } = input;
  assertDimension(vectors.length / Math.max(ids.length, 1), dimension, `shard ${shardStem(input.job, input.sequence)}`);
  if (vectors.length !== ids.length * dimension) {
    throw new Error(`shard has ${ids.length} ids but ${vectors.length / dimension} vectors of dimension ${dimension}`);
  }

  mkdirSync(directory, { recursive: true });
  const stem = shardStem(input.job, input.sequence);
  const files = shardFiles(directory, stem);

  writeNpy(files.vectorsPath, vectors, [ids.length, dimension]);
  writeNpy(files.idsPath, BigInt64Array.from(ids, (id) => BigInt(id)), [ids.length]);

  const sidecar: ShardSidecar = {
    embedder: input.embedder,
    modelHash: input.modelHash,
    dimension,
    count: ids.length,
    created: new Date().toISOString(),
    job: { index: input.job.index, count: input.job.count },
  };
  writeFileAtomic(files.sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  return { ...sidecar, stem, ...files };
}

function describe(shard: ShardSidecar & { stem: string }): string {
  return `${shard.stem} (embedder ${shard.embedder}, model hash ${shard.modelHash}, ${shard.dimension}-d)`;
}

/**
 * Throws unless every shard was made by the same embedder, model and dimension, naming the first
 * shard that differs and the one it was compared with. Returns the shared sidecar fields.
 */
export function assertConsistentShards(shards: readonly ShardInfo[]): Pick<ShardSidecar, 'embedder' | 'modelHash' | 'dimension'> | null {
  if (shards.length === 0) return null;
  const first = shards[0];
  for (const shard of shards) {
    if (shard.embedder !== first.embedder || shard.modelHash !== first.modelHash || shard.dimension !== first.dimension) {
      throw new Error(
        `shards were made by different embedders: ${describe(first)} and ${describe(shard)}; ` +
          'delete the shards folder or use a new --data-dir before embedding again',
      );
    }
  }
  return { embedder: first.embedder, modelHash: first.modelHash, dimension: first.dimension };
}

/**
 * Yields every complete shard's ids and vectors, one shard at a time, so memory stays bounded by
 * the largest shard. Throws before yielding anything if the shards mix embedders or dimensions.
 */
export function* readShards(directory: string): Generator<ShardChunk> {
  const shards = listShards(directory);
  assertConsistentShards(shards);

  for (const shard of shards) {
    const vectors = readNpy(shard.vectorsPath);
    const ids = readNpy(shard.idsPath);
    if (vectors.dtype !== 'float32' || vectors.shape.length !== 2 || vectors.shape[1] !== shard.dimension) {
      throw new Error(
        `${shard.vectorsPath} contains ${vectors.dtype} (${vectors.shape.join(', ')}) but its sidecar says float32 (${shard.count}, ${shard.dimension})`,
      );
    }
    if (ids.dtype !== 'int64' || ids.shape[0] !== vectors.shape[0] || ids.shape[0] !== shard.count) {
      throw new Error(`${shard.idsPath} contains ${ids.shape[0]} ids but the shard has ${vectors.shape[0]} vectors and its sidecar says ${shard.count}`);
    }

    yield {
      stem: shard.stem,
      ids: Array.from(ids.data as BigInt64Array, (id) => Number(id)),
      vectors: vectors.data as Float32Array,
      dimension: shard.dimension,
    };
  }
}

/** Reads only the ids of every complete shard, for reconciling the database with the shards. */
export function readShardIds(directory: string): number[] {
  const ids: number[] = [];
  for (const shard of listShards(directory)) {
    const array = readNpy(shard.idsPath);
    for (const id of array.data as BigInt64Array) ids.push(Number(id));
  }
  return ids;
}
