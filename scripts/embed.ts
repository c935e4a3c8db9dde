import { Option } from 'commander';

import { runEmbed } from '../lib/embed/stage';
import { CLIP_VIT_B32 } from '../lib/embed/models';
import { DEFAULT_MODELS_DIR } from '../lib/embed/download';
import { parseIntegerOption, runStageCli, stageCommand } from '../lib/pipeline/cli';
import { parseShard, type ShardSpec } from '../lib/pipeline/shard';

const program = stageCommand('embed', "Embed the thumbnails of fetched objects into vector shards")
  .addOption(
    new Option('--embedder <name>', 'clip (needs the ONNX model) or descriptor (weight-free)')
      .choices(['clip', 'descriptor'])
      .env('EMBEDDER')
      .default('clip'),
  )
  .addOption(
    new Option('--model-path <file>', 'CLIP vision ONNX model; fetch it with npm run model:download')
      .env('CLIP_MODEL_PATH')
      .default(`${DEFAULT_MODELS_DIR}/${CLIP_VIT_B32.fileName}`),
  )
  .addOption(
    new Option('--batch-size <images>', 'images per model run')
      .argParser(parseIntegerOption('--batch-size', 1, 4096))
      .env('EMBED_BATCH_SIZE')
      .default(32),
  )
  .addOption(
    new Option('--shard-size <objects>', 'objects per shard file')
      .argParser(parseIntegerOption('--shard-size', 1))
      .env('EMBED_SHARD_SIZE')
      .default(1024),
  )
  .addOption(new Option('--limit <objects>', 'embed at most this many objects').argParser(parseIntegerOption('--limit', 1)).env('EMBED_LIMIT'))
  .addOption(new Option('--shard <i/n>', 'this job\'s part of a distributed run, 0-based, for example 0/4').argParser(parseShard).env('EMBED_SHARD'))
  .addOption(new Option('--no-trim-backdrop', 'keep uniform studio backgrounds instead of cropping them').env('EMBED_NO_TRIM'))
  .addOption(
    new Option('--threads <count>', 'onnxruntime intra-op threads (default: all cores but one)')
      .argParser(parseIntegerOption('--threads', 1, 1024))
      .env('EMBED_THREADS'),
  );

program.parse();
const options = program.opts<{
  dataDir: string;
  embedder: 'clip' | 'descriptor';
  modelPath: string;
  batchSize: number;
  shardSize: number;
  limit?: number;
  shard?: ShardSpec;
  trimBackdrop: boolean;
  threads?: number;
}>();

await runStageCli(() =>
  runEmbed({
    dataDir: options.dataDir,
    embedder: options.embedder,
    modelPath: options.modelPath,
    batchSize: options.batchSize,
    shardSize: options.shardSize,
    limit: options.limit,
    shard: options.shard,
    trimBackdrop: options.trimBackdrop,
    intraOpThreads: options.threads,
  }),
);
