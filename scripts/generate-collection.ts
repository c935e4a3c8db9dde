/**
 * Generates a seeded synthetic collection of --count objects for scale runs:
 *   <out>/source/  MetObjects.csv + met-openaccess-images.csv (run discover with --csv/--image-map)
 *   <out>/data/shards/  embedding shards, so index and curate run without images
 * Example: npm run generate-collection -- --count 200000 --out /tmp/met-200k
 */
import { join, resolve } from 'node:path';

import { Command, Option } from 'commander';

import { dataPaths } from '../lib/paths';
import { parseIntegerOption } from '../lib/pipeline/cli';
import { BUNDLED_SAMPLE_DIR } from '../lib/pipeline/sources';
import { readSampleRows, writeCollection } from '../lib/synthetic/collection';
import { writeClusteredShards } from '../lib/synthetic/vectors';

const program = new Command('generate-collection')
  .description('Write a seeded synthetic Met collection (CSV, image map, embedding shards) for scale runs')
  .addOption(new Option('--out <dir>', 'output folder').env('GENERATE_OUT').default('./generated'))
  .addOption(new Option('--count <n>', 'objects to generate').argParser(parseIntegerOption('--count', 1)).env('GENERATE_COUNT').default(200_000))
  .addOption(new Option('--dimension <d>', 'embedding dimension').argParser(parseIntegerOption('--dimension', 1, 4096)).default(512))
  .addOption(new Option('--clusters <n>', 'vector clusters').argParser(parseIntegerOption('--clusters', 1)).default(2000))
  .addOption(new Option('--shard-size <rows>', 'rows per shard file, as the embed stage writes').argParser(parseIntegerOption('--shard-size', 1)).default(1024))
  .addOption(new Option('--seed <n>', 'random seed').argParser(parseIntegerOption('--seed', 0)).default(7))
  .addOption(new Option('--no-shards', 'write only the CSV and image map'));

program.parse();
const options = program.opts<{ out: string; count: number; dimension: number; clusters: number; shardSize: number; seed: number; shards: boolean }>();

const out = resolve(options.out);
const startedAt = Date.now();
const sample = readSampleRows(join(BUNDLED_SAMPLE_DIR, 'MetObjects.csv'));
const files = await writeCollection(join(out, 'source'), options.count, sample, options.seed);
console.log(`wrote ${files.ids.length} rows to ${files.csvPath} and ${files.imageMapPath}`);

if (options.shards) {
  const shards = writeClusteredShards({
    directory: dataPaths(join(out, 'data')).shards,
    ids: files.ids,
    dimension: options.dimension,
    clusters: options.clusters,
    spread: 0.6,
    shardSize: options.shardSize,
    seed: options.seed,
  });
  console.log(`wrote ${shards} shards of ${options.dimension}-d vectors to ${dataPaths(join(out, 'data')).shards}`);
}
console.log(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; next: DATA_DIR=${join(out, 'data')} npm run discover -- --csv ${files.csvPath} --image-map ${files.imageMapPath} --no-api-fallback`);
