import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';

import { DATA_TYPE, onnxType } from '../../lib/embed/onnx-proto';
import { seededRandom } from '../../lib/random';
import { buildVitModel, CLIP_VIT_B32_CONFIG, type VitConfig, vitParameterCount, writeVitModel } from '../../lib/embed/vit-model';
import { makeTempDir } from './fixtures';

const TINY: VitConfig = { inputSize: 64, patchSize: 32, width: 32, layers: 2, heads: 4, mlpWidth: 64, dimension: 16, seed: 7 };
const PLANE = 3 * TINY.inputSize * TINY.inputSize;

const temp = makeTempDir('vit-model-');
afterAll(() => temp.remove());

function randomImages(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count * PLANE }, () => 4 * random() - 2);
}

async function embed(model: Uint8Array, images: Float32Array, batch: number, size = TINY.inputSize): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const outputs = await session.run({ pixel_values: new ort.Tensor('float32', images, [batch, 3, size, size]) });
    return outputs.image_embeds;
  } finally {
    await session.release();
  }
}

function row(tensor: ort.Tensor, index: number): number[] {
  const width = tensor.dims[1];
  return Array.from((tensor.data as Float32Array).subarray(index * width, (index + 1) * width));
}

type Matrix = number[][];

/** Reads the float32 initializers of a serialized model, by name. */
function readWeights(model: Uint8Array): Map<string, Float32Array> {
  const decoded = onnxType('ModelProto').toObject(onnxType('ModelProto').decode(model)) as {
    graph: { initializer: Array<{ name: string; data_type: number; raw_data: Uint8Array }> };
  };
  const weights = new Map<string, Float32Array>();
  for (const tensor of decoded.graph.initializer) {
    if (tensor.data_type === DATA_TYPE.FLOAT) weights.set(tensor.name, new Float32Array(Uint8Array.from(tensor.raw_data).buffer));
  }
  return weights;
}

function linear(rows: Matrix, weight: Float32Array, bias: Float32Array | null, outputs: number): Matrix {
  return rows.map((x) =>
    Array.from({ length: outputs }, (_, j) => x.reduce((sum, value, i) => sum + value * weight[i * outputs + j], bias ? bias[j] : 0)),
  );
}

function layerNorm(rows: Matrix): Matrix {
  // Every LayerNorm in a freshly built model has gain 1 and bias 0.
  return rows.map((x) => {
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    return x.map((value) => (value - mean) / Math.sqrt(variance + 1e-5));
  });
}

const add = (a: Matrix, b: Matrix): Matrix => a.map((x, t) => x.map((value, i) => value + b[t][i]));

/** CLIP's vision transformer written out in plain loops, for one image, from the model's own weights. */
function referenceEmbedding(weights: Map<string, Float32Array>, image: Float32Array, config: VitConfig): number[] {
  const { inputSize: size, patchSize: patch, width, heads, mlpWidth } = config;
  const weight = (name: string) => weights.get(name)!;
  const side = size / patch;
  const kernel = weight('patch.weight'); // [width, 3, patch, patch]
  let tokens: Matrix = [Array.from(weight('class_embedding'))];
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      tokens.push(
        Array.from({ length: width }, (_, o) => {
          let sum = 0;
          for (let c = 0; c < 3; c++) {
            for (let ky = 0; ky < patch; ky++) {
              for (let kx = 0; kx < patch; kx++) {
                const pixel = image[(c * size + py * patch + ky) * size + px * patch + kx];
                sum += kernel[((o * 3 + c) * patch + ky) * patch + kx] * pixel;
              }
            }
          }
          return sum;
        }),
      );
    }
  }
  const positions = weight('positional_embedding');
  tokens = layerNorm(tokens.map((x, t) => x.map((value, i) => value + positions[t * width + i])));

  const headWidth = width / heads;
  for (let layer = 0; layer < config.layers; layer++) {
    const prefix = `layers.${layer}`;
    const normalized = layerNorm(tokens);
    const [q, k, v] = ['q', 'k', 'v'].map((name) =>
      linear(normalized, weight(`${prefix}.attention.${name}.weight`), weight(`${prefix}.attention.${name}.bias`), width),
    );
    const context: Matrix = tokens.map(() => new Array<number>(width).fill(0));
    for (let h = 0; h < heads; h++) {
      const columns = (row: number[]) => row.slice(h * headWidth, (h + 1) * headWidth);
      for (let t = 0; t < tokens.length; t++) {
        const scores = k.map((key) => columns(q[t]).reduce((sum, value, i) => sum + value * columns(key)[i], 0) / Math.sqrt(headWidth));
        const max = Math.max(...scores);
        const exps = scores.map((score) => Math.exp(score - max));
        const total = exps.reduce((a, b) => a + b, 0);
        for (let s = 0; s < tokens.length; s++) {
          for (let i = 0; i < headWidth; i++) context[t][h * headWidth + i] += (exps[s] / total) * v[s][h * headWidth + i];
        }
      }
    }
    tokens = add(tokens, linear(context, weight(`${prefix}.attention.out.weight`), weight(`${prefix}.attention.out.bias`), width));

    const hidden = linear(layerNorm(tokens), weight(`${prefix}.mlp.fc1.weight`), weight(`${prefix}.mlp.fc1.bias`), mlpWidth);
    const activated = hidden.map((x) => x.map((value) => value / (1 + Math.exp(-1.702 * value))));
    tokens = add(tokens, linear(activated, weight(`${prefix}.mlp.fc2.weight`), weight(`${prefix}.mlp.fc2.bias`), width));
  }
  return linear(layerNorm([tokens[0]]), weight('projection'), null, config.dimension)[0];
}

describe('vitParameterCount', () => {
  it('counts CLIP ViT-B/32 exactly', () => {
    // Embeddings: patch Conv 3·32²·768 = 2,359,296, class embedding 768, positional 50·768 = 38,400.
    // Pre-LayerNorm 1,536. Each of 12 layers: two LayerNorms 3,072, q, k, v and output projections
    // 4·(768² + 768) = 2,362,368, MLP 768·3072 + 3072 + 3072·768 + 768 = 4,722,432, so 7,087,872
    // a layer and 85,054,464 in all. Post-LayerNorm 1,536 and projection 768·512 = 393,216.
    expect(vitParameterCount(CLIP_VIT_B32_CONFIG)).toBe(87_849_216);
  });

  it('rejects a width not divisible by heads', () => {
    expect(() => vitParameterCount({ ...TINY, heads: 5 })).toThrow('invalid ViT config: width 32 is not a multiple of heads 5');
  });

  it('rejects an input size not divisible by patch size', () => {
    expect(() => vitParameterCount({ ...TINY, inputSize: 70 })).toThrow(
      'invalid ViT config: inputSize 70 is not a multiple of patchSize 32',
    );
  });

  it('rejects a non-positive layer count', () => {
    expect(() => vitParameterCount({ ...TINY, layers: 0 })).toThrow('invalid ViT config: layers is 0; expected a positive integer');
  });
});

describe('buildVitModel', () => {
  const model = buildVitModel(TINY);

  it('stores every parameter as float32', () => {
    expect(model.byteLength).toBeGreaterThan(4 * vitParameterCount(TINY));
    expect(model.byteLength).toBeLessThan(4 * vitParameterCount(TINY) + 100_000);
  });

  it('embeds batches of 2 and 3 with independent rows', async () => {
    const images = randomImages(3, 1);
    const pair = await embed(model, images.subarray(0, 2 * PLANE), 2);
    const triple = await embed(model, images, 3);

    expect(pair.dims).toEqual([2, TINY.dimension]);
    expect(triple.dims).toEqual([3, TINY.dimension]);
    expect((triple.data as Float32Array).every(Number.isFinite)).toBe(true);
    for (const index of [0, 1]) {
      const expected = row(pair, index);
      row(triple, index).forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    }
    expect(row(triple, 0)).not.toEqual(row(triple, 1));
  });

  it('matches a plain-loop reference', async () => {
    const image = randomImages(1, 4);
    const output = row(await embed(model, image, 1), 0);
    const expected = referenceEmbedding(readWeights(model), image, TINY);
    output.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
  });

  it('builds identical bytes for the same seed', () => {
    expect(Buffer.from(buildVitModel(TINY)).equals(Buffer.from(model))).toBe(true);
  });

  it('embeds differently for another seed', async () => {
    const images = randomImages(1, 2);
    const first = await embed(model, images, 1);
    const second = await embed(buildVitModel({ ...TINY, seed: TINY.seed + 1 }), images, 1);
    expect(row(second, 0)).not.toEqual(row(first, 0));
  });

  it('keeps activations finite at CLIP ViT-B/32 size', async () => {
    const path = join(temp.path, 'vit-b32.onnx');
    writeVitModel(path, CLIP_VIT_B32_CONFIG);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).size).toBeGreaterThan(4 * 87_849_216);

    const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
    try {
      expect(session.inputNames).toEqual(['pixel_values']);
      expect(session.outputNames).toEqual(['image_embeds']);
      const size = CLIP_VIT_B32_CONFIG.inputSize;
      const random = seededRandom(3);
      const image = Float32Array.from({ length: 3 * size * size }, () => 4 * random() - 2);
      const { image_embeds: output } = await session.run({ pixel_values: new ort.Tensor('float32', image, [1, 3, size, size]) });
      expect(output.dims).toEqual([1, 512]);
      expect((output.data as Float32Array).every(Number.isFinite)).toBe(true);
    } finally {
      await session.release();
    }
  });
});
