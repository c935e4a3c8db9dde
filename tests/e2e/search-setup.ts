/**
 * A second gallery server for the search tests, because text search needs an index built by an
 * embedder with a text tower. It runs the pipeline (discover → index) on part of the bundled sample,
 * embedded with the generated CLIP-shaped image model, and serves it with the generated text model.
 * E2E_SEARCH_DIR reuses a folder from an earlier run (it contains data/ and models/).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { writeTestModel } from '../../lib/embed/test-model';
import { writeTextTestModelDir } from '../../lib/text/test-model';

/** Sample objects in the CLIP index: enough for every filter to find matches, few enough to embed in seconds. */
const SEARCH_OBJECTS = 80;

export interface SearchServerData {
  root: string;
  /** Environment for `next start`: DATA_DIR and both model locations. */
  env: Record<string, string>;
  reused: boolean;
}

/** Prepares the CLIP data folder; `runPipeline` runs the pipeline CLI with the given arguments and environment. */
export function prepareSearchData(runPipeline: (args: string[], env: NodeJS.ProcessEnv) => void, baseEnv: NodeJS.ProcessEnv): SearchServerData {
  const reuse = process.env.E2E_SEARCH_DIR;
  const root = reuse ?? mkdtempSync(join(tmpdir(), 'met-twins-e2e-search-'));
  const dataDir = join(root, 'data');
  const imageModel = join(root, 'models', 'clip-vit-b32-vision.onnx');
  const textModelDir = join(root, 'models', 'clip-vit-b32-text');

  if (!reuse || !existsSync(join(dataDir, 'index.faiss'))) {
    mkdirSync(join(root, 'models'), { recursive: true });
    writeTestModel(imageModel);
    writeTextTestModelDir(textModelDir, 'tests/text/fixtures/clip-head');
    const args = ['--offline', '--embedder', 'clip', '--model', imageModel, '--limit', String(SEARCH_OBJECTS), '--to', 'index', '--data-dir', dataDir];
    runPipeline(args, { ...baseEnv, DATA_DIR: dataDir });
  }

  return {
    root,
    reused: Boolean(reuse),
    env: { DATA_DIR: dataDir, CLIP_MODEL_PATH: imageModel, CLIP_TEXT_MODEL_DIR: textModelDir },
  };
}
