import { Option } from 'commander';

import { INDEX_KINDS, type IndexKind } from '../lib/index/faiss';
import { DEFAULT_NEIGHBOUR_BATCH_ROWS, runIndex } from '../lib/index/stage';
import { parseIntegerOption, runStageCli, stageCommand } from '../lib/pipeline/cli';

const program = stageCommand('index', 'Build the FAISS index over all embedding shards and precompute global neighbours')
  .addOption(
    new Option('--kind <kind>', 'index type: flat is exact, ivf and hnsw are approximate and faster to search')
      .choices(INDEX_KINDS)
      .env('INDEX_KIND')
      .default('flat'),
  )
  .addOption(
    new Option('--k <count>', 'neighbours stored per object, itself excluded')
      .argParser(parseIntegerOption('--k', 1, 1000))
      .env('INDEX_K')
      .default(100),
  )
  .addOption(
    new Option('--batch-size <rows>', 'query rows per neighbour search')
      .argParser(parseIntegerOption('--batch-size', 1, 65536))
      .env('INDEX_BATCH_SIZE')
      .default(DEFAULT_NEIGHBOUR_BATCH_ROWS),
  );

program.parse();
const options = program.opts<{ dataDir: string; kind: IndexKind; k: number; batchSize: number }>();
await runStageCli(() => runIndex(options));
