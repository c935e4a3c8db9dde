/**
 * The two embedders behind one interface: `prepare` turns a decoded image into the model's input
 * (runs per image, off the main thread in libvips), and `embedBatch` turns a batch of inputs into
 * L2-normalised vectors.
 */
import { createClipSession, sha256File } from './clip';
import { describeImage } from './descriptor';
import { assertDimension, CLIP_VIT_B32, DESCRIPTOR_V1 } from './models';
import type { InferenceThread } from './onnx-runner';
import { clipTensor, type RgbImage } from './preprocess';

export type EmbedderKind = 'clip' | 'descriptor';

export interface Embedder {
  name: string;
  /** SHA-256 of the model file, or the descriptor's version string. */
  modelHash: string;
  dimension: number;
  prepare(image: RgbImage): Promise<Float32Array>;
  embedBatch(inputs: Float32Array[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface CreateEmbedderOptions {
  modelPath?: string;
  intraOpThreads?: number;
  /** Thread that runs CLIP inference; see ClipSessionOptions. */
  thread?: InferenceThread;
}

export async function createEmbedder(kind: EmbedderKind, options: CreateEmbedderOptions = {}): Promise<Embedder> {
  if (kind === 'descriptor') {
    return {
      name: DESCRIPTOR_V1.name,
      modelHash: DESCRIPTOR_V1.version,
      dimension: DESCRIPTOR_V1.dimension,
      prepare: describeImage,
      // The descriptor is complete after `prepare`, so there is no batched model step.
      embedBatch: async (inputs) => inputs,
      close: async () => {},
    };
  }

  if (kind !== 'clip') throw new Error(`unknown embedder "${String(kind)}": expected clip or descriptor`);
  const modelPath = options.modelPath ?? `models/${CLIP_VIT_B32.fileName}`;
  // The hash streams the file on this thread while the session loads, in a worker when one is used.
  const [opened, hashed] = await Promise.allSettled([
    createClipSession(modelPath, { intraOpThreads: options.intraOpThreads, thread: options.thread }),
    sha256File(modelPath),
  ]);
  if (opened.status === 'rejected') throw opened.reason;
  const session = opened.value;
  if (hashed.status === 'rejected') {
    await session.release();
    throw hashed.reason;
  }
  const modelHash = hashed.value;
  try {
    assertDimension(session.dimension, CLIP_VIT_B32.dimension, `model ${modelPath} output ${session.outputName}`);
    if (session.inputSize !== CLIP_VIT_B32.inputSize) {
      throw new Error(`model ${modelPath} expects ${session.inputSize}-px input but ${CLIP_VIT_B32.name} preprocessing makes ${CLIP_VIT_B32.inputSize}-px`);
    }
  } catch (error) {
    await session.release();
    throw error;
  }

  return {
    name: CLIP_VIT_B32.name,
    modelHash,
    dimension: session.dimension,
    prepare: (image) => clipTensor(image, CLIP_VIT_B32),
    embedBatch: (inputs) => session.embed(inputs),
    close: () => session.release(),
  };
}
