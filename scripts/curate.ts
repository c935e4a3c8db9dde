import { Option } from 'commander';

import { parseIntegerOption, runStageCli, stageCommand } from '../lib/pipeline/cli';
import { parseWeights } from '../lib/twins/score';
import { runCurate } from '../lib/twins/stage';

/** Parses a decimal option within [min, max], naming the option and the range when it is invalid. */
function parseDecimalOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new Error(`invalid ${name} "${value}": expected a number from ${min} to ${max}`);
    }
    return parsed;
  };
}

const integer = (flags: string, description: string, env: string, fallback: number, min: number, max?: number) =>
  new Option(flags, description).argParser(parseIntegerOption(flags.split(' ')[0], min, max)).env(env).default(fallback);
const decimal = (flags: string, description: string, env: string, fallback: number, min: number, max: number) =>
  new Option(flags, description).argParser(parseDecimalOption(flags.split(' ')[0], min, max)).env(env).default(fallback);

const program = stageCommand('curate', 'Find visual twins among the global neighbours and store pairs and outliers')
  .addOption(integer('--k <count>', 'each side of a pair must be within the other\'s top k neighbours', 'CURATE_K', 30, 1, 1000))
  .addOption(integer('--max-stored-pairs <count>', 'best-scoring pairs kept in the pairs table', 'CURATE_MAX_STORED_PAIRS', 200_000, 1))
  .addOption(integer('--top <count>', 'length of the diversified top list', 'CURATE_TOP', 200, 1))
  .addOption(integer('--max-pairs-per-object <count>', 'pairs one object may have in the top list', 'CURATE_MAX_PAIRS_PER_OBJECT', 1, 1))
  .addOption(decimal('--max-cluster-share <share>', 'largest share of the top list one visual cluster may take', 'CURATE_MAX_CLUSTER_SHARE', 0.2, 0.01, 1))
  .addOption(decimal('--max-kind-share <share>', 'largest share of the top list one object kind (snuffbox, vase) may join', 'CURATE_MAX_KIND_SHARE', 0.2, 0.01, 1))
  .addOption(integer('--clusters <count>', 'k-means clusters over pair vectors', 'CURATE_CLUSTERS', 32, 1, 1000))
  .addOption(integer('--far-years <years>', 'date gap that counts as a boundary and gets a reason', 'CURATE_FAR_YEARS', 100, 1))
  .addOption(
    new Option('--weights <list>', 'score weights as name=value pairs, for example "years=0.4,culture=0.2"')
      .env('CURATE_WEIGHTS')
      .default(''),
  )
  .addOption(decimal('--similarity-ceiling <cosine>', 'similarity above which a pair is a near-duplicate photograph', 'CURATE_SIMILARITY_CEILING', 0.97, -1, 1))
  .addOption(integer('--max-hamming <bits>', 'dHash bit difference at or below which two images are copies', 'CURATE_MAX_HAMMING', 6, 0, 64))
  .addOption(integer('--placeholder-copies <count>', 'objects sharing one image that make it a placeholder', 'CURATE_PLACEHOLDER_COPIES', 5, 2))
  .addOption(decimal('--blank-deviation <level>', 'per-channel standard deviation (0-255) below which a thumbnail is blank', 'CURATE_BLANK_DEVIATION', 8, 0, 255))
  .addOption(integer('--outlier-k <rank>', 'outliers are ranked by similarity to this neighbour', 'CURATE_OUTLIER_K', 10, 1, 1000))
  .addOption(integer('--outliers <count>', 'number of outliers stored', 'CURATE_OUTLIERS', 100, 0))
  .addOption(integer('--seed <number>', 'k-means seed', 'CURATE_SEED', 1, 0));

program.parse();
const options = program.opts<{
  dataDir: string;
  k: number;
  maxStoredPairs: number;
  top: number;
  maxPairsPerObject: number;
  maxClusterShare: number;
  maxKindShare: number;
  clusters: number;
  farYears: number;
  weights: string;
  similarityCeiling: number;
  maxHamming: number;
  placeholderCopies: number;
  blankDeviation: number;
  outlierK: number;
  outliers: number;
  seed: number;
}>();

await runStageCli(() =>
  runCurate({
    dataDir: options.dataDir,
    k: options.k,
    maxStoredPairs: options.maxStoredPairs,
    topN: options.top,
    maxPairsPerObject: options.maxPairsPerObject,
    maxClusterShare: options.maxClusterShare,
    maxKindShare: options.maxKindShare,
    clusters: options.clusters,
    farYears: options.farYears,
    weights: parseWeights(options.weights),
    boring: { similarityCeiling: options.similarityCeiling, maxHammingDistance: options.maxHamming },
    placeholder: { minCopies: options.placeholderCopies, maxChannelDeviation: options.blankDeviation },
    outlierK: options.outlierK,
    outlierCount: options.outliers,
    seed: options.seed,
  }),
);
