/**
 * Embeds search queries into the space of DATA_DIR's index. The index's embedder is read from the
 * `meta` table, and a query is embedded only by that same embedder: the CLIP text tower for text
 * (CLIP indexes only), and the pipeline's own image embedder and preprocessing for an uploaded image.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { Db } from '@/lib/db/client';
import { sha256File } from '@/lib/embed/clip';
import { createEmbedder, type Embedder } from '@/lib/embed/embedders';
import { CLIP_VIT_B32, DESCRIPTOR_V1 } from '@/lib/embed/models';
import { trimBackdrop } from '@/lib/embed/preprocess';
import { decodeImage } from '@/lib/images/decode';
import { readStoredEmbedder, type StoredEmbedder } from '@/lib/embed/state';
import { getClipTextEncoder } from '@/lib/text/encoder';
import { textModelDir } from '@/lib/text/model';

export type SearchUnavailableCode = 'index_unavailable' | 'text_search_unavailable' | 'model_missing' | 'embedder_mismatch';

/** A query that cannot run against this index; `status` is the HTTP status of the response. */
export class SearchUnavailable extends Error {
  constructor(
    readonly status: 409 | 503,
    readonly code: SearchUnavailableCode,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the folder of the CLIP text tower: CLIP_TEXT_MODEL_DIR, else clip-vit-b32-text/ under MODELS_DIR. */
export function serverTextModelDir(): string {
  return process.env.CLIP_TEXT_MODEL_DIR || textModelDir();
}

/** Returns the CLIP image model file: CLIP_MODEL_PATH, else clip-vit-b32-vision.onnx under MODELS_DIR. */
export function serverImageModelPath(): string {
  return process.env.CLIP_MODEL_PATH || join(/* turbopackIgnore: true */ process.env.MODELS_DIR || './models', CLIP_VIT_B32.fileName);
}

/** Returns the embedder recorded in `meta`; throws SearchUnavailable when the embed stage never ran. */
export function indexEmbedder(db: Db): StoredEmbedder {
  const stored = readStoredEmbedder(db.$client);
  if (!stored) {
    throw new SearchUnavailable(503, 'index_unavailable', 'The database records no embedder, so there is no index to search; run `npm run pipeline`.');
  }
  return stored;
}

/** Returns why text search cannot run on this index, or null when the index was built with CLIP. */
export function textSearchBlocker(db: Db): SearchUnavailable | null {
  const stored = indexEmbedder(db);
  if (stored.embedder === CLIP_VIT_B32.name) return null;
  return new SearchUnavailable(
    409,
    'text_search_unavailable',
    `Text search is unavailable: this index was built with the ${stored.embedder} embedder, which has no text model. ` +
      'Search titles, artists and cultures with the metadata search, or rebuild the index with `--embedder clip`.',
  );
}

/** Embeds `text` with the CLIP text tower; throws SearchUnavailable when the index or model does not allow it. */
export async function embedText(db: Db, text: string, indexDimension: number): Promise<Float32Array> {
  const blocker = textSearchBlocker(db);
  if (blocker) throw blocker;

  const modelDir = serverTextModelDir();
  if (!existsSync(/* turbopackIgnore: true */ join(modelDir, 'model.onnx'))) {
    throw new SearchUnavailable(
      503,
      'model_missing',
      `Text search is unavailable: the CLIP text model is missing from ${modelDir}. Run \`npm run model:download -- --text\`, or set CLIP_TEXT_MODEL_DIR to its folder.`,
    );
  }

  const vector = await (await getClipTextEncoder(modelDir)).encodeText(text);
  if (vector.length !== indexDimension) {
    throw new SearchUnavailable(
      503,
      'embedder_mismatch',
      `The text model in ${modelDir} returns ${vector.length}-d vectors but the index holds ${indexDimension}-d ones; use the text tower of the index's CLIP model.`,
    );
  }
  return vector;
}

const imageEmbedders = new Map<string, Promise<Embedder>>();

/** Creates (once per process) the embedder that built the index, after checking that its model file is the same. */
async function loadImageEmbedder(stored: StoredEmbedder): Promise<Embedder> {
  if (stored.embedder === DESCRIPTOR_V1.name) {
    if (stored.modelHash !== DESCRIPTOR_V1.version) {
      throw new SearchUnavailable(503, 'embedder_mismatch', `The index was built with descriptor ${stored.modelHash} but this server has ${DESCRIPTOR_V1.version}; run the embed and index stages again.`);
    }
    return createEmbedder('descriptor');
  }
  if (stored.embedder !== CLIP_VIT_B32.name) {
    throw new SearchUnavailable(503, 'embedder_mismatch', `The index was built with an unknown embedder "${stored.embedder}"; run the embed and index stages again.`);
  }

  const modelPath = serverImageModelPath();
  if (!existsSync(/* turbopackIgnore: true */ modelPath)) {
    throw new SearchUnavailable(503, 'model_missing', `Image search is unavailable: the CLIP image model is missing at ${modelPath}. Run \`npm run model:download\`, or set CLIP_MODEL_PATH to the model that built the index.`);
  }
  const hash = await sha256File(modelPath);
  if (hash !== stored.modelHash) {
    throw new SearchUnavailable(503, 'embedder_mismatch', `The CLIP model at ${modelPath} (sha256 ${hash}) is not the one that built the index (sha256 ${stored.modelHash}); set CLIP_MODEL_PATH to the index's model.`);
  }
  return createEmbedder('clip', { modelPath, intraOpThreads: 1 });
}

function imageEmbedderFor(stored: StoredEmbedder): Promise<Embedder> {
  const key = `${stored.embedder}:${stored.modelHash}:${serverImageModelPath()}`;
  let embedder = imageEmbedders.get(key);
  if (!embedder) {
    embedder = loadImageEmbedder(stored);
    imageEmbedders.set(key, embedder);
    // A failed load is not cached, so the next request retries, for example after a download.
    embedder.catch(() => imageEmbedders.delete(key));
  }
  return embedder;
}

/**
 * Embeds a validated image with the index's embedder, using the pipeline's steps: the fetch stage's
 * decoder (sRGB, upright, first frame, long edge at most 512 px like a thumbnail), the embed stage's
 * backdrop trim, then the embedder's own preprocessing.
 * NOTE: the pipeline embeds the thumbnail after a lossy WebP round trip, which this path skips.
 */
export async function embedImage(db: Db, bytes: Uint8Array, maxPixels: number): Promise<Float32Array> {
  const embedder = await imageEmbedderFor(indexEmbedder(db));
  const decoded = await decodeImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { maxPixels });
  const { image } = await trimBackdrop({ data: decoded.pixels, width: decoded.pixelWidth, height: decoded.pixelHeight });
  const [vector] = await embedder.embedBatch([await embedder.prepare(image)]);
  return vector;
}
