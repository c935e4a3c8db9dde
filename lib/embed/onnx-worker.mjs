// Runs one onnxruntime session in a worker thread, for lib/embed/onnx-runner.ts. onnxruntime-node's
// run() computes on the calling thread, so on the main thread a batch of CLIP would block the event
// loop for seconds, and with it every download and decode continuation of the fetch and embed stages.
// Plain JavaScript, so that the worker loads the same way under tsx, vitest and node.
import { parentPort, workerData } from 'node:worker_threads';

import * as ort from 'onnxruntime-node';

let session;
try {
  session = await ort.InferenceSession.create(workerData.modelPath, workerData.sessionOptions);
  parentPort.postMessage({
    type: 'ready',
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    outputMetadata: session.outputMetadata,
  });
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}

parentPort.on('message', async (message) => {
  if (message.type === 'release') {
    await session?.release();
    parentPort.close();
    return;
  }

  try {
    const feeds = { [message.inputName]: new ort.Tensor('float32', message.input, message.dims) };
    const results = await session.run(feeds, [message.outputName]);
    // A copy, because the output may be a view of memory that onnxruntime owns and cannot be transferred.
    const values = new Float32Array(results[message.outputName].data);
    parentPort.postMessage({ type: 'result', id: message.id, values }, [values.buffer]);
  } catch (error) {
    parentPort.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});
