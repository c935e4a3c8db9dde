/**
 * The curate stage: turns the index stage's global neighbours into visual twins. Pairs must be within
 * each other's top K, and boring pairs are removed. The rest are scored for surprise and clustered by
 * look, and the top list is chosen under per-object and per-cluster limits. It also stores the outliers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import pLimit from 'p-limit';

import { openDatabase } from '../db/client';
import { readNpy } from '../embed/npy';
import { openVectorFile } from '../index/vectors';
import { childLogger } from '../log';
import { dataPaths } from '../paths';
import type { StageResult } from '../pipeline/types';
import { BORING_RULES, boringRule, DEFAULT_BORING_OPTIONS, type BoringOptions, type BoringRule } from './boring';
import { findMutualPairs, type NeighbourTable } from './candidates';
import { CentredRows, dot, meanVector } from './centring';
import { compareObjects, DEFAULT_CONTRAST_OPTIONS, objectNameGroup, type Contrast } from './contrast';
import { selectTopPairs } from './diversity';
import { assignToCentroids, kMeans } from './kmeans';
import { findOutliers } from './outliers';
import {
  DEFAULT_PLACEHOLDER_OPTIONS,
  isBlankImage,
  nearDuplicateHubIds,
  repeatedImageIds,
  type PlaceholderOptions,
} from './placeholder';
import { DEFAULT_WEIGHTS, hubness, surpriseScore, type ScoreWeights } from './score';
import { loadCurationObjects, replaceCuration, type NewPair } from './store';
import type { CandidatePair, CurationObject } from './types';

const log = childLogger('curate');

export interface CurateOptions {
  dataDir: string;
  k?: number; // competitive filter: each side must be within the other's top k (default 30)
  maxStoredPairs?: number; // best-scoring pairs kept in the table (default 200,000)
  topN?: number; // length of the diversified top list (default 200)
  maxPairsPerObject?: number; // in the top list (default 1)
  maxClusterShare?: number; // of the top list, 0..1 (default 0.2)
  maxKindShare?: number; // of the top list one object kind (head of the object name) may join, 0..1 (default 0.2)
  clusters?: number; // k-means clusters over pair vectors (default 32)
  farYears?: number; // a date gap that counts as a boundary (default 100)
  weights?: ScoreWeights;
  boring?: Partial<BoringOptions>;
  placeholder?: Partial<PlaceholderOptions>;
  outlierK?: number; // outliers are ranked by similarity to this neighbour, 1-based (default 10)
  outlierCount?: number; // default 100
  seed?: number; // k-means seed (default 1)
}

const IMAGE_CONCURRENCY = 8;

// k-means fits on at most this many pair vectors, then assigns every pair to the nearest centroid.
const KMEANS_SAMPLE = 10_000;

function loadNeighbourTable(dataDir: string): NeighbourTable {
  const paths = dataPaths(dataDir);
  for (const path of [paths.neighbourIds, paths.neighbourSimilarities, paths.indexIds, paths.vectors]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run the index stage before curate`);
  }
  const rows = readNpy(paths.neighbourIds);
  const similarities = readNpy(paths.neighbourSimilarities);
  const ids = JSON.parse(readFileSync(paths.indexIds, 'utf8')) as number[];
  if (rows.dtype !== 'int32' || similarities.dtype !== 'float32' || rows.shape[0] !== ids.length) {
    throw new Error(
      `neighbour files in ${paths.root} do not match index.ids.json (${rows.dtype} ${rows.shape.join('×')} for ${ids.length} ids); run the index stage again`,
    );
  }
  return { ids, columns: rows.shape[1], rows: rows.data as Int32Array, similarities: similarities.data as Float32Array };
}

async function findPlaceholders(
  table: NeighbourTable,
  objects: Map<number, CurationObject>,
  members: Set<number>,
  dataDir: string,
  options: PlaceholderOptions,
): Promise<Set<number>> {
  const placeholders = repeatedImageIds(objects.values(), options.minCopies);
  for (const id of nearDuplicateHubIds(table, options.nearDuplicateSimilarity, options.minCopies)) placeholders.add(id);

  // Image statistics cost a decode each, so only the objects of qualified pairs are checked, several
  // at a time because libvips decodes on its own threads.
  const limit = pLimit(IMAGE_CONCURRENCY);
  let unreadable = 0;
  await Promise.all(
    [...members].map((id) =>
      limit(async () => {
        const thumbPath = objects.get(id)?.thumbPath;
        if (!thumbPath || placeholders.has(id)) return;
        try {
          if (await isBlankImage(join(dataDir, thumbPath), options.maxChannelDeviation)) placeholders.add(id);
        } catch (error) {
          if (unreadable++ < 10) log.warn({ objectId: id, thumbPath, err: error }, 'thumbnail could not be read; treating it as not blank');
        }
      }),
    ),
  );
  if (unreadable > 0) log.warn({ unreadable }, 'thumbnails that could not be read were treated as not blank');
  return placeholders;
}

interface ScoredPair {
  candidate: CandidatePair;
  contrast: Contrast;
  score: number;
  cluster: number;
}

function clusterPairs(scoredPairs: ScoredPair[], vectors: CentredRows, clusters: number, seed: number): void {
  if (scoredPairs.length === 0) return;
  const d = vectors.mean.length;
  const step = Math.max(1, scoredPairs.length / KMEANS_SAMPLE);
  const sampleCount = Math.min(scoredPairs.length, KMEANS_SAMPLE);
  const sample = new Float32Array(sampleCount * d);
  for (let i = 0; i < sampleCount; i++) {
    const { aRow, bRow } = scoredPairs[Math.floor(i * step)].candidate;
    sample.set(vectors.pairVector(aRow, bRow), i * d);
  }

  const { centroids } = kMeans(sample, d, { k: clusters, seed, maxIterations: 20 });
  for (const pair of scoredPairs) {
    const vector = vectors.pairVector(pair.candidate.aRow, pair.candidate.bRow);
    pair.cluster = assignToCentroids(vector, centroids, d)[0];
  }
}

/** Runs the curate stage and replaces the `pairs` and `outliers` tables. */
export async function runCurate(options: CurateOptions): Promise<StageResult> {
  const startedAt = Date.now();
  const paths = dataPaths(options.dataDir);
  const k = options.k ?? 30;
  const maxStoredPairs = options.maxStoredPairs ?? 200_000;
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const boringOptions = { ...DEFAULT_BORING_OPTIONS, ...options.boring };
  const placeholderOptions = { ...DEFAULT_PLACEHOLDER_OPTIONS, ...options.placeholder };
  const contrastOptions = { ...DEFAULT_CONTRAST_OPTIONS, farYears: options.farYears ?? DEFAULT_CONTRAST_OPTIONS.farYears };

  let lapStart = startedAt;
  const lap = (phase: string, facts: Record<string, number>) => {
    log.info({ phase, ms: Date.now() - lapStart, ...facts }, `curate ${phase} done`);
    lapStart = Date.now();
  };

  const table = loadNeighbourTable(options.dataDir);
  const db = openDatabase(paths.database);
  const vectorFile = openVectorFile(paths.vectors);
  try {
    const objects = loadCurationObjects(db);
    if (objects.size === 0) throw new Error(`no objects in ${paths.database}: run the discover, fetch and embed stages first`);
    const { candidates, qualified, kOccurrence } = findMutualPairs(table, k);
    lap('filter', { candidates, qualified: qualified.length, k });

    const members = new Set(qualified.flatMap((pair) => [pair.aId, pair.bId]));
    const placeholders = await findPlaceholders(table, objects, members, options.dataDir, placeholderOptions);
    lap('placeholders', { checked: members.size, placeholders: placeholders.size });

    const removed = Object.fromEntries(BORING_RULES.map((rule) => [rule, 0])) as Record<BoringRule, number>;
    let missingObjects = 0;
    const vectors = new CentredRows(vectorFile, meanVector(vectorFile));
    const scoredPairs: ScoredPair[] = [];

    for (const candidate of qualified) {
      const a = objects.get(candidate.aId);
      const b = objects.get(candidate.bId);
      if (!a || !b) {
        missingObjects++;
        continue;
      }
      const contrast = compareObjects(a, b, contrastOptions);
      const rule = boringRule(a, b, candidate.similarity, contrast, placeholders, boringOptions);
      if (rule) {
        removed[rule]++;
        continue;
      }

      const centredSimilarity = dot(vectors.get(candidate.aRow), vectors.get(candidate.bRow));
      const hub = Math.max(hubness(kOccurrence[candidate.aRow], k), hubness(kOccurrence[candidate.bRow], k));
      const mutual = candidate.rankAInB === 1 && candidate.rankBInA === 1;
      const score = surpriseScore({ similarity: centredSimilarity, contrast, mutual, hubness: hub }, weights);
      scoredPairs.push({ candidate, contrast, score, cluster: 0 });
    }

    // Only the best-scoring pairs are kept, which bounds clustering time and the table's size.
    scoredPairs.sort((x, y) => y.score - x.score);
    const belowStoredLimit = Math.max(0, scoredPairs.length - maxStoredPairs);
    scoredPairs.length = Math.min(scoredPairs.length, maxStoredPairs);
    lap('score', { scoredPairs: scoredPairs.length, belowStoredLimit });

    const clusters = Math.min(options.clusters ?? 32, scoredPairs.length);
    clusterPairs(scoredPairs, vectors, clusters, options.seed ?? 1);
    lap('cluster', { clusters });

    const top = selectTopPairs(
      scoredPairs.map((pair) => ({
        aId: pair.candidate.aId,
        bId: pair.candidate.bId,
        score: pair.score,
        cluster: pair.cluster,
        kinds: [objectNameGroup(objects.get(pair.candidate.aId)!.objectName), objectNameGroup(objects.get(pair.candidate.bId)!.objectName)],
      })),
      {
        topN: options.topN ?? 200,
        maxPairsPerObject: options.maxPairsPerObject ?? 1,
        maxClusterShare: options.maxClusterShare ?? 0.2,
        maxKindShare: options.maxKindShare ?? 0.2,
      },
    );
    const topRankOf = new Map(top.map((index, position) => [index, position + 1]));
    lap('select', { top: top.length });

    const pairRows: NewPair[] = scoredPairs.map((pair, index) => ({
      aId: pair.candidate.aId,
      bId: pair.candidate.bId,
      similarity: pair.candidate.similarity,
      yearsApart: pair.contrast.yearsApart,
      crossesDepartment: pair.contrast.crossesDepartment,
      crossesCulture: pair.contrast.crossesCulture,
      crossesClassification: pair.contrast.crossesClassification,
      crossesObjectName: pair.contrast.crossesObjectName,
      crossesMedium: pair.contrast.crossesMedium,
      reasons: pair.contrast.reasons,
      score: pair.score,
      rankAInB: pair.candidate.rankAInB,
      rankBInA: pair.candidate.rankBInA,
      mutual: pair.candidate.rankAInB === 1 && pair.candidate.rankBInA === 1,
      cluster: pair.cluster,
      topRank: topRankOf.get(index) ?? null,
    }));
    const notOutliers = new Set(placeholders);
    for (const id of table.ids as number[]) if (!objects.has(id)) notOutliers.add(id);
    const outlierK = Math.min(options.outlierK ?? 10, table.columns);
    const outlierRows = findOutliers(table, outlierK, options.outlierCount ?? 100, notOutliers);
    replaceCuration(db, pairRows, outlierRows);
    lap('write', { pairs: pairRows.length, top: top.length, outliers: outlierRows.length });

    const counts: Record<string, number> = {
      candidates,
      qualified: qualified.length,
      placeholders: placeholders.size,
      missingObjects,
    };
    for (const rule of BORING_RULES) counts[`removed.${rule}`] = removed[rule];
    counts.belowStoredLimit = belowStoredLimit;
    Object.assign(counts, { stored: pairRows.length, clusters, topList: top.length, outliers: outlierRows.length });
    return { stage: 'curate', counts, failures: {}, durationMs: Date.now() - startedAt, ok: true };
  } finally {
    vectorFile.close();
    db.$client.close();
  }
}
