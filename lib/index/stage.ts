/**
 * The index stage: gathers every embedding shard into one FAISS index, writes the vectors in row
 * order, and precomputes each object's global top-K neighbours for the curate stage and the gallery.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { openDatabase } from '../db/client';
import { meta } from '../db/schema';
import { writeFileAtomic } from '../embed/files';
import { writeNpy } from '../embed/npy';
import { listShards, readShards, type ShardInfo } from '../embed/shards';
import { childLogger } from '../log';
import { dataPaths } from '../paths';
import { startProgress } from '../pipeline/progress';
import type { StageResult } from '../pipeline/types';
import { buildIndex, type IndexKind, type VectorSearchIndex } from './faiss';
import { writeVectorFile } from './vectors';

const log = childLogger('index');

export interface IndexOptions {
  dataDir: string;
  kind?: IndexKind;
  k?: number; // neighbours stored per object, self excluded
  batchSize?: number; // query rows per neighbour search
}

export interface CollectedVectors {
  embedder: string;
  dimension: number;
  ids: number[]; // Met object id of each row
  vectors: Float32Array; // row-major (ids.length × dimension)
}

/** Throws unless all shards share one embedder and dimension, naming the first two that differ. */
export function assertOneEmbedder(shards: readonly ShardInfo[]): void {
  const first = shards[0];
  for (const shard of shards) {
    if (shard.embedder !== first.embedder || shard.dimension !== first.dimension) {
      throw new Error(
        `shards mix embedders: ${first.stem} is ${first.embedder} (${first.dimension}-d) but ${shard.stem} is ` +
          `${shard.embedder} (${shard.dimension}-d); delete the shards folder and run the embed stage again`,
      );
    }
  }
}

/**
 * Adds a shard's ids to `shardOfId` (id → stem of the shard that holds it), throwing when an id is
 * already there, because one object with two vectors would appear twice in the index.
 */
export function recordShardIds(shardOfId: Map<number, string>, stem: string, ids: readonly number[]): void {
  for (const id of ids) {
    const earlier = shardOfId.get(id);
    if (earlier !== undefined) {
      throw new Error(`object ${id} appears in shards ${earlier} and ${stem}; delete one of them and run the index stage again`);
    }
    shardOfId.set(id, stem);
  }
}

/** Reads every complete shard into one array, rejecting mixed embedders and duplicate ids. */
export function collectShards(shardsDir: string): CollectedVectors {
  const shards = listShards(shardsDir);
  if (shards.length === 0) throw new Error(`no embedding shards in ${shardsDir}: run the embed stage first`);
  assertOneEmbedder(shards);

  const { embedder, dimension } = shards[0];
  const total = shards.reduce((sum, shard) => sum + shard.count, 0);
  const vectors = new Float32Array(total * dimension);
  const ids: number[] = [];
  const shardOfId = new Map<number, string>();

  for (const chunk of readShards(shardsDir)) {
    recordShardIds(shardOfId, chunk.stem, chunk.ids);
    vectors.set(chunk.vectors, ids.length * dimension);
    ids.push(...chunk.ids);
  }
  return { embedder, dimension, ids, vectors };
}

/**
 * Query rows per neighbour search. Larger calls give BLAS larger matrix blocks: at 50k × 512-d,
 * k = 100, 1,024-row calls took 1.5× as long as 8,192-row calls (npm run bench -- index, on 2 cores).
 * 8,192 rows cost about 45 MB of number arrays per call.
 */
export const DEFAULT_NEIGHBOUR_BATCH_ROWS = 8192;

export interface NeighbourTable {
  k: number; // columns per row: min(requested k, rows − 1)
  rows: Int32Array; // n × k FAISS rows, best first; -1 where the index returned fewer
  similarities: Float32Array; // n × k; -Infinity where rows is -1
}

/** Finds each row's top-k neighbours among all rows, excluding the row itself. */
export function computeNeighbours(
  index: VectorSearchIndex,
  vectors: Float32Array,
  k: number,
  batchSize: number,
): NeighbourTable {
  const d = index.dimension;
  const n = vectors.length / d;
  const columns = Math.max(0, Math.min(k, n - 1));
  const rows = new Int32Array(n * columns).fill(-1);
  const similarities = new Float32Array(n * columns).fill(Number.NEGATIVE_INFINITY);
  const progress = startProgress('index', n);

  for (let start = 0; start < n && columns > 0; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const found = index.search(vectors.subarray(start * d, (start + count) * d), columns + 1);
    for (let i = 0; i < count; i++) {
      const self = start + i;
      let column = 0;
      for (let j = 0; j <= columns && column < columns; j++) {
        const row = found.rows[i * (columns + 1) + j];
        if (row === self || row < 0) continue;
        rows[self * columns + column] = row;
        similarities[self * columns + column] = found.similarities[i * (columns + 1) + j];
        column++;
      }
    }
    progress.increment(count);
  }
  progress.stop();
  return { k: columns, rows, similarities };
}

function writeIndexAtomic(index: VectorSearchIndex, path: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    index.write(temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function recordMeta(databasePath: string, facts: Record<string, string | number>): void {
  if (!existsSync(databasePath)) return;
  const db = openDatabase(databasePath);
  try {
    for (const [key, value] of Object.entries(facts)) {
      db.insert(meta).values({ key, value: String(value) }).onConflictDoUpdate({ target: meta.key, set: { value: String(value) } }).run();
    }
  } finally {
    db.$client.close();
  }
}

/** Runs the index stage; rebuilding from the same shards gives the same files. */
export async function runIndex(options: IndexOptions): Promise<StageResult> {
  const startedAt = Date.now();
  const kind = options.kind ?? 'flat';
  const k = options.k ?? 100;
  const batchSize = options.batchSize ?? DEFAULT_NEIGHBOUR_BATCH_ROWS;
  const paths = dataPaths(options.dataDir);
  const timings: Record<string, number> = {};
  const time = <T>(phase: string, work: () => T): T => {
    const phaseStart = Date.now();
    const result = work();
    timings[phase] = Date.now() - phaseStart;
    log.info({ phase, ms: timings[phase] }, `index ${phase} done`);
    return result;
  };

  const collected = time('read', () => collectShards(paths.shards));
  const size = collected.ids.length;
  log.info({ size, dimension: collected.dimension, embedder: collected.embedder, kind }, 'building index');

  const index = time('build', () => buildIndex(kind, collected.dimension, collected.vectors));
  time('write', () => {
    writeIndexAtomic(index, paths.index);
    writeFileAtomic(paths.indexIds, `${JSON.stringify(collected.ids)}\n`);
    writeVectorFile(paths.vectors, collected.vectors, collected.dimension);
  });

  const neighbours = time('neighbours', () => computeNeighbours(index, collected.vectors, k, batchSize));
  writeNpy(paths.neighbourIds, neighbours.rows, [size, neighbours.k]);
  writeNpy(paths.neighbourSimilarities, neighbours.similarities, [size, neighbours.k]);

  recordMeta(paths.database, {
    'index.kind': kind,
    'index.size': size,
    'index.dimension': collected.dimension,
    'index.embedder': collected.embedder,
    'index.k': neighbours.k,
  });

  return {
    stage: 'index',
    counts: {
      vectors: size,
      dimension: collected.dimension,
      neighboursPerObject: neighbours.k,
      readMs: timings.read,
      buildMs: timings.build,
      neighboursMs: timings.neighbours,
    },
    failures: {},
    durationMs: Date.now() - startedAt,
    ok: true,
  };
}
