/**
 * The CLIP ViT-B/32 image tower through onnxruntime-node (CPU), with one session per process.
 * Input and output names and the embedding dimension are read from the model file, so any export
 * with one NCHW float input and a (batch, d) output works.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { l2Normalize } from './models';
import { createOnnxRunner, type InferenceThread, type OnnxRunner } from './onnx-runner';

export interface ClipSession {
  modelPath: string;
  inputName: string;
  outputName: string;
  inputSize: number;
  dimension: number;
  /** Embeds CHW float32 tensors (3 × size × size each) in one run; returns L2-normalised vectors. */
  embed(tensors: readonly Float32Array[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

export interface ClipSessionOptions {
  /** Threads for one operator; default: all cores but one. */
  intraOpThreads?: number;
  /** Thread that runs inference: 'worker' keeps the calling thread free during a batch. Default 'caller'. */
  thread?: InferenceThread;
}

// Output names that exports of the CLIP vision tower use for the projected embedding, preferred over
// hidden states when a model has several outputs.
const EMBEDDING_OUTPUT_NAMES = ['image_embeds', 'embeddings', 'image_embeddings'];

/** Returns the lower-case hex SHA-256 of a file, streamed so large models use little memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function numericDimension(value: unknown): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

/** Returns onnxruntime's intra-op thread count when none is given: all cores but one. */
export function defaultIntraOpThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Reads the image input and embedding output of a model, and checks their shapes. */
function readInterface(session: OnnxRunner, modelPath: string) {
  if (session.inputNames.length !== 1) {
    throw new Error(`${modelPath} has inputs ${session.inputNames.join(', ')}; expected exactly one image input`);
  }
  const inputName = session.inputNames[0];
  const outputName = EMBEDDING_OUTPUT_NAMES.find((name) => session.outputNames.includes(name)) ?? session.outputNames[0];

  const input = session.inputMetadata.find((entry) => entry.name === inputName);
  const output = session.outputMetadata.find((entry) => entry.name === outputName);
  const inputShape = input?.isTensor ? input.shape : [];
  const outputShape = output?.isTensor ? output.shape : [];
  const inputSize = numericDimension(inputShape[3]);
  const dimension = numericDimension(outputShape[outputShape.length - 1]);
  if (inputShape.length !== 4 || inputSize === null || numericDimension(inputShape[1]) !== 3) {
    throw new Error(`${modelPath} input ${inputName} has shape [${inputShape.join(', ')}]; expected [batch, 3, size, size]`);
  }
  if (outputShape.length !== 2 || dimension === null) {
    throw new Error(`${modelPath} output ${outputName} has shape [${outputShape.join(', ')}]; expected [batch, dimension]`);
  }

  return { inputName, outputName, inputSize, dimension };
}

export async function createClipSession(modelPath: string, options: ClipSessionOptions = {}): Promise<ClipSession> {
  if (!existsSync(modelPath)) {
    throw new Error(`CLIP model not found at ${modelPath}: run \`npm run model:download\` or pass --model-path`);
  }

  // Thread settings: ViT-B/32 is a chain of matrix multiplications with no parallel branches, so
  // inter-op threads would sit idle (one, sequential). Intra-op threads split each MatMul; one core is
  // left for sharp/libvips, which decodes and resizes the next batch while this one runs.
  const session = await createOnnxRunner(
    modelPath,
    {
      executionMode: 'sequential',
      interOpNumThreads: 1,
      intraOpNumThreads: options.intraOpThreads ?? defaultIntraOpThreads(),
      graphOptimizationLevel: 'all',
    },
    options.thread ?? 'caller',
  );

  // A session in a worker thread keeps the process alive, so a model that fails these checks is released.
  let shape: ReturnType<typeof readInterface>;
  try {
    shape = readInterface(session, modelPath);
  } catch (error) {
    await session.release();
    throw error;
  }
  const { inputName, outputName, inputSize, dimension } = shape;

  const plane = 3 * inputSize * inputSize;
  return {
    modelPath,
    inputName,
    outputName,
    inputSize,
    dimension,
    async embed(tensors) {
      if (tensors.length === 0) return [];
      const batch = new Float32Array(tensors.length * plane);
      tensors.forEach((tensor, i) => {
        if (tensor.length !== plane) throw new Error(`input tensor ${i} has ${tensor.length} values; expected ${plane}`);
        batch.set(tensor, i * plane);
      });

      const values = await session.run(inputName, batch, [tensors.length, 3, inputSize, inputSize], outputName);
      return tensors.map((_, i) => l2Normalize(values.subarray(i * dimension, (i + 1) * dimension)));
    },
    release: () => session.release(),
  };
}
