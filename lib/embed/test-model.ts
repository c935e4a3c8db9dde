/**
 * Generates a small ONNX model with the CLIP image tower's interface, for tests and offline runs:
 * input `pixel_values` float32 [batch, 3, 224, 224], output `image_embeds` float32 [batch, 512].
 * The graph average-pools 14 × 14 patches (→ 3 × 16 × 16), flattens to 768 values, and multiplies by
 * a fixed random 768 × 512 matrix. That seeded random projection maps nearby inputs to nearby
 * vectors (Johnson-Lindenstrauss) and different inputs to different ones. It has no learned weights,
 * so its similarities reflect colour layout, not meaning.
 */
import { writeFileSync } from 'node:fs';

import { ATTRIBUTE_TYPE, DATA_TYPE, onnxType, tensorValueInfo } from './onnx-proto';
import { seededNormal } from '../random';

export interface TestModelOptions {
  inputSize?: number;
  patchSize?: number;
  dimension?: number;
  seed?: number;
}

const IR_VERSION = 8; // ONNX 1.10+; read by every onnxruntime since 1.10
const OPSET_VERSION = 17;

/** Builds the model and returns its serialized ModelProto bytes. */
export function buildTestModel(options: TestModelOptions = {}): Uint8Array {
  const inputSize = options.inputSize ?? 224;
  const patchSize = options.patchSize ?? 14;
  const dimension = options.dimension ?? 512;
  if (inputSize % patchSize !== 0) throw new Error(`input size ${inputSize} is not a multiple of patch size ${patchSize}`);

  const pooledSide = inputSize / patchSize;
  const features = 3 * pooledSide * pooledSide;
  const random = seededNormal(options.seed ?? 0x636c6970);
  const weights = new Float32Array(features * dimension);
  for (let i = 0; i < weights.length; i++) weights[i] = random() / Math.sqrt(features);

  const graph = {
    name: 'clip_shaped_test_model',
    node: [
      {
        name: 'pool',
        op_type: 'AveragePool',
        input: ['pixel_values'],
        output: ['pooled'],
        attribute: [
          { name: 'kernel_shape', type: ATTRIBUTE_TYPE.INTS, ints: [patchSize, patchSize] },
          { name: 'strides', type: ATTRIBUTE_TYPE.INTS, ints: [patchSize, patchSize] },
        ],
      },
      {
        name: 'flatten',
        op_type: 'Flatten',
        input: ['pooled'],
        output: ['features'],
        attribute: [{ name: 'axis', type: ATTRIBUTE_TYPE.INT, i: 1 }],
      },
      { name: 'project', op_type: 'MatMul', input: ['features', 'projection'], output: ['image_embeds'] },
    ],
    initializer: [
      {
        name: 'projection',
        dims: [features, dimension],
        data_type: DATA_TYPE.FLOAT,
        // raw_data is little-endian, which is the byte order of every platform Node.js supports.
        raw_data: new Uint8Array(weights.buffer),
      },
    ],
    input: [tensorValueInfo('pixel_values', ['batch', 3, inputSize, inputSize])],
    output: [tensorValueInfo('image_embeds', ['batch', dimension])],
  };

  const Model = onnxType('ModelProto');
  const model = {
    ir_version: IR_VERSION,
    producer_name: 'met-twins test-model',
    opset_import: [{ domain: '', version: OPSET_VERSION }],
    graph,
  };
  const problem = Model.verify(model);
  if (problem) throw new Error(`invalid test model: ${problem}`);
  return Model.encode(Model.fromObject(model)).finish();
}

export function writeTestModel(path: string, options: TestModelOptions = {}): void {
  writeFileSync(path, buildTestModel(options));
}
