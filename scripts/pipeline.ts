/**
 * Runs the whole offline pipeline in order: discover → fetch → embed → index → curate.
 * `npm run pipeline -- --help` lists the options.
 */
import { existsSync } from 'node:fs';

import { Option } from 'commander';

import { formatDuration, parseIntegerOption, printStageSummary, reportCliError, stageCommand } from '../lib/pipeline/cli';
import { runPipeline, STAGES, type PipelineReport, type StageName } from '../lib/pipeline/run';
import { resolveSources } from '../lib/pipeline/sources';
import { logger } from '../lib/log';
import { resolveDataDir } from '../lib/paths';

/** Objects taken from the live Met when no --limit is given: a slice that runs in minutes. */
const DEFAULT_ONLINE_LIMIT = 2000;
const DEFAULT_MODEL_PATH = 'models/clip-vit-b32-vision.onnx';

const program = stageCommand('pipeline', 'Run discover, fetch, embed, index and curate in order')
  .addOption(
    new Option('--source <source>', 'auto (the Met when reachable, else the bundled sample), met, sample, or a folder laid out like sample/')
      .env('MET_SOURCE')
      .default('auto'),
  )
  .addOption(new Option('--offline', 'use the bundled Met sample and the weight-free embedder; no network').env('MET_OFFLINE'))
  .addOption(
    new Option('--limit <n>', `keep at most n objects (0 = all); default ${DEFAULT_ONLINE_LIMIT} online, all of a local source`)
      .env('PIPELINE_LIMIT')
      .argParser(parseIntegerOption('--limit', 0)),
  )
  .addOption(
    new Option('--embedder <name>', 'clip, descriptor (weight-free), or auto (clip when its model is present or online)')
      .choices(['auto', 'clip', 'descriptor'])
      .env('EMBEDDER')
      .default('auto'),
  )
  .addOption(new Option('--model <path>', 'CLIP vision ONNX model').env('CLIP_MODEL_PATH').default(DEFAULT_MODEL_PATH))
  .addOption(
    new Option('--index-kind <kind>', 'FAISS index: flat (exact), ivf or hnsw').choices(['flat', 'ivf', 'hnsw']).env('INDEX_KIND').default('flat'),
  )
  .addOption(new Option('--k <n>', 'global neighbours kept per object').env('NEIGHBOURS_K').default(100).argParser(parseIntegerOption('--k', 1, 2048)))
  .addOption(
    new Option('--curate-k <n>', "curated pairs: each side must be within the other's top n neighbours (at most --k)")
      .env('CURATE_K')
      .default(30)
      .argParser(parseIntegerOption('--curate-k', 1, 2048)),
  )
  .addOption(
    new Option('--fetch-concurrency <n>', 'images downloaded at once')
      .env('FETCH_CONCURRENCY')
      .default(8)
      .argParser(parseIntegerOption('--fetch-concurrency', 1, 256)),
  )
  .addOption(new Option('--retry-failed', 'fetch again the objects whose download failed').env('FETCH_RETRY_FAILED'))
  .addOption(new Option('--from <stage>', 'first stage to run').choices([...STAGES]).env('PIPELINE_FROM').default('discover'))
  .addOption(new Option('--to <stage>', 'last stage to run').choices([...STAGES]).env('PIPELINE_TO').default('curate'));

function printReport(report: PipelineReport): void {
  console.log('\n=== pipeline summary ===');
  for (const stage of report.stages) printStageSummary(stage);
  console.log('\nobjects by status:');
  for (const [status, count] of Object.entries(report.statusCounts)) console.log(`  ${status}: ${count}`);
  const reasons = Object.entries(report.failureReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    console.log('failed objects by reason:');
    for (const [reason, count] of reasons) console.log(`  ${count} × ${reason}`);
  }
  console.log('\ntime per stage:');
  for (const stage of report.stages) console.log(`  ${stage.stage.padEnd(8)} ${formatDuration(stage.durationMs)}`);
  const ran = new Set(report.stages.map((stage) => stage.stage));
  if (ran.has('fetch') && ran.has('embed')) console.log('  (fetch and embed ran at the same time)');
  console.log(report.ok ? '\npipeline: done' : '\npipeline: FAILED (see the stage above)');
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts();
  const dataDir = resolveDataDir(options.dataDir);

  if (options.curateK > options.k) {
    throw new Error(
      `--curate-k ${options.curateK} exceeds --k ${options.k}: the index keeps only ${options.k} neighbours per object; raise --k or lower --curate-k`,
    );
  }

  const { sources, online } = await resolveSources(options.offline ? 'sample' : options.source);
  const limit = options.limit ?? (online ? DEFAULT_ONLINE_LIMIT : 0);

  let embedder: 'clip' | 'descriptor' = options.embedder === 'auto' ? 'descriptor' : options.embedder;
  if (options.embedder === 'auto' && !options.offline && (existsSync(options.model) || online)) embedder = 'clip';
  if (embedder === 'clip' && !existsSync(options.model)) {
    if (!online) {
      throw new Error(
        `CLIP model not found at ${options.model}: run \`npm run model:download\` with internet access, ` +
          'or use --embedder descriptor (weight-free).',
      );
    }
    const { downloadModel } = await import('../lib/embed/download');
    await downloadModel({ model: 'clip-vit-b32', outputPath: options.model });
  }

  logger.info({ dataDir, source: sources.label, limit, embedder }, 'pipeline: starting');
  const report = await runPipeline({
    dataDir,
    sources,
    limit: limit === 0 ? undefined : limit,
    embedder,
    modelPath: options.model,
    indexKind: options.indexKind,
    k: options.k,
    curateK: options.curateK,
    fetchConcurrency: options.fetchConcurrency,
    retryFailed: Boolean(options.retryFailed),
    from: options.from as StageName,
    to: options.to as StageName,
  });
  printReport(report);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  reportCliError(error, 'pipeline: error');
  process.exitCode = 1;
});
