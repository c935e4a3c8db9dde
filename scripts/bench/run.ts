/**
 * `npm run bench [-- part...] [--n rows] [--models test,vit,clip]`: runs the named benchmarks
 * (embed, index, serve, memory), or all of them. Each prints ratios measured side by side in one
 * run; see BENCHMARKS.md.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

import { parseIntegerOption } from '../../lib/pipeline/cli';
import { EMBED_BENCH_MODELS, type EmbedBenchModel, runEmbedBench } from './embed-bench';
import { runIndexBench } from './index-bench';
import { runMemoryBench } from './memory-bench';
import { runServeBench } from './serve-bench';
import { availableParallelism } from 'node:os';

const PARTS = ['embed', 'index', 'serve', 'memory'] as const;
type Part = (typeof PARTS)[number];

function parseEmbedModels(value: string): EmbedBenchModel[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(EMBED_BENCH_MODELS as readonly string[]).includes(name));
  const expected = `expected a comma-separated list of ${EMBED_BENCH_MODELS.join(', ')}`;
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown model ${unknown.join(', ')}: ${expected}`);
  if (names.length === 0) throw new InvalidArgumentError(`empty model list: ${expected}`);
  return names as EmbedBenchModel[];
}

const program = new Command('bench')
  .description('Benchmarks measured side by side against bare libraries in one run')
  .argument('[parts...]', `benchmarks to run: ${PARTS.join(', ')} (default: all)`)
  .addOption(new Option('--n <rows>', 'vectors for the index benchmark').argParser(parseIntegerOption('--n', 2)).env('BENCH_N').default(200_000))
  .addOption(new Option('--k <count>', 'neighbours per row').argParser(parseIntegerOption('--k', 1, 1000)).default(100))
  .addOption(new Option('--no-repeat', 'index benchmark: time each side once instead of twice in ABBA order'))
  .addOption(new Option('--seed <n>', 'random seed').argParser(parseIntegerOption('--seed', 0)).default(1))
  .addOption(new Option('--data-dir <dir>', 'a 200k data folder from generate-collection + index, for serve and memory').env('BENCH_DATA_DIR').default('/tmp/met-200k/data'))
  .addOption(new Option('--threads <n>', 'onnxruntime intra-op threads for the embed benchmark; the default is the embed stage\'s, all cores but one').argParser(parseIntegerOption('--threads', 1)).default(Math.max(1, availableParallelism() - 1)))
  .addOption(new Option('--batch-size <n>', 'embed batch size').argParser(parseIntegerOption('--batch-size', 1)).default(32))
  .addOption(
    new Option('--images <n>', 'embed benchmark: objects of a generated collection whose images cycle through the sample (0: the sample itself)')
      .argParser(parseIntegerOption('--images', 0))
      .env('BENCH_EMBED_IMAGES')
      .default(2000),
  )
  .addOption(
    new Option(
      '--models <list>',
      'embed benchmark models, comma-separated: test (pipeline overhead), vit (CLIP-cost stand-in with random weights), clip (real model, when downloaded)',
    )
      .argParser(parseEmbedModels)
      .env('BENCH_EMBED_MODELS')
      .default([...EMBED_BENCH_MODELS], EMBED_BENCH_MODELS.join(',')),
  )
  .showHelpAfterError();

program.parse();
const requested = program.args.length > 0 ? program.args : [...PARTS];
const unknown = requested.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length > 0) program.error(`unknown benchmark ${unknown.join(', ')}: expected one of ${PARTS.join(', ')}`);
const options = program.opts<{
  repeat: boolean;
  n: number;
  k: number;
  seed: number;
  dataDir: string;
  threads: number;
  images: number;
  batchSize: number;
  models: EmbedBenchModel[];
}>();

for (const part of requested as Part[]) {
  if (part === 'embed') await runEmbedBench({ batchSize: options.batchSize, threads: options.threads, images: options.images, models: options.models });
  if (part === 'serve') await runServeBench({ dataDir: options.dataDir, port: 3917, connections: 64, durationSeconds: 30 });
  if (part === 'memory') await runMemoryBench({ dataDir: options.dataDir, limits: [300, 1200] });
  if (part === 'index') await runIndexBench({ n: options.n, dimension: 512, k: options.k, seed: options.seed, repeat: options.repeat });
}
