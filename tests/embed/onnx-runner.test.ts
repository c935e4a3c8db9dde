import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createClipSession } from '../../lib/embed/clip';
import { writeTestModel } from '../../lib/embed/test-model';
import { makeTempDir } from './fixtures';

const temp = makeTempDir('onnx-runner-');
const modelPath = join(temp.path, 'test-model.onnx');

beforeAll(() => writeTestModel(modelPath));
afterAll(() => temp.remove());

function randomTensors(count: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  return Array.from({ length: count }, () => Float32Array.from({ length: 3 * 224 * 224 }, next));
}

describe('worker inference', () => {
  it('returns what the calling thread returns', async () => {
    const caller = await createClipSession(modelPath, { intraOpThreads: 1, thread: 'caller' });
    const worker = await createClipSession(modelPath, { intraOpThreads: 1, thread: 'worker' });
    try {
      const expected = await caller.embed(randomTensors(3, 1));
      const [first, second] = await Promise.all([worker.embed(randomTensors(3, 1)), worker.embed(randomTensors(2, 2))]);

      expect(first.map((vector) => Array.from(vector))).toEqual(expected.map((vector) => Array.from(vector)));
      expect(second).toHaveLength(2);
    } finally {
      await caller.release();
      await worker.release();
    }
  });

  it('rejects a file that is not a model', async () => {
    const broken = join(temp.path, 'broken.onnx');
    writeFileSync(broken, 'not a model');
    await expect(createClipSession(broken, { thread: 'worker' })).rejects.toThrow(/protobuf|parse|load/i);
  });

  it('rejects runs after release', async () => {
    const worker = await createClipSession(modelPath, { intraOpThreads: 1, thread: 'worker' });
    await worker.release();
    await expect(worker.embed(randomTensors(1, 3))).rejects.toThrow('the onnxruntime worker exited with code 0');
  });
});
