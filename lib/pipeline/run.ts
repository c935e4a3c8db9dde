import { sql } from 'drizzle-orm';

import { openDatabase } from '../db/client';
import { objects } from '../db/schema';
import { runDiscover } from '../discover/stage';
import { runEmbed, type EmbedOptions } from '../embed/stage';
import { runFetch, type FetchOptions } from '../fetch/stage';
import { runIndex } from '../index/stage';
import { logger } from '../log';
import { dataPaths } from '../paths';
import { runCurate } from '../twins/stage';
import type { MetSources } from './sources';
import type { StageResult } from './types';

export const STAGES = ['discover', 'fetch', 'embed', 'index', 'curate'] as const;
export type StageName = (typeof STAGES)[number];

export interface PipelineOptions {
  dataDir: string;
  sources: MetSources;
  limit?: number;
  embedder: 'clip' | 'descriptor';
  modelPath: string;
  indexKind: 'flat' | 'ivf' | 'hnsw';
  k: number;
  /** Mutual top-k rule of the curate stage; at most `k`. */
  curateK?: number;
  fetchConcurrency: number;
  retryFailed: boolean;
  from: StageName;
  to: StageName;
}

export interface PipelineReport {
  stages: StageResult[];
  statusCounts: Record<string, number>;
  failureReasons: Record<string, number>;
  ok: boolean;
}

/** Runs the stages from `options.from` to `options.to` in order, stopping at the first failed stage. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineReport> {
  const first = STAGES.indexOf(options.from);
  const last = STAGES.indexOf(options.to);
  if (first > last) throw new Error(`invalid stage range: --from ${options.from} comes after --to ${options.to}`);

  const stages: StageResult[] = [];
  const range = STAGES.slice(first, last + 1);
  for (let i = 0; i < range.length; i++) {
    const stage = range[i];
    logger.info({ stage, source: options.sources.label }, `${stage}: starting`);

    // Fetch and embed run together: inference on fetched images overlaps the next downloads.
    if (stage === 'fetch' && range[i + 1] === 'embed') {
      stages.push(...(await runFetchAndEmbed(fetchOptions(options), embedOptions(options))));
      i += 1;
    } else {
      stages.push(await runStage(stage, options));
    }

    const result = stages[stages.length - 1];
    logger.info({ stage: result.stage, durationMs: result.durationMs, ok: result.ok }, `${result.stage}: finished`);
    if (!stages.every((done) => done.ok)) break;
  }

  const { statusCounts, failureReasons } = summariseObjects(options.dataDir);
  return { stages, statusCounts, failureReasons, ok: stages.every((stage) => stage.ok) };
}

/**
 * Runs the fetch and embed stages at the same time: the embed stage follows the fetch stage, taking
 * objects as they are fetched, and ends once the fetch has ended and every fetched object is embedded.
 * Rejects with the fetch stage's error when it fails, after the embed stage has stopped.
 */
export async function runFetchAndEmbed(fetch: FetchOptions, embed: EmbedOptions): Promise<[StageResult, StageResult]> {
  const fetching = runFetch(fetch);
  const embedding = runEmbed({ ...embed, follow: fetching });
  const [fetched, embedded] = await Promise.allSettled([fetching, embedding]);

  if (fetched.status === 'rejected') throw fetched.reason;
  if (embedded.status === 'rejected') throw embedded.reason;
  return [fetched.value, embedded.value];
}

function fetchOptions({ dataDir, sources, fetchConcurrency, retryFailed }: PipelineOptions): FetchOptions {
  return { dataDir, imageBaseUrl: sources.imageBaseUrl, concurrency: fetchConcurrency, retryFailed };
}

function embedOptions({ dataDir, embedder, modelPath }: PipelineOptions): EmbedOptions {
  return { dataDir, embedder, modelPath };
}

function runStage(stage: StageName, options: PipelineOptions): Promise<StageResult> {
  const { dataDir, sources } = options;
  switch (stage) {
    case 'discover':
      return runDiscover({
        dataDir,
        csv: sources.csv,
        imageMap: sources.imageMap,
        apiBaseUrl: sources.apiBaseUrl,
        limit: options.limit,
        // The CSV is sorted by object id, which groups departments: a slice must be spread out to
        // contain anything to contrast.
        limitMode: 'spread',
      });
    case 'fetch':
      return runFetch(fetchOptions(options));
    case 'embed':
      return runEmbed(embedOptions(options));
    case 'index':
      return runIndex({ dataDir, kind: options.indexKind, k: options.k });
    case 'curate':
      return runCurate({ dataDir, k: options.curateK });
  }
}

/** Counts objects per status and failed objects per reason, straight from the database. */
export function summariseObjects(dataDir: string) {
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    const statusCounts: Record<string, number> = {};
    const byStatus = db
      .select({ status: objects.status, count: sql<number>`count(*)` })
      .from(objects)
      .groupBy(objects.status)
      .all();
    for (const row of byStatus) statusCounts[row.status] = row.count;

    const failureReasons: Record<string, number> = {};
    const byReason = db
      .select({ reason: objects.failureReason, count: sql<number>`count(*)` })
      .from(objects)
      .where(sql`${objects.status} = 'failed'`)
      .groupBy(objects.failureReason)
      .all();
    for (const row of byReason) failureReasons[row.reason ?? 'unknown'] = row.count;

    return { statusCounts, failureReasons };
  } finally {
    db.$client.close();
  }
}
