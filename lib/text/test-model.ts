/**
 * Generates a small ONNX model with the CLIP text tower's interface, for tests and offline runs:
 * input `input_ids` int64 [batch, 77] (and, by default, `attention_mask` int64 [batch, 77]), output
 * `text_embeds` float32 [batch, 512]. Each token id selects a row of a seeded random table
 * (49,408 × 16). The rows are averaged over the sequence, over positions where the mask is 1 when
 * the model has a mask. A fixed random 16 × 512 matrix then projects the mean. Different token
 * multisets give different vectors, but the model has no learned weights and no notion of meaning.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ATTRIBUTE_TYPE, DATA_TYPE, onnxType, tensorValueInfo } from '../embed/onnx-proto';
import { seededRandom } from '../random';

export interface TextTestModelOptions {
  /** Rows of the embedding table; every input id must be below it. Default 49,408 (CLIP's vocabulary). */
  vocabularySize?: number;
  contextLength?: number;
  dimension?: number;
  /** Width of the table rows before the projection. Default 16. */
  hiddenSize?: number;
  /** Adds the `attention_mask` input and averages only unmasked positions. Default true. */
  attentionMask?: boolean;
  /** Element type of `input_ids` and `attention_mask`. Default int64, as in CLIP exports. */
  integerType?: 'int64' | 'int32';
  seed?: number;
}

const IR_VERSION = 8;
const INT32 = 6; // TensorProto.DataType.INT32 in onnx.proto
const OPSET_VERSION = 17; // Unsqueeze and ReduceSum take axes as an input from opset 13

/** Returns a seeded generator scaled to [-1, 1), for reproducible weights without a dependency. */
function seededUniform(seed: number): () => number {
  const random = seededRandom(seed);
  return () => random() * 2 - 1;
}

function floatInitializer(name: string, dims: number[], values: Float32Array) {
  // raw_data is little-endian, the byte order of every platform Node.js supports.
  return { name, dims, data_type: DATA_TYPE.FLOAT, raw_data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

function int64Initializer(name: string, values: number[]) {
  return { name, dims: [values.length], data_type: DATA_TYPE.INT64, int64_data: values };
}

function randomMatrix(random: () => number, rows: number, columns: number): Float32Array {
  const values = new Float32Array(rows * columns);
  for (let i = 0; i < values.length; i++) values[i] = random();
  return values;
}

/** Builds the graph nodes: embedding lookup, (masked) mean over the sequence, projection. */
function graphNodes(attentionMask: boolean) {
  const lookup = { name: 'lookup', op_type: 'Gather', input: ['token_table', 'input_ids'], output: ['token_vectors'] };
  const project = { name: 'project', op_type: 'MatMul', input: ['mean_vector', 'projection'], output: ['text_embeds'] };

  if (!attentionMask) {
    const mean = {
      name: 'mean',
      op_type: 'ReduceMean',
      input: ['token_vectors'],
      output: ['mean_vector'],
      attribute: [
        { name: 'axes', type: ATTRIBUTE_TYPE.INTS, ints: [1] },
        { name: 'keepdims', type: ATTRIBUTE_TYPE.INT, i: 0 },
      ],
    };
    return [lookup, mean, project];
  }

  const keepdimsOff = [{ name: 'keepdims', type: ATTRIBUTE_TYPE.INT, i: 0 }];
  return [
    lookup,
    { name: 'mask_float', op_type: 'Cast', input: ['attention_mask'], output: ['mask'], attribute: [{ name: 'to', type: ATTRIBUTE_TYPE.INT, i: DATA_TYPE.FLOAT }] },
    { name: 'mask_column', op_type: 'Unsqueeze', input: ['mask', 'last_axis'], output: ['mask_3d'] },
    { name: 'mask_apply', op_type: 'Mul', input: ['token_vectors', 'mask_3d'], output: ['masked_vectors'] },
    { name: 'sum', op_type: 'ReduceSum', input: ['masked_vectors', 'sequence_axis'], output: ['vector_sum'], attribute: keepdimsOff },
    { name: 'count', op_type: 'ReduceSum', input: ['mask_3d', 'sequence_axis'], output: ['token_count'], attribute: keepdimsOff },
    { name: 'mean', op_type: 'Div', input: ['vector_sum', 'token_count'], output: ['mean_vector'] },
    project,
  ];
}

export interface TextTestModelWeights {
  /** Row-major [vocabularySize, hiddenSize]. */
  tokenTable: Float32Array;
  /** Row-major [hiddenSize, dimension]. */
  projection: Float32Array;
  hiddenSize: number;
  dimension: number;
}

/** Returns the weights the model with these options contains, so tests can compute its output. */
export function textTestModelWeights(options: TextTestModelOptions = {}): TextTestModelWeights {
  const vocabularySize = options.vocabularySize ?? 49_408;
  const dimension = options.dimension ?? 512;
  const hiddenSize = options.hiddenSize ?? 16;
  const random = seededUniform(options.seed ?? 0x74657874);
  const tokenTable = randomMatrix(random, vocabularySize, hiddenSize);
  const projection = randomMatrix(random, hiddenSize, dimension);
  return { tokenTable, projection, hiddenSize, dimension };
}

/** Builds the model and returns its serialized ModelProto bytes. */
export function buildTextTestModel(options: TextTestModelOptions = {}): Uint8Array {
  const contextLength = options.contextLength ?? 77;
  const attentionMask = options.attentionMask ?? true;
  const { tokenTable, projection, hiddenSize, dimension } = textTestModelWeights(options);
  const vocabularySize = tokenTable.length / hiddenSize;

  const initializer: object[] = [
    floatInitializer('token_table', [vocabularySize, hiddenSize], tokenTable),
    floatInitializer('projection', [hiddenSize, dimension], projection),
  ];
  if (attentionMask) initializer.push(int64Initializer('last_axis', [2]), int64Initializer('sequence_axis', [1]));

  const integerType = options.integerType === 'int32' ? INT32 : DATA_TYPE.INT64;
  const input = [tensorValueInfo('input_ids', ['batch', contextLength], integerType)];
  if (attentionMask) input.push(tensorValueInfo('attention_mask', ['batch', contextLength], integerType));

  const model = {
    ir_version: IR_VERSION,
    producer_name: 'met-twins text-test-model',
    opset_import: [{ domain: '', version: OPSET_VERSION }],
    graph: {
      name: 'clip_text_shaped_test_model',
      node: graphNodes(attentionMask),
      initializer,
      input,
      output: [tensorValueInfo('text_embeds', ['batch', dimension], DATA_TYPE.FLOAT)],
    },
  };

  const Model = onnxType('ModelProto');
  const problem = Model.verify(model);
  if (problem) throw new Error(`invalid text test model: ${problem}`);
  return Model.encode(Model.fromObject(model)).finish();
}

export function writeTextTestModel(path: string, options: TextTestModelOptions = {}): void {
  writeFileSync(path, buildTextTestModel(options));
}

/**
 * Writes a complete text model folder that createClipTextEncoder can load: the generated model.onnx
 * plus the tokenizer files (tokenizer.json, or vocab.json and merges.txt) copied from `tokenizerDir`.
 */
export function writeTextTestModelDir(directory: string, tokenizerDir: string, options: TextTestModelOptions = {}): void {
  const files = existsSync(join(tokenizerDir, 'tokenizer.json')) ? ['tokenizer.json'] : ['vocab.json', 'merges.txt'];
  mkdirSync(directory, { recursive: true });
  writeTextTestModel(join(directory, 'model.onnx'), options);
  for (const file of files) copyFileSync(join(tokenizerDir, file), join(directory, file));
}
