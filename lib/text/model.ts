/**
 * The CLIP ViT-B/32 text tower's files: where they are published and where they are kept. Its
 * vectors share a space with the image tower in lib/embed/models.ts (CLIP_VIT_B32), so a text
 * query can be searched against image embeddings.
 */
import { join, resolve } from 'node:path';

export interface ClipTextModelFile {
  /** File name inside the model folder. */
  fileName: string;
  downloadUrl: string;
  /** Lower-case hex SHA-256 of the published file, or null when it has not been confirmed. */
  sha256: string | null;
}

export interface ClipTextModelSpec {
  name: 'clip-vit-b32-text';
  /** Folder under the models directory that contains every file below. */
  directoryName: string;
  contextLength: number;
  dimension: number;
  model: ClipTextModelFile;
  tokenizer: ClipTextModelFile;
}

const QDRANT_TEXT_REPO = 'https://huggingface.co/Qdrant/clip-ViT-B-32-text/resolve/main';

// NOTE: the published hashes could not be fetched while this was written (no internet), so they are
// unset and downloads are not verified. Record them here after checking them on Hugging Face.
export const CLIP_VIT_B32_TEXT: ClipTextModelSpec = {
  name: 'clip-vit-b32-text',
  directoryName: 'clip-vit-b32-text',
  contextLength: 77,
  dimension: 512,
  model: { fileName: 'model.onnx', downloadUrl: `${QDRANT_TEXT_REPO}/model.onnx`, sha256: null },
  tokenizer: { fileName: 'tokenizer.json', downloadUrl: `${QDRANT_TEXT_REPO}/tokenizer.json`, sha256: null },
};

/** Returns the text model's folder under `modelsDir` (default: MODELS_DIR, else ./models). */
export function textModelDir(modelsDir = process.env.MODELS_DIR ?? './models'): string {
  return join(/* turbopackIgnore: true */ resolve(/* turbopackIgnore: true */ modelsDir), CLIP_VIT_B32_TEXT.directoryName);
}
