/**
 * Downloads the CLIP text model's files (model.onnx and tokenizer.json) into one folder, through
 * the same resumable, hash-checked downloader as the image model.
 */
import { join } from 'node:path';

import { downloadModel, type DownloadResult } from '../embed/download';
import { CLIP_VIT_B32_TEXT, textModelDir } from './model';

export interface DownloadTextModelOptions {
  /** URL of the folder that serves model.onnx and tokenizer.json; default: the Hugging Face repository. */
  baseUrl?: string;
  /** Models directory; the files go to its clip-vit-b32-text/ folder. Default: MODELS_DIR, else ./models. */
  modelsDir?: string;
  /** Requests per file before giving up, counting resumed ones; default 5. */
  maxAttempts?: number;
  /** Wait before a retry, doubled each time; default 1000 ms. */
  retryDelayMs?: number;
}

/** Returns the URL of one of the text model's files, under `baseUrl` when one is given. */
export function textModelFileUrl(fileName: string, defaultUrl: string, baseUrl?: string): string {
  if (baseUrl === undefined) return defaultUrl;
  return `${baseUrl.replace(/\/+$/, '')}/${fileName}`;
}

/** Downloads every file of the text model that is not already in place; returns one result per file. */
export async function downloadTextModel(options: DownloadTextModelOptions = {}): Promise<DownloadResult[]> {
  const directory = textModelDir(options.modelsDir);
  const results: DownloadResult[] = [];

  for (const file of [CLIP_VIT_B32_TEXT.model, CLIP_VIT_B32_TEXT.tokenizer]) {
    const result = await downloadModel({
      url: textModelFileUrl(file.fileName, file.downloadUrl, options.baseUrl),
      outputPath: join(directory, file.fileName),
      sha256: file.sha256,
      maxAttempts: options.maxAttempts,
      retryDelayMs: options.retryDelayMs,
    });
    results.push(result);
  }
  return results;
}
