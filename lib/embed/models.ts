/**
 * Embedding invariants in one place: which embedders exist, what input each expects, and the
 * dimension of its vectors. Every vector leaves an embedder through `l2Normalize` and every shard
 * write goes through `assertDimension`.
 */

export type EmbedderName = 'clip-vit-b32' | 'descriptor-v1';

export interface ClipModelSpec {
  name: 'clip-vit-b32';
  kind: 'onnx';
  /** Side of the square input in pixels. */
  inputSize: number;
  /** Per-channel RGB mean and standard deviation on the [0, 1] scale, in R, G, B order. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  dimension: number;
  /** File name under the models folder. */
  fileName: string;
  downloadUrl: string;
  /** Lower-case hex SHA-256 of the published file, or null when it has not been confirmed. */
  sha256: string | null;
}

export interface DescriptorSpec {
  name: 'descriptor-v1';
  kind: 'descriptor';
  dimension: number;
  /** Stored as the model hash, so that changing the descriptor algorithm forces new shards. */
  version: string;
}

export type EmbedderSpec = ClipModelSpec | DescriptorSpec;

export const CLIP_VIT_B32: ClipModelSpec = {
  name: 'clip-vit-b32',
  kind: 'onnx',
  inputSize: 224,
  // OpenAI CLIP's image normalisation constants (the training set's channel statistics).
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  dimension: 512,
  fileName: 'clip-vit-b32-vision.onnx',
  downloadUrl: 'https://huggingface.co/Qdrant/clip-ViT-B-32-vision/resolve/main/model.onnx',
  // NOTE: the published hash could not be fetched while this was written (no internet), so it is
  // unset: `npm run model:download` prints the computed hash. Confirm it against the file's page on
  // Hugging Face and record it here; until then the download is checked only with --sha256.
  sha256: null,
};

export const DESCRIPTOR_V1: DescriptorSpec = {
  name: 'descriptor-v1',
  kind: 'descriptor',
  dimension: 512,
  version: 'descriptor-v1:layout-lab-8x8,hsv-128,edges-4x4x12',
};

export const EMBEDDERS: Record<EmbedderName, EmbedderSpec> = {
  'clip-vit-b32': CLIP_VIT_B32,
  'descriptor-v1': DESCRIPTOR_V1,
};

export function embedderSpec(name: string): EmbedderSpec {
  const spec = (EMBEDDERS as Record<string, EmbedderSpec | undefined>)[name];
  if (!spec) {
    throw new Error(`unknown embedder "${name}": expected one of ${Object.keys(EMBEDDERS).join(', ')}`);
  }
  return spec;
}

/**
 * Scales `values` to unit Euclidean length and returns a new Float32Array. The sum runs in double
 * precision. A zero vector cannot be normalised, so it throws instead of producing NaNs.
 */
export function l2Normalize(values: ArrayLike<number>): Float32Array {
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) sumOfSquares += values[i] * values[i];
  const norm = Math.sqrt(sumOfSquares);
  if (!(norm > 0) || !Number.isFinite(norm)) {
    throw new Error(`cannot L2-normalise a vector of length ${values.length} with norm ${norm}`);
  }

  const normalized = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) normalized[i] = values[i] / norm;
  return normalized;
}

/** Throws unless `actual` equals the dimension the store expects; call before writing any vector. */
export function assertDimension(actual: number, expected: number, what: string): void {
  if (actual !== expected) {
    throw new Error(
      `${what} has dimension ${actual} but ${expected} was expected: vectors of different embedders cannot share one store`,
    );
  }
}
