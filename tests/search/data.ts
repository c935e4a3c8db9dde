/**
 * Test fixture: a real DATA_DIR made by the pipeline (discover → index) from the bundled sample,
 * embedded with the weight-free descriptor or with the generated CLIP-shaped image model. The CLIP
 * variant also gets the generated text model, so text queries run end to end.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { writeTestModel } from '../../lib/embed/test-model';
import { runPipeline } from '../../lib/pipeline/run';
import { resolveSources } from '../../lib/pipeline/sources';
import { writeTextTestModelDir } from '../../lib/text/test-model';

export const TOKENIZER_FIXTURE = 'tests/text/fixtures/clip-head';

export interface SearchData {
  dataDir: string;
  /** The image model that embedded the index (CLIP only). */
  imageModelPath?: string;
  /** Folder with the text model and tokenizer (CLIP only). */
  textModelDir?: string;
}

/** Writes the generated image and text models under `modelsDir`, named as the server looks for them. */
export function writeSearchTestModels(modelsDir: string): { imageModelPath: string; textModelDir: string } {
  mkdirSync(modelsDir, { recursive: true });
  const imageModelPath = join(modelsDir, 'clip-vit-b32-vision.onnx');
  const textModelDir = join(modelsDir, 'clip-vit-b32-text');
  writeTestModel(imageModelPath);
  writeTextTestModelDir(textModelDir, TOKENIZER_FIXTURE);
  return { imageModelPath, textModelDir };
}

/** Runs discover to index on `limit` sample objects into `root`/data. */
export async function buildSearchData(root: string, embedder: 'clip' | 'descriptor', limit: number): Promise<SearchData> {
  const dataDir = join(root, 'data');
  const models = embedder === 'clip' ? writeSearchTestModels(join(root, 'models')) : undefined;
  const { sources } = await resolveSources('sample');

  const report = await runPipeline({
    dataDir,
    sources,
    limit,
    embedder,
    modelPath: models?.imageModelPath ?? '',
    indexKind: 'flat',
    k: 10,
    fetchConcurrency: 4,
    retryFailed: false,
    from: 'discover',
    to: 'index',
  });
  if (!report.ok) throw new Error(`pipeline failed building the ${embedder} test data: ${JSON.stringify(report.failureReasons)}`);
  return { dataDir, ...models };
}
