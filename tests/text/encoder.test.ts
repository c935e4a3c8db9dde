/**
 * End-to-end encoder tests on generated CLIP-text-shaped ONNX models (lib/text/test-model.ts) with
 * the real-vocabulary tokenizer fixture. The expected vectors are computed here in plain
 * TypeScript from the generator's weights, independently of onnxruntime.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestModel } from '@/lib/embed/test-model';
import { createClipTextEncoder, getClipTextEncoder, type ClipTextEncoder } from '@/lib/text/encoder';
import { buildTextTestModel, textTestModelWeights, writeTextTestModelDir } from '@/lib/text/test-model';

const fixtureDir = fileURLToPath(new URL('./fixtures/clip-head/', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'clip-text-encoder-'));

/** Writes a model folder: model.onnx plus the fixture's vocab.json and merges.txt. */
function modelFolder(name: string, model: Uint8Array): string {
  const dir = join(workDir, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.onnx'), model);
  for (const file of ['vocab.json', 'merges.txt']) copyFileSync(join(fixtureDir, file), join(dir, file));
  return dir;
}

/** Computes the test model's output for token ids: mean of the first `count` rows, projected, normalised. */
function expectedVector(ids: number[], count: number): Float32Array {
  const { tokenTable, projection, hiddenSize, dimension } = textTestModelWeights();
  const mean = new Float64Array(hiddenSize);
  for (const id of ids.slice(0, count)) {
    for (let h = 0; h < hiddenSize; h++) mean[h] += tokenTable[id * hiddenSize + h] / count;
  }

  const projected = new Float64Array(dimension);
  for (let h = 0; h < hiddenSize; h++) {
    for (let d = 0; d < dimension; d++) projected[d] += mean[h] * projection[h * dimension + d];
  }
  const norm = Math.hypot(...projected);
  return Float32Array.from(projected, (value) => value / norm);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual).toHaveLength(expected.length);
  let maxError = 0;
  for (let i = 0; i < actual.length; i++) maxError = Math.max(maxError, Math.abs(actual[i] - expected[i]));
  expect(maxError).toBeLessThan(1e-5);
}

let masked: ClipTextEncoder;
let unmasked: ClipTextEncoder;

beforeAll(async () => {
  masked = await createClipTextEncoder(modelFolder('masked', buildTextTestModel()));
  unmasked = await createClipTextEncoder(modelFolder('unmasked', buildTextTestModel({ attentionMask: false })));
});

afterAll(async () => {
  await masked?.release();
  await unmasked?.release();
  rmSync(workDir, { recursive: true, force: true });
});

describe('createClipTextEncoder', () => {
  it('reads names and shapes from the model', () => {
    expect(masked.inputIdsName).toBe('input_ids');
    expect(masked.attentionMaskName).toBe('attention_mask');
    expect(masked.outputName).toBe('text_embeds');
    expect(masked.contextLength).toBe(77);
    expect(masked.dimension).toBe(512);
    expect(unmasked.attentionMaskName).toBeNull();
  });

  it('returns a unit-length float32 vector', async () => {
    const vector = await masked.encodeText('a photo of a cat');
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(512);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });

  it('averages only unmasked positions', async () => {
    const ids = masked.tokenizer.tokenize('a photo of a cat');
    expectClose(await masked.encodeText('a photo of a cat'), expectedVector(ids, 7));
  });

  it('feeds every position without a mask', async () => {
    const ids = unmasked.tokenizer.tokenize('a photo of a cat');
    expectClose(await unmasked.encodeText('a photo of a cat'), expectedVector(ids, 77));
  });

  it('feeds int32 inputs when the model asks', async () => {
    const encoder = await createClipTextEncoder(modelFolder('int32', buildTextTestModel({ integerType: 'int32' })));
    const ids = encoder.tokenizer.tokenize('hello world');
    expectClose(await encoder.encodeText('hello world'), expectedVector(ids, 4));
    await encoder.release();
  });

  it('gives different texts different vectors', async () => {
    const [cat, dog] = await masked.encodeTexts(['a photo of a cat', 'a photo of a dog']);
    expect(cosine(cat, dog)).toBeLessThan(0.9999);
  });

  it('ignores case and spacing like the tokenizer', async () => {
    const plain = await masked.encodeText('a photo of a cat');
    const shouted = await masked.encodeText('  A PHOTO   of a CAT ');
    expect(Array.from(shouted)).toEqual(Array.from(plain));
  });

  it('matches single runs in a batch', async () => {
    const texts = ['hello world', 'a photo of a dog', ''];
    const batch = await masked.encodeTexts(texts);
    for (const [i, text] of texts.entries()) expectClose(batch[i], await masked.encodeText(text));
  });

  it('returns nothing for no texts', async () => {
    expect(await masked.encodeTexts([])).toEqual([]);
  });

  it('rejects a missing model with the fix', async () => {
    const dir = join(workDir, 'absent');
    await expect(createClipTextEncoder(dir)).rejects.toThrow(
      `CLIP text model not found at ${join(dir, 'model.onnx')}: run \`npm run model:download -- --text\` ` +
        '(it saves model.onnx and tokenizer.json there), or set MODELS_DIR to the folder that holds clip-vit-b32-text/',
    );
  });

  it('rejects an image model', async () => {
    const dir = modelFolder('image', buildTestModel({ inputSize: 28, patchSize: 14, dimension: 8 }));
    await expect(createClipTextEncoder(dir)).rejects.toThrow(
      `${join(dir, 'model.onnx')} input pixel_values has type float32; expected int64 or int32 token ids`,
    );
  });
});

describe('getClipTextEncoder', () => {
  it('creates one session per folder', async () => {
    const dir = modelFolder('shared', buildTextTestModel());
    const first = getClipTextEncoder(dir);
    const second = getClipTextEncoder(`${dir}/`);
    expect(second).toBe(first);
    expect((await first).outputName).toBe('text_embeds');
    await (await first).release();
  });

  it('retries after a failed load', async () => {
    const dir = join(workDir, 'late');
    await expect(getClipTextEncoder(dir)).rejects.toThrow('CLIP text model not found');

    writeTextTestModelDir(dir, fixtureDir);
    const encoder = await getClipTextEncoder(dir);
    expect(encoder.dimension).toBe(512);
    await encoder.release();
  });
});
