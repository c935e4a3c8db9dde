/**
 * The fetch stage: downloads the image of every pending object, validates and decodes it, writes a
 * WebP thumbnail and records the result (or the failure reason) on the object's row.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';

import { openDatabase, type Db } from '../db/client';
import { objects, type ObjectStatus } from '../db/schema';
import type { HttpClientOptions } from '../http/client';
import { decodeImage, ImageRejectedError } from '../images/decode';
import { differenceHash, sha256Hex } from '../images/hash';
import { writeThumbnail } from '../images/thumbnail';
import { runImageWork } from '../images/work';
import { childLogger } from '../log';
import { DEFAULT_IMAGE_BASE_URL } from '../met/cdn';
import { dataPaths } from '../paths';
import { startProgress } from '../pipeline/progress';
import { idsForShard, type ShardSpec } from '../pipeline/shard';
import type { StageResult } from '../pipeline/types';
import { imageSourceFor, type ImageSource, type Rendition } from './source';

const log = childLogger('fetch');

export interface FetchOptions {
  dataDir: string;
  /** CDN base URL, or a local folder laid out like sample/CRDImages. */
  imageBaseUrl?: string;
  rendition?: Rendition;
  /** Objects processed at once (download, decode, thumbnail). */
  concurrency?: number;
  /** Process at most this many objects of the selection, lowest ids first. */
  limit?: number;
  /** Also select objects whose earlier fetch failed. */
  retryFailed?: boolean;
  shard?: ShardSpec;
  http?: Partial<HttpClientOptions>;
  /** Stops taking new objects and abandons those in flight, which stay pending. */
  signal?: AbortSignal;
}

export const DEFAULT_FETCH_CONCURRENCY = 8;

// Rows the stage may change; an object already fetched or embedded is never touched again.
const SELECTABLE_STATUSES: ObjectStatus[] = ['pending', 'failed'];

type Outcome = { kind: 'fetched'; bytes: number } | { kind: 'failed'; reason: string } | { kind: 'aborted' };

export async function runFetch(options: FetchOptions): Promise<StageResult> {
  const startedAt = Date.now();
  const concurrency = options.concurrency ?? DEFAULT_FETCH_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`invalid fetch concurrency ${concurrency}: expected a whole number of at least 1`);
  }
  const source = imageSourceFor(options.imageBaseUrl ?? DEFAULT_IMAGE_BASE_URL, options.rendition ?? 'web-large', {
    concurrency,
    ...options.http,
  });

  const db = openDatabase(dataPaths(options.dataDir).database);
  try {
    const { selected, skipped } = selectObjects(db, options);
    log.info({ selected: selected.length, skipped, retryFailed: Boolean(options.retryFailed), shard: options.shard }, 'fetch: starting');

    const counts = { selected: selected.length, fetched: 0, failed: 0, skipped, bytes: 0 };
    const failures: Record<string, number> = {};
    const progress = startProgress('fetch', selected.length);
    const processOne = async (id: number) => {
      const outcome = await fetchObject(db, source, options.dataDir, id, options.signal);
      if (outcome.kind === 'aborted') return;
      progress.increment();
      if (outcome.kind === 'fetched') {
        counts.fetched += 1;
        counts.bytes += outcome.bytes;
      } else {
        counts.failed += 1;
        failures[outcome.reason] = (failures[outcome.reason] ?? 0) + 1;
      }
    };

    // A fixed set of workers pulls ids in order, so no more than `concurrency` images are in memory.
    let next = 0;
    const worker = async () => {
      while (next < selected.length && !options.signal?.aborted) await processOne(selected[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
    progress.stop();

    const aborted = Boolean(options.signal?.aborted);
    if (aborted) log.warn({ ...counts, left: selected.length - counts.fetched - counts.failed }, 'fetch: aborted; unfinished objects stay pending');
    return { stage: 'fetch', counts, failures, durationMs: Date.now() - startedAt, ok: !aborted };
  } finally {
    db.$client.close();
  }
}

/**
 * Chooses the objects to fetch: pending ones (and failed ones with retryFailed), in id order, limited
 * to the shard. The shard is dealt from all objects with an image path, whatever their status, so that
 * every job computes the same assignment however far the others have got.
 */
function selectObjects(db: Db, options: FetchOptions): { selected: number[]; skipped: number } {
  const statuses: ObjectStatus[] = options.retryFailed ? ['pending', 'failed'] : ['pending'];
  let candidates = db
    .select({ id: objects.id, status: objects.status })
    .from(objects)
    .orderBy(asc(objects.id))
    .all();

  if (options.shard) {
    const withPath = db.select({ id: objects.id }).from(objects).where(isNotNull(objects.imagePath)).all();
    const inShard = new Set(idsForShard(withPath.map((row) => row.id), options.shard));
    candidates = candidates.filter((row) => inShard.has(row.id));
  }

  let selected = candidates.filter((row) => statuses.includes(row.status)).map((row) => row.id);
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);
  return { selected, skipped: candidates.length - selected.length };
}

/** Downloads, validates and stores one object, recording the outcome on its row. */
async function fetchObject(db: Db, source: ImageSource, dataDir: string, id: number, signal?: AbortSignal): Promise<Outcome> {
  const row = db.select({ imagePath: objects.imagePath }).from(objects).where(eq(objects.id, id)).get();
  if (!row?.imagePath) return recordFailure(db, id, 'no image path', null);

  const download = await source.download(row.imagePath, signal);
  if (!download.ok) {
    if (download.aborted || signal?.aborted) return { kind: 'aborted' };
    return recordFailure(db, id, download.reason, download.httpStatus);
  }

  try {
    const { image, perceptualHash, thumbPath } = await runImageWork(async () => {
      const decoded = await decodeImage(download.bytes, { contentType: download.contentType });
      const hash = await differenceHash({ pixels: decoded.pixels, width: decoded.pixelWidth, height: decoded.pixelHeight, channels: 3 });
      return { image: decoded, perceptualHash: hash, thumbPath: await writeThumbnail(dataDir, id, decoded) };
    });
    if (signal?.aborted) return { kind: 'aborted' };

    db.update(objects)
      .set({
        status: 'fetched',
        attempts: sql`${objects.attempts} + 1`,
        httpStatus: download.httpStatus,
        failureReason: null,
        bytes: download.bytes.length,
        width: image.width,
        height: image.height,
        contentHash: sha256Hex(download.bytes),
        perceptualHash,
        thumbPath,
        updatedAt: new Date(),
      })
      .where(and(eq(objects.id, id), inArray(objects.status, SELECTABLE_STATUSES)))
      .run();
    return { kind: 'fetched', bytes: download.bytes.length };
  } catch (error) {
    if (error instanceof ImageRejectedError) return recordFailure(db, id, error.message, download.httpStatus);
    // Anything else (a full disk, a sharp encoder error) is logged in full and recorded, so one bad
    // object cannot stop the stage and --retry-failed can try it again.
    const message = error instanceof Error ? error.message : String(error);
    log.error({ id, imagePath: row.imagePath, err: error }, `fetch: object ${id} failed: ${message}`);
    return recordFailure(db, id, `internal error: ${message}`, download.httpStatus);
  }
}

function recordFailure(db: Db, id: number, reason: string, httpStatus: number | null): Outcome {
  log.debug({ id, reason, httpStatus }, 'fetch: object failed');
  db.update(objects)
    .set({
      status: 'failed',
      attempts: sql`${objects.attempts} + 1`,
      httpStatus,
      failureReason: reason,
      bytes: null,
      width: null,
      height: null,
      contentHash: null,
      perceptualHash: null,
      thumbPath: null,
      updatedAt: new Date(),
    })
    .where(and(eq(objects.id, id), inArray(objects.status, SELECTABLE_STATUSES)))
    .run();
  return { kind: 'failed', reason };
}
