/**
 * The embed stage: reads the thumbnails of 'fetched' objects, embeds them in batches, writes vector
 * shards, and marks the objects 'embedded' once their shard is on disk. Decoding the next batch
 * overlaps inference on the current one. Re-runs resume: see `reconcile`.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

import { openDatabase } from '../db/client';
import { reserveCores, runImageWork } from '../images/work';
import { childLogger } from '../log';
import { dataPaths } from '../paths';
import { startProgress } from '../pipeline/progress';
import type { ShardSpec } from '../pipeline/shard';
import type { StageResult } from '../pipeline/types';
import { defaultIntraOpThreads } from './clip';
import { createEmbedder, type Embedder, type EmbedderKind } from './embedders';
import { decodeRgb, trimBackdrop, type TrimOptions } from './preprocess';
import { reconcile } from './reconcile';
import { nextShardSequence, writeShard } from './shards';
import { countJobObjects, jobObjectIds, markFailed, setStatus, selectObjects, type ObjectToEmbed } from './state';
import { createWorkQueue } from './work-queue';

const log = childLogger('embed');

export interface EmbedOptions {
  dataDir: string;
  embedder: EmbedderKind;
  /** CLIP ONNX model; required for embedder 'clip'. */
  modelPath?: string;
  /** Images per model run; default 32. */
  batchSize?: number;
  /** Objects per shard file (the last may hold fewer); default 1024, 2 MiB of 512-d float32. */
  shardSize?: number;
  /** Embed at most this many objects in this run. */
  limit?: number;
  shard?: ShardSpec;
  /** Crop a uniform studio backdrop before embedding; default true. */
  trimBackdrop?: boolean;
  trim?: TrimOptions;
  intraOpThreads?: number;
  /**
   * The fetch stage's run, when it runs at the same time: the stage then keeps embedding objects as
   * they are fetched until it settles, so inference overlaps downloading and decoding.
   */
  follow?: Promise<unknown>;
}

type Prepared = { id: number; input: Float32Array; trimmed: boolean } | { id: number; failure: string };

/** Groups a failure message under a short reason for the stage summary. */
function failureGroup(reason: string): string {
  return reason.split(':')[0];
}

async function prepareOne(object: ObjectToEmbed, root: string, embedder: Embedder, options: EmbedOptions): Promise<Prepared> {
  if (!object.thumbPath) return { id: object.id, failure: 'thumbnail missing: no thumb_path recorded' };
  const path = isAbsolute(object.thumbPath) ? object.thumbPath : join(root, object.thumbPath);

  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { id: object.id, failure: `thumbnail missing: ${(error as Error).message}` };
  }

  try {
    return await runImageWork(async () => {
      let image = await decodeRgb(bytes);
      let trimmed = false;
      if (options.trimBackdrop ?? true) {
        const result = await trimBackdrop(image, options.trim);
        image = result.image;
        trimmed = result.trimmed;
      }
      return { id: object.id, input: await embedder.prepare(image), trimmed };
    });
  } catch (error) {
    return { id: object.id, failure: `decode failed: ${(error as Error).message}` };
  }
}

/** Decodes one batch; never rejects, because each image's error becomes a failure entry. */
function prepareBatch(batch: readonly ObjectToEmbed[], root: string, embedder: Embedder, options: EmbedOptions): Promise<Prepared[]> {
  return Promise.all(batch.map((object) => prepareOne(object, root, embedder, options)));
}

export async function runEmbed(options: EmbedOptions): Promise<StageResult> {
  const startedAt = Date.now();
  const paths = dataPaths(options.dataDir);
  const job = options.shard ?? { index: 0, count: 1 };
  const batchSize = options.batchSize ?? 32;
  const shardSize = Math.max(options.shardSize ?? 1024, 1);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`invalid batch size ${batchSize}: expected a whole number of at least 1`);

  // The model's cores are kept free of image pipelines from the start, because loading the model
  // (hashing and optimising hundreds of megabytes) took five times as long while a fetch stage
  // running alongside had every core. The weight-free descriptor has no model.
  const intraOpThreads = options.intraOpThreads ?? defaultIntraOpThreads();
  const releaseCores = options.embedder === 'clip' ? reserveCores(intraOpThreads) : () => {};

  // The embedder first, so a missing model fails before the database is touched. Inference runs in a
  // worker thread, so decoding the next batch (and downloads, when the fetch stage runs alongside) go
  // on while a batch is embedded.
  let embedder: Embedder;
  let sqlite: ReturnType<typeof openDatabase>['$client'];
  try {
    embedder = await createEmbedder(options.embedder, { modelPath: options.modelPath, intraOpThreads, thread: 'worker' });
  } catch (error) {
    releaseCores();
    throw error;
  }
  try {
    sqlite = openDatabase(paths.database).$client;
  } catch (error) {
    releaseCores();
    await embedder.close();
    throw error;
  }

  // The last three repair an interrupted run (lib/embed/reconcile.ts): objects found in a shard but still
  // 'fetched', 'embedded' objects whose shard is gone, and shards without a sidecar.
  const counts = {
    selected: 0,
    embedded: 0,
    failed: 0,
    shardsWritten: 0,
    backdropsTrimmed: 0,
    markedEmbeddedFromShards: 0,
    queuedAgainWithoutShard: 0,
    incompleteShardsRemoved: 0,
  };
  const failures: Record<string, number> = {};

  try {
    const state = reconcile(sqlite, paths.shards, embedder, job);
    counts.markedEmbeddedFromShards = state.reconciled;
    counts.queuedAgainWithoutShard = state.requeued;
    counts.incompleteShardsRemoved = state.incompleteRemoved;

    // In id order, restricted to this job, never an id that a complete shard already contains.
    const own = jobObjectIds(sqlite, job);
    const queue = createWorkQueue({
      select: () => selectObjects(sqlite, 'fetched').filter((object) => own.has(object.id) && !state.shardIds.has(object.id)),
      batchSize,
      limit: options.limit,
      follow: options.follow,
    });
    // Following the fetch stage, the total is what it may still fetch; failed downloads lower it.
    const expected = options.follow ? countJobObjects(sqlite, ['pending', 'fetched'], own) : queue.prime();
    log.info({ embedder: embedder.name, job, objects: expected, batchSize, following: Boolean(options.follow) }, 'embed: starting');

    const progress = startProgress('embed', Math.min(expected, options.limit ?? Infinity));
    let sequence = nextShardSequence(paths.shards, job);
    let pendingIds: number[] = [];
    let pendingVectors: Float32Array[] = [];

    // Writes the first `count` pending vectors as one shard, then marks their objects 'embedded'.
    const writeNextShard = (count: number) => {
      const ids = pendingIds.slice(0, count);
      const vectors = new Float32Array(count * embedder.dimension);
      pendingVectors.slice(0, count).forEach((vector, i) => vectors.set(vector, i * embedder.dimension));
      writeShard({
        directory: paths.shards,
        job,
        sequence,
        embedder: embedder.name,
        modelHash: embedder.modelHash,
        dimension: embedder.dimension,
        ids,
        vectors,
      });
      // Only after the shard (sidecar last) is on disk: a crash before this line is repaired by reconcile.
      counts.embedded += setStatus(sqlite, ids, 'fetched', 'embedded');
      counts.shardsWritten += 1;
      sequence += 1;
      pendingIds = pendingIds.slice(count);
      pendingVectors = pendingVectors.slice(count);
    };

    // One batch is decoded ahead: while the model runs a batch, libvips decodes the next one.
    const upcoming = () =>
      queue.take().then((batch) => (batch ? { size: batch.length, prepared: prepareBatch(batch, paths.root, embedder, options) } : null));
    let next = upcoming();
    try {
      for (let current = await next; current; current = await next) {
        const prepared = await current.prepared;
        next = upcoming();

        const ready = prepared.filter((item): item is Extract<Prepared, { input: Float32Array }> => 'input' in item);
        const failed = prepared.filter((item): item is Extract<Prepared, { failure: string }> => 'failure' in item);
        if (failed.length > 0) {
          markFailed(sqlite, failed.map((item) => ({ id: item.id, reason: item.failure })));
          for (const item of failed) {
            failures[failureGroup(item.failure)] = (failures[failureGroup(item.failure)] ?? 0) + 1;
            log.warn({ id: item.id, reason: item.failure }, 'embed: object failed');
          }
          counts.failed += failed.length;
        }

        const vectors = await embedder.embedBatch(ready.map((item) => item.input));
        ready.forEach((item, i) => {
          pendingIds.push(item.id);
          pendingVectors.push(vectors[i]);
          if (item.trimmed) counts.backdropsTrimmed += 1;
        });
        while (pendingIds.length >= shardSize) writeNextShard(shardSize);
        progress.increment(current.size);
      }
      if (pendingIds.length > 0) writeNextShard(pendingIds.length);
      // Objects whose download failed never arrive, so the bar ends at what was taken.
      progress.setTotal(queue.takenCount());
    } finally {
      progress.stop();
      // Let a decode still in flight settle before the embedder and database close.
      await next.then((upcomingBatch) => upcomingBatch?.prepared);
      counts.selected = queue.takenCount();
    }
  } finally {
    releaseCores();
    await embedder.close();
    sqlite.close();
  }

  const durationMs = Date.now() - startedAt;
  log.info({ ...counts, durationMs, perImageMs: counts.selected ? Math.round(durationMs / counts.selected) : 0 }, 'embed: done');
  return { stage: 'embed', counts, failures, durationMs, ok: true };
}
