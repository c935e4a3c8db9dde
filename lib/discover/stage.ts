import { existsSync } from 'node:fs';

import pLimit from 'p-limit';

import { openDatabase } from '../db/client';
import type { HttpClientOptions } from '../http/client';
import { childLogger } from '../log';
import { MetApiClient } from '../met/api';
import { readMetObjects } from '../met/csv';
import { loadImageMap } from '../met/image-map';
import { DEFAULT_CSV_URL, DEFAULT_IMAGE_MAP_URL, isUrl, openSource } from '../met/source';
import type { MetObject } from '../met/types';
import { dataPaths } from '../paths';
import type { StageResult } from '../pipeline/types';
import { apiImagePath, DiscoverCounters } from './counters';
import { SpreadSample } from './spread';
import { ObjectWriter, type DiscoveredObject } from './upsert';

const log = childLogger('discover');

export interface DiscoverOptions {
  dataDir: string;
  /** MetObjects.csv as a local path or an http(s) URL. */
  csv?: string;
  /** The `id,urlpath` image map as a local path or an http(s) URL. */
  imageMap?: string;
  /** Collection API base URL, or a folder laid out like sample/api. */
  apiBaseUrl?: string;
  /** Looks up public-domain objects missing from the image map in the Collection API (default true). */
  useApiFallback?: boolean;
  /** Keeps at most `limit` objects; 0 or undefined keeps all. */
  limit?: number;
  /**
   * Selection rule for `limit`. 'first' (default) keeps the first objects in CSV order, and 'spread'
   * keeps an evenly spread, deterministic subset of the whole collection (see SpreadSample).
   */
  limitMode?: 'first' | 'spread';
  /** Options for the Collection API's HttpClient (rate limit, retries, timeouts). */
  http?: Partial<HttpClientOptions>;
  /** Caches https downloads under DATA_DIR/downloads (default true). */
  cacheDownloads?: boolean;
  /** Objects per database transaction (default 1,000). */
  batchSize?: number;
  /** Collection API lookups in flight at once (default 16); the HttpClient still paces them per second. */
  apiConcurrency?: number;
  /** Milliseconds between progress log lines (default 10,000). */
  progressEveryMs?: number;
}

/** A row waiting for its batch: its image path is known from the map, or it still needs an API lookup. */
interface Candidate {
  object: MetObject;
  mappedPath: string | null;
}

/**
 * Streams MetObjects.csv and writes every public-domain object that has an image into `objects`.
 * Image paths come from the community map, or from the Collection API for objects the map lacks.
 * Rows are handled in batches (API lookups of a batch run concurrently, then one transaction writes
 * it), so memory contains the image map and one batch, never the whole CSV.
 */
export async function runDiscover(options: DiscoverOptions): Promise<StageResult> {
  const startedAt = Date.now();
  const paths = dataPaths(options.dataDir);
  const csvLocation = options.csv ?? DEFAULT_CSV_URL;
  const mapLocation = options.imageMap ?? DEFAULT_IMAGE_MAP_URL;
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const batchSize = options.batchSize ?? 1000;
  const sourceOptions = { downloadsDir: paths.downloads, cache: options.cacheDownloads === false ? false : undefined };

  const db = openDatabase(paths.database);
  try {
    const api = createApiClient(options, db);
    const writer = new ObjectWriter(db);
    const counters = new DiscoverCounters();
    const lookupLimit = pLimit(options.apiConcurrency ?? 16);

    log.info({ imageMap: mapLocation }, 'loading the image map');
    const imageMap = await loadImageMap(await openSource(mapLocation, sourceOptions), { source: mapLocation });
    counters.setImageMap(imageMap);
    log.info({ mapped: imageMap.paths.size, invalid: imageMap.invalid, duplicates: imageMap.duplicates }, 'image map loaded');

    const spread = options.limitMode === 'spread' && Number.isFinite(limit) ? new SpreadSample<Candidate>(limit) : null;
    let batch: Candidate[] = [];
    const flush = async () => {
      const resolved = await Promise.all(batch.map((candidate) => lookupLimit(() => resolveCandidate(candidate, api, counters))));
      batch = [];
      const kept = resolved.filter((item): item is DiscoveredObject => item !== null).slice(0, limit - counters.kept);
      for (const outcome of writer.write(kept)) counters.recordUpsert(outcome);
    };

    log.info({ csv: csvLocation, limit: Number.isFinite(limit) ? limit : 'none' }, 'reading the CSV');
    const progress = counters.startProgressLog(options.progressEveryMs ?? 10_000);
    const rows = readMetObjects(await openSource(csvLocation, sourceOptions), { source: csvLocation });
    try {
      for await (const item of rows) {
        counters.rowsRead += 1;
        progress.tick();
        if (item.kind === 'error') {
          counters.recordMalformed(item.row, item.reason);
          continue;
        }

        const { object } = item;
        if (object.publicDomain !== true) {
          counters.recordNotPublicDomain(object.publicDomain);
          continue;
        }

        const mappedPath = imageMap.paths.get(object.id) ?? null;
        if (mappedPath === null && !api) {
          counters.noImagePath += 1;
          continue;
        }

        if (spread) {
          spread.offer(object.id, { object, mappedPath });
          continue;
        }
        batch.push({ object, mappedPath });
        // With --limit, a batch never requests more API lookups than objects that could still be kept.
        if (batch.length >= Math.min(batchSize, limit - counters.kept)) await flush();
        if (counters.kept >= limit) break;
      }
      if (batch.length > 0) await flush();

      // A spread sample is resolved and written once the whole CSV has been seen. Candidates that the
      // Collection API then rejects are not replaced, so the run may keep a little under `limit`.
      if (spread) {
        const chosen = spread.items().sort((a, b) => a.object.id - b.object.id);
        for (let start = 0; start < chosen.length; start += batchSize) {
          batch = chosen.slice(start, start + batchSize);
          await flush();
        }
      }
    } finally {
      progress.stop();
    }

    if (api) counters.apiRequests = api.requestsSent;
    const result: StageResult = {
      stage: 'discover',
      counts: counters.counts(),
      failures: counters.failures,
      durationMs: Date.now() - startedAt,
      ok: true,
    };
    log.info({ ...result.counts, durationMs: result.durationMs }, 'discover finished');
    return result;
  } finally {
    db.$client.close();
  }
}

function createApiClient(options: DiscoverOptions, db: ReturnType<typeof openDatabase>): MetApiClient | undefined {
  if (options.useApiFallback === false) return undefined;
  const baseUrl = options.apiBaseUrl;
  if (baseUrl !== undefined && !isUrl(baseUrl) && !existsSync(baseUrl)) {
    log.warn({ apiBaseUrl: baseUrl }, 'no Collection API folder at this path: objects missing from the image map are skipped');
    return undefined;
  }
  return new MetApiClient({ baseUrl, db, httpOptions: options.http });
}

/** Returns the object to keep with its image path, or null (the reason is counted). */
async function resolveCandidate(candidate: Candidate, api: MetApiClient | undefined, counters: DiscoverCounters) {
  const { object, mappedPath } = candidate;
  if (mappedPath !== null) return { object, imagePath: mappedPath, imageSource: 'map' as const };

  const lookup = await api!.getObject(object.id);
  counters.recordLookup(lookup);
  if (lookup.kind === 'failed') return null;
  if (lookup.kind === 'not-found') {
    counters.noImagePath += 1;
    return null;
  }
  if (lookup.record.object.publicDomain === false) {
    counters.recordNotPublicDomain(false);
    return null;
  }

  const imagePath = apiImagePath(lookup.record);
  if (imagePath === null) {
    counters.noImagePath += 1;
    return null;
  }
  counters.apiResolved += 1;
  return { object, imagePath, imageSource: 'api' as const };
}
