import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createClipSession, type ClipSession } from '../../lib/embed/clip';
import { onnxType } from '../../lib/embed/onnx-proto';
import { clipTensor, decodeRgb } from '../../lib/embed/preprocess';
import { buildTestModel, writeTestModel } from '../../lib/embed/test-model';
import { dot, makeTempDir, sampleImages } from './fixtures';

const temp = makeTempDir('clip-');
const modelPath = join(temp.path, 'test-model.onnx');
let session: ClipSession;

beforeAll(async () => {
  writeTestModel(modelPath);
  session = await createClipSession(modelPath, { intraOpThreads: 1 });
});
afterAll(async () => {
  await session?.release();
  temp.remove();
});

async function embedFile(path: string): Promise<Float32Array> {
  const [vector] = await session.embed([await clipTensor(await decodeRgb(readFileSync(path)))]);
  return vector;
}

describe('test model', () => {
  it('decodes as an ONNX ModelProto', () => {
    const model = onnxType('ModelProto').toObject(onnxType('ModelProto').decode(buildTestModel()), { longs: Number }) as {
      ir_version: number;
      opset_import: Array<{ version: number }>;
      graph: { node: Array<{ op_type: string }>; input: Array<{ name: string }>; output: Array<{ name: string }> };
    };
    expect(model.ir_version).toBe(8);
    expect(model.opset_import[0].version).toBe(17);
    expect(model.graph.node.map((node) => node.op_type)).toEqual(['AveragePool', 'Flatten', 'MatMul']);
    expect(model.graph.input[0].name).toBe('pixel_values');
    expect(model.graph.output[0].name).toBe('image_embeds');
  });

  it('is deterministic', () => {
    expect(Buffer.from(buildTestModel()).equals(Buffer.from(buildTestModel()))).toBe(true);
  });
});

describe('createClipSession', () => {
  it('reads names and dimension from the model', () => {
    expect(session.inputName).toBe('pixel_values');
    expect(session.outputName).toBe('image_embeds');
    expect(session.inputSize).toBe(224);
    expect(session.dimension).toBe(512);
  });

  it('missing model says how to get it', async () => {
    const missing = join(temp.path, 'nope.onnx');
    await expect(createClipSession(missing)).rejects.toThrow(
      `CLIP model not found at ${missing}: run \`npm run model:download\` or pass --model-path`,
    );
  });

  it('embeds a batch into unit vectors', async () => {
    const images = sampleImages('ep').slice(0, 3);
    const tensors = await Promise.all(images.map(async (path) => clipTensor(await decodeRgb(readFileSync(path)))));
    const vectors = await session.embed(tensors);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector.length).toBe(512);
      expect(dot(vector, vector)).toBeCloseTo(1, 5);
    }
    expect(dot(vectors[0], vectors[1])).toBeLessThan(0.999);
  });

  it('batch matches single runs', async () => {
    const path = sampleImages('ep')[0];
    const tensor = await clipTensor(await decodeRgb(readFileSync(path)));
    const [alone] = await session.embed([tensor]);
    const [first] = await session.embed([tensor, tensor.map((value) => -value)]);
    expect(dot(alone, first)).toBeCloseTo(1, 5);
  });

  it('similar images embed closer than different ones', async () => {
    const path = sampleImages('ep')[0];
    const original = await embedFile(path);
    const brighter = await sharp(path).modulate({ brightness: 1.05 }).jpeg().toBuffer();
    const [nearCopy] = await session.embed([await clipTensor(await decodeRgb(brighter))]);
    const other = await embedFile(sampleImages('as')[0]);
    expect(dot(original, nearCopy)).toBeGreaterThan(0.98);
    expect(dot(original, nearCopy)).toBeGreaterThan(dot(original, other));
  });
});
