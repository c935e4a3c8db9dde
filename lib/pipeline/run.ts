import { sql } from 'drizzle-orm';

import { openDatabase } from '../db/client';
import { objects } from '../db/schema';
import { runDiscover } from '../discover/stage';
import { runEmbed } from '../embed/stage';
import { runFetch } from '../fetch/stage';
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
  for (const stage of STAGES.slice(first, last + 1)) {
    logger.info({ stage, source: options.sources.label }, `${stage}: starting`);
    const result = await runStage(stage, options);
    stages.push(result);
    logger.info({ stage, durationMs: result.durationMs, ok: result.ok }, `${stage}: finished`);
    if (!result.ok) break;
  }

  const { statusCounts, failureReasons } = summariseObjects(options.dataDir);
  return { stages, statusCounts, failureReasons, ok: stages.every((stage) => stage.ok) };
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
      return runFetch({
        dataDir,
        imageBaseUrl: sources.imageBaseUrl,
        concurrency: options.fetchConcurrency,
        retryFailed: options.retryFailed,
      });
    case 'embed':
      return runEmbed({ dataDir, embedder: options.embedder, modelPath: options.modelPath });
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
