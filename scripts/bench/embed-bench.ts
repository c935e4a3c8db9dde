/**
 * Embed benchmark: images/s of the real fetch and embed stages, run together as the pipeline runs
 * them (images served over loopback http, then decoded, preprocessed and embedded). The reference is
 * a bare onnxruntime session running the same model at the same batch size on ready-made tensors.
 * Models, chosen with `--models` in run.ts:
 * - test: the generated CLIP-shaped test model (average pool + one MatMul, nearly free
 *   to run), which measures the pipeline's own overhead.
 * - vit: a generated model with the architecture, tensor shapes and operation count of CLIP
 *   ViT-B/32's image tower but seeded random weights. Its speed is a stand-in for CLIP's where the
 *   real weights cannot be downloaded, so it shows whether decoding overlaps inference at CLIP's cost.
 *   Its vectors mean nothing.
 * - clip: the real CLIP model, when models/ contains it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import ort from 'onnxruntime-node';

import { describeMachine, report, timed } from '../../lib/bench/measure';
import { runDiscover } from '../../lib/discover/stage';
import Database from 'better-sqlite3';

import { dataPaths } from '../../lib/paths';
import { CLIP_VIT_B32 } from '../../lib/embed/models';
import { clipTensor, decodeRgb, trimBackdrop } from '../../lib/embed/preprocess';
import { writeTestModel } from '../../lib/embed/test-model';
import { CLIP_VIT_B32_CONFIG, writeVitModel } from '../../lib/embed/vit-model';
import { runFetchAndEmbed } from '../../lib/pipeline/run';
import { readSampleRows, writeCollection } from '../../lib/synthetic/collection';
import { BUNDLED_SAMPLE_DIR } from '../../lib/pipeline/sources';
import { serveFolder } from './static-server';

export const EMBED_BENCH_MODELS = ['test', 'vit', 'clip'] as const;
export type EmbedBenchModel = (typeof EMBED_BENCH_MODELS)[number];

export interface EmbedBenchOptions {
  batchSize: number;
  threads: number;
  /**
   * Objects of a generated collection to fetch and embed, its images cycling through the bundled
   * sample's; 0 uses the bundled sample itself (574 images). Larger runs weigh the fixed start-up
   * (loading the model, the first batch) as a 200k run does.
   */
  images: number;
  /** Models to run. They run in the order test, vit, clip, and a missing clip file is skipped with a message. */
  models: readonly EmbedBenchModel[];
}

/** Images the bare session runs at most: its result is a rate, so more would only lengthen the run. */
const BARE_IMAGES_MAX = 1024;

/** Images/s of a bare session: `images` random inputs in batches, thread settings as the stage's. */
async function bareImagesPerSecond(modelPath: string, images: number, batchSize: number, threads: number): Promise<number> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionMode: 'sequential',
    interOpNumThreads: 1,
    intraOpNumThreads: threads,
    graphOptimizationLevel: 'all',
  });
  const size = CLIP_VIT_B32.inputSize;
  const input = new Float32Array(batchSize * 3 * size * size).map(() => Math.random() - 0.5);
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, [batchSize, 3, size, size]) };
  await session.run(feeds); // warm-up

  const batches = Math.ceil(images / batchSize);
  const { ms } = await timed(async () => {
    for (let b = 0; b < batches; b++) await session.run(feeds);
  });
  await session.release();
  return (batches * batchSize) / (ms / 1000);
}

/**
 * Images/s of decoding and preprocessing alone (read, decode, trim, resize, normalise), batch by
 * batch as the embed stage does but with no model. The stage's images/s cannot exceed the lower of
 * this rate and the bare model's.
 */
async function decodeImagesPerSecond(dataDir: string, batchSize: number): Promise<number> {
  const sqlite = new Database(dataPaths(dataDir).database, { readonly: true });
  const thumbs = sqlite.prepare("select thumb_path from objects where thumb_path is not null order by id").pluck().all() as string[];
  sqlite.close();

  const { ms } = await timed(async () => {
    for (let start = 0; start < thumbs.length; start += batchSize) {
      await Promise.all(
        thumbs.slice(start, start + batchSize).map(async (thumb) => {
          const image = await decodeRgb(await readFile(join(dataDir, thumb)));
          return clipTensor((await trimBackdrop(image)).image, CLIP_VIT_B32);
        }),
      );
    }
  });
  return thumbs.length / (ms / 1000);
}

async function benchModel(label: string, modelPath: string, options: EmbedBenchOptions, imageBaseUrl: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'met-bench-embed-'));
  try {
    const sample = resolve(BUNDLED_SAMPLE_DIR);
    const source =
      options.images > 0
        ? await writeCollection(join(dataDir, 'source'), options.images, readSampleRows(join(sample, 'MetObjects.csv')), 7)
        : { csvPath: join(sample, 'MetObjects.csv'), imageMapPath: join(sample, 'met-openaccess-images.csv') };
    await runDiscover({ dataDir, csv: source.csvPath, imageMap: source.imageMapPath, apiBaseUrl: join(sample, 'api') });

    // The pipeline's way: fetch and embed at the same time, the embed stage taking each batch as
    // soon as it is fetched, so the wall time of both is the end-to-end time.
    const run = await timed(() =>
      runFetchAndEmbed(
        { dataDir, imageBaseUrl, http: { requestsPerSecondPerHost: 10_000 } },
        { dataDir, embedder: 'clip', modelPath, batchSize: options.batchSize, intraOpThreads: options.threads },
      ),
    );
    const [fetch, embed] = run.result;
    const embedded = embed.counts.embedded;
    const bare = await bareImagesPerSecond(modelPath, Math.min(embedded, BARE_IMAGES_MAX), options.batchSize, options.threads);
    const decode = await decodeImagesPerSecond(dataDir, options.batchSize);

    const endToEnd = embedded / (run.ms / 1000);
    report(`embed: ${label}`, {
      'images embedded': embedded,
      'fetch and embed, wall (s)': run.ms / 1000,
      "fetch stage's own duration (s)": fetch.durationMs / 1000,
      'end-to-end images/s (fetch+decode+embed)': endToEnd,
      'bare onnxruntime images/s': bare,
      'bare decode+preprocess images/s (no model)': decode,
      'end-to-end / the slower of bare decode and bare model': endToEnd / Math.min(decode, bare),
      'ratio end-to-end / bare model (target >= 0.9)': endToEnd / bare,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runEmbedBench(options: EmbedBenchOptions): Promise<void> {
  console.log(
    `embed benchmark: models ${options.models.join(', ')}, ${options.images > 0 ? `${options.images} generated objects` : 'the bundled sample'}, batch ${options.batchSize}, ${options.threads} intra-op threads; ${describeMachine()}`,
  );
  const server = await serveFolder(join(BUNDLED_SAMPLE_DIR, 'CRDImages'), { cycleFiles: options.images > 0 });
  const scratch = mkdtempSync(join(tmpdir(), 'met-bench-model-'));
  try {
    if (options.models.includes('test')) {
      const testModel = join(scratch, 'test-model.onnx');
      writeTestModel(testModel);
      console.log('\n(the test model costs almost nothing, so its run is bound by fetching and decoding; the 0.9 target is for the cost of CLIP: see the vit and clip runs)');
      await benchModel('generated CLIP-shaped test model', testModel, options, server.url);
    }

    if (options.models.includes('vit')) {
      const vitModel = join(scratch, 'vit-b32-random.onnx');
      writeVitModel(vitModel, CLIP_VIT_B32_CONFIG); // about 350 MB, written to the scratch folder
      console.log("\n(the ViT-B/32 stand-in has CLIP's architecture and operation count but random weights: its vectors mean nothing)");
      await benchModel('ViT-B/32 architecture, seeded random weights (CLIP-cost stand-in)', vitModel, options, server.url);
    }

    if (options.models.includes('clip')) {
      const realModel = resolve('models', CLIP_VIT_B32.fileName);
      if (existsSync(realModel)) await benchModel(`${CLIP_VIT_B32.name} (${realModel})`, realModel, options, server.url);
      else console.log(`\n(skipped the real CLIP model: ${realModel} not found; run npm run model:download)`);
    }
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
