/**
 * One onnxruntime session behind a small interface, run either on the calling thread or in a worker
 * thread. onnxruntime-node's run() computes synchronously on the thread that calls it, so the embed
 * stage runs its session in a worker: the main thread stays free to download and decode the next
 * images while a batch is embedded. A server embedding one uploaded image keeps the session in-thread.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import * as ort from 'onnxruntime-node';

export type InferenceThread = 'caller' | 'worker';

export interface OnnxRunner {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  /** Runs the model on one float32 input and returns the named output's values. */
  run(inputName: string, input: Float32Array, dims: readonly number[], outputName: string): Promise<Float32Array>;
  release(): Promise<void>;
}

const WORKER_PATH = join(dirname(fileURLToPath(import.meta.url)), 'onnx-worker.mjs');

export async function createOnnxRunner(modelPath: string, options: ort.InferenceSession.SessionOptions, thread: InferenceThread): Promise<OnnxRunner> {
  return thread === 'worker' ? createWorkerRunner(modelPath, options) : createCallerRunner(modelPath, options);
}

async function createCallerRunner(modelPath: string, options: ort.InferenceSession.SessionOptions): Promise<OnnxRunner> {
  const session = await ort.InferenceSession.create(modelPath, options);
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    outputMetadata: session.outputMetadata,
    async run(inputName, input, dims, outputName) {
      const results = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) }, [outputName]);
      return results[outputName].data as Float32Array;
    },
    release: () => session.release(),
  };
}

type WorkerReply =
  | { type: 'ready'; inputNames: string[]; outputNames: string[]; inputMetadata: ort.InferenceSession.ValueMetadata[]; outputMetadata: ort.InferenceSession.ValueMetadata[] }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; values: Float32Array }
  | { type: 'error'; id: number; message: string };

async function createWorkerRunner(modelPath: string, options: ort.InferenceSession.SessionOptions): Promise<OnnxRunner> {
  const worker = new Worker(WORKER_PATH, { workerData: { modelPath, sessionOptions: options } });
  const pending = new Map<number, { resolve: (values: Float32Array) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let stopped: Error | null = null;

  const failAll = (error: Error) => {
    stopped = error;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };

  const ready = await new Promise<Extract<WorkerReply, { type: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') resolve(reply);
      else reject(new Error(reply.type === 'failed' ? reply.message : `unexpected first message ${reply.type} from the onnxruntime worker`));
    });
  }).catch(async (error: Error) => {
    await worker.terminate();
    throw error;
  });

  worker.on('message', (reply: WorkerReply) => {
    if (reply.type !== 'result' && reply.type !== 'error') return;
    const request = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'result') request?.resolve(reply.values);
    else request?.reject(new Error(reply.message));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the onnxruntime worker exited with code ${code}`)));

  return {
    inputNames: ready.inputNames,
    outputNames: ready.outputNames,
    inputMetadata: ready.inputMetadata,
    outputMetadata: ready.outputMetadata,
    run(inputName, input, dims, outputName) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // The input's memory moves to the worker instead of being copied; the caller must not reuse it.
        worker.postMessage({ type: 'run', id, inputName, input, dims, outputName }, [input.buffer as ArrayBuffer]);
      });
    },
    async release() {
      if (stopped) return;
      const exited = new Promise((done) => worker.once('exit', done));
      worker.postMessage({ type: 'release' });
      await exited;
    },
  };
}
