/**
 * Generates an ONNX model with the architecture, tensor shapes and operation count of CLIP
 * ViT-B/32's image tower, filled with seeded random weights. With the same operations as the real
 * model it should run about as fast, so benchmarks can use it where the real weights cannot be
 * downloaded, but its vectors mean nothing. The interface matches the real export: input
 * `pixel_values` float32 [batch, 3, inputSize, inputSize] (batch symbolic), output `image_embeds`
 * float32 [batch, dimension].
 */
import { writeFileSync } from 'node:fs';

import protobuf from 'protobufjs';

import { ATTRIBUTE_TYPE, DATA_TYPE, onnxType, tensorValueInfo } from './onnx-proto';
import { seededNormal } from '../random';

export interface VitConfig {
  /** Side of the square input image, in pixels. */
  inputSize: number;
  /** Side of the square patches the input is cut into, in pixels. */
  patchSize: number;
  /** Size of each token's vector in the residual stream. */
  width: number;
  layers: number;
  heads: number;
  /** Hidden size of each block's MLP. */
  mlpWidth: number;
  /** Size of the output embedding, after the final projection. */
  dimension: number;
  seed: number;
}

export const CLIP_VIT_B32_CONFIG: VitConfig = {
  inputSize: 224,
  patchSize: 32,
  width: 768,
  layers: 12,
  heads: 12,
  mlpWidth: 3072,
  dimension: 512,
  seed: 0x76697462,
};

const IR_VERSION = 8; // ONNX 1.10+; read by every onnxruntime since 1.10
const OPSET_VERSION = 17; // the first opset with LayerNormalization
const LAYER_NORM_EPSILON = 1e-5;
const QUICK_GELU_SCALE = 1.702; // CLIP's GELU approximation: x · sigmoid(1.702 x)
const ENCODING_HEADROOM_BYTES = 1 << 20; // nodes, names and tensor headers, beyond the raw weights
const WEIGHT_STD = 0.02; // small enough that activations stay finite through 12 residual blocks

function checkConfig(config: VitConfig): void {
  const { inputSize, patchSize, width, layers, heads, mlpWidth, dimension } = config;
  for (const [name, value] of Object.entries({ inputSize, patchSize, width, layers, heads, mlpWidth, dimension })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`invalid ViT config: ${name} is ${value}; expected a positive integer`);
  }
  if (inputSize % patchSize !== 0) {
    throw new Error(`invalid ViT config: inputSize ${inputSize} is not a multiple of patchSize ${patchSize}`);
  }
  if (width % heads !== 0) throw new Error(`invalid ViT config: width ${width} is not a multiple of heads ${heads}`);
}

/**
 * Counts the learned parameters from the config alone. With W = width, M = mlpWidth and
 * T = (inputSize / patchSize)² + 1 tokens, the terms are:
 * - embeddings: patch Conv without bias 3·patchSize²·W, class embedding W, positional T·W
 * - pre-LayerNorm 2W
 * - per layer: two LayerNorms 4W, q, k, v and output projections 4(W² + W), MLP W·M + M + M·W + W
 * - post-LayerNorm 2W and projection W·dimension
 * For ViT-B/32: 2,359,296 + 768 + 38,400 + 1,536 + 12 · 7,087,872 + 1,536 + 393,216 = 87,849,216.
 */
export function vitParameterCount(config: VitConfig): number {
  checkConfig(config);
  const { inputSize, patchSize, width, layers, mlpWidth, dimension } = config;
  const tokens = (inputSize / patchSize) ** 2 + 1;
  const layerNorm = 2 * width;
  const perLayer = layerNorm + 4 * (width * width + width) + layerNorm + (width * mlpWidth + mlpWidth) + (mlpWidth * width + width);
  const embeddings = 3 * patchSize * patchSize * width + width + tokens * width;
  return embeddings + layerNorm + layers * perLayer + layerNorm + width * dimension;
}

type Attribute = { name: string; type: number; i?: number; f?: number; ints?: number[] };
const int = (name: string, i: number): Attribute => ({ name, type: ATTRIBUTE_TYPE.INT, i });
const float = (name: string, f: number): Attribute => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });
const ints = (name: string, values: number[]): Attribute => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: values });

function bytesOf(view: ArrayBufferView): Uint8Array {
  // raw_data is little-endian, which is the byte order of every platform Node.js supports.
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Collects nodes and initializers. Learned weights are consecutive views into one Float32Array
 * sized by `vitParameterCount`, so the weights exist once in memory before encoding.
 */
class GraphBuilder {
  readonly nodes: object[] = [];
  readonly initializers: object[] = [];
  private offset = 0;

  constructor(
    private readonly parameters: Float32Array,
    private readonly normal: () => number,
  ) {}

  /** Adds a learned tensor: normal samples with standard deviation `std`, or all `constant` when std is 0. */
  parameter(name: string, dims: number[], std: number, constant = 0): string {
    const size = dims.reduce((product, dim) => product * dim, 1);
    if (this.offset + size > this.parameters.length) {
      throw new Error(`ViT parameter ${name} overruns the ${this.parameters.length} counted parameters`);
    }
    const values = this.parameters.subarray(this.offset, this.offset + size);
    this.offset += size;
    if (std === 0) values.fill(constant);
    else for (let i = 0; i < size; i++) values[i] = std * this.normal();
    this.initializers.push({ name, dims, data_type: DATA_TYPE.FLOAT, raw_data: bytesOf(values) });
    return name;
  }

  /** Fails when the graph used fewer weights than `vitParameterCount` counted. */
  checkAllParametersUsed(): void {
    if (this.offset !== this.parameters.length) {
      throw new Error(`ViT graph uses ${this.offset} parameters but ${this.parameters.length} were counted`);
    }
  }

  scalar(name: string, value: number): string {
    this.initializers.push({ name, dims: [], data_type: DATA_TYPE.FLOAT, raw_data: bytesOf(new Float32Array([value])) });
    return name;
  }

  int64s(name: string, values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values, (value) => BigInt(value));
    this.initializers.push({ name, dims, data_type: DATA_TYPE.INT64, raw_data: bytesOf(data) });
    return name;
  }

  /** Adds one node whose single output is named `output`, and returns that name. */
  node(opType: string, inputs: string[], output: string, attribute: Attribute[] = []): string {
    this.nodes.push({ name: output, op_type: opType, input: inputs, output: [output], attribute });
    return output;
  }

  linear(prefix: string, input: string, inputs: number, outputs: number): string {
    const weight = this.parameter(`${prefix}.weight`, [inputs, outputs], WEIGHT_STD);
    const bias = this.parameter(`${prefix}.bias`, [outputs], WEIGHT_STD);
    const product = this.node('MatMul', [input, weight], `${prefix}.matmul`);
    return this.node('Add', [product, bias], `${prefix}.out`);
  }

  layerNorm(prefix: string, input: string, width: number): string {
    const scale = this.parameter(`${prefix}.weight`, [width], 0, 1);
    const bias = this.parameter(`${prefix}.bias`, [width], 0, 0);
    return this.node('LayerNormalization', [input, scale, bias], `${prefix}.out`, [int('axis', -1), float('epsilon', LAYER_NORM_EPSILON)]);
  }
}

/** Patch embedding, class token and positional embedding: [B, 3, S, S] → [B, tokens, width]. */
function addEmbeddings(graph: GraphBuilder, config: VitConfig): string {
  const { inputSize, patchSize, width } = config;
  const tokens = (inputSize / patchSize) ** 2 + 1;
  const kernel = graph.parameter('patch.weight', [width, 3, patchSize, patchSize], WEIGHT_STD);
  const patches = graph.node('Conv', ['pixel_values', kernel], 'patch.conv', [
    ints('kernel_shape', [patchSize, patchSize]),
    ints('strides', [patchSize, patchSize]),
  ]);
  const flat = graph.node('Reshape', [patches, graph.int64s('patch.flat_shape', [0, width, -1])], 'patch.flat'); // [B, W, tokens - 1]
  const sequence = graph.node('Transpose', [flat], 'patch.sequence', [ints('perm', [0, 2, 1])]);

  // The class token is one learned vector, which Expand copies once per image. The batch size comes
  // from the input's shape at run time, so the batch dimension stays symbolic.
  const classEmbedding = graph.parameter('class_embedding', [1, 1, width], WEIGHT_STD);
  const inputShape = graph.node('Shape', ['pixel_values'], 'input.shape');
  const batch = graph.node('Gather', [inputShape, graph.int64s('batch_axis', [0])], 'input.batch', [int('axis', 0)]);
  const classShape = graph.node('Concat', [batch, graph.int64s('class_token_tail', [1, width])], 'class.shape', [int('axis', 0)]);
  const classTokens = graph.node('Expand', [classEmbedding, classShape], 'class.tokens');
  const joined = graph.node('Concat', [classTokens, sequence], 'tokens', [int('axis', 1)]);

  const positions = graph.parameter('positional_embedding', [tokens, width], WEIGHT_STD);
  return graph.node('Add', [joined, positions], 'embeddings');
}

/** Multi-head self-attention over [B, T, W], returning [B, T, W] before the residual add. */
function addAttention(graph: GraphBuilder, prefix: string, input: string, config: VitConfig): string {
  const { width, heads } = config;
  const headWidth = width / heads;
  const splitShape = graph.int64s(`${prefix}.split_shape`, [0, -1, heads, headWidth]);
  const splitHeads = (name: string, perm: number[]) => {
    const projected = graph.linear(`${prefix}.${name}`, input, width, width);
    const split = graph.node('Reshape', [projected, splitShape], `${prefix}.${name}.split`); // [B, T, heads, headWidth]
    return graph.node('Transpose', [split], `${prefix}.${name}.heads`, [ints('perm', perm)]);
  };
  const query = splitHeads('q', [0, 2, 1, 3]); // [B, heads, T, headWidth]
  const keyTransposed = splitHeads('k', [0, 2, 3, 1]); // [B, heads, headWidth, T]
  const value = splitHeads('v', [0, 2, 1, 3]);

  const scores = graph.node('MatMul', [query, keyTransposed], `${prefix}.scores`); // [B, heads, T, T]
  const scaled = graph.node('Mul', [scores, graph.scalar(`${prefix}.scale`, 1 / Math.sqrt(headWidth))], `${prefix}.scaled`);
  const weights = graph.node('Softmax', [scaled], `${prefix}.softmax`, [int('axis', -1)]);
  const context = graph.node('MatMul', [weights, value], `${prefix}.context`); // [B, heads, T, headWidth]
  const merged = graph.node('Transpose', [context], `${prefix}.context.tokens`, [ints('perm', [0, 2, 1, 3])]);
  const flat = graph.node('Reshape', [merged, graph.int64s(`${prefix}.merge_shape`, [0, 0, width])], `${prefix}.merged`);
  return graph.linear(`${prefix}.out`, flat, width, width);
}

/** Two-layer MLP with quick GELU, returning [B, T, W] before the residual add. */
function addMlp(graph: GraphBuilder, prefix: string, input: string, config: VitConfig): string {
  const hidden = graph.linear(`${prefix}.fc1`, input, config.width, config.mlpWidth);
  const scaled = graph.node('Mul', [hidden, graph.scalar(`${prefix}.gelu_scale`, QUICK_GELU_SCALE)], `${prefix}.gelu.scaled`);
  const gate = graph.node('Sigmoid', [scaled], `${prefix}.gelu.gate`);
  const activated = graph.node('Mul', [hidden, gate], `${prefix}.gelu`);
  return graph.linear(`${prefix}.fc2`, activated, config.mlpWidth, config.width);
}

/** Pre-norm residual block: x + attention(LayerNorm(x)), then x + MLP(LayerNorm(x)). */
function addBlock(graph: GraphBuilder, layer: number, input: string, config: VitConfig): string {
  const prefix = `layers.${layer}`;
  const attention = addAttention(graph, `${prefix}.attention`, graph.layerNorm(`${prefix}.ln1`, input, config.width), config);
  const afterAttention = graph.node('Add', [input, attention], `${prefix}.residual1`);
  const mlp = addMlp(graph, `${prefix}.mlp`, graph.layerNorm(`${prefix}.ln2`, afterAttention, config.width), config);
  return graph.node('Add', [afterAttention, mlp], `${prefix}.residual2`);
}

/** Builds the model and returns its serialized ModelProto bytes (about 4 bytes per parameter). */
export function buildVitModel(config: VitConfig): Uint8Array {
  const parameters = new Float32Array(vitParameterCount(config));
  const graph = new GraphBuilder(parameters, seededNormal(config.seed));

  let tokens = graph.layerNorm('pre_norm', addEmbeddings(graph, config), config.width);
  for (let layer = 0; layer < config.layers; layer++) tokens = addBlock(graph, layer, tokens, config);

  // The class token (position 0) summarises the image. A scalar index drops the token axis.
  const classToken = graph.node('Gather', [tokens, graph.int64s('class_index', [0], [])], 'class.output', [int('axis', 1)]);
  const normalized = graph.layerNorm('post_norm', classToken, config.width);
  const projection = graph.parameter('projection', [config.width, config.dimension], WEIGHT_STD);
  graph.node('MatMul', [normalized, projection], 'image_embeds');
  graph.checkAllParametersUsed();

  const Model = onnxType('ModelProto');
  const model = {
    ir_version: IR_VERSION,
    producer_name: 'met-twins vit-model',
    opset_import: [{ domain: '', version: OPSET_VERSION }],
    graph: {
      name: 'vit_random_weights',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [tensorValueInfo('pixel_values', ['batch', 3, config.inputSize, config.inputSize])],
      output: [tensorValueInfo('image_embeds', ['batch', config.dimension])],
    },
  };
  const problem = Model.verify(model);
  if (problem) throw new Error(`invalid ViT model: ${problem}`);

  // protobufjs 8 grows its write buffer by doubling and finish() copies the result. For ViT-B/32 that
  // left 1.4 GB resident after a build (Node 20), against 0.8 GB with this buffer, which is sized up
  // front for the weights and graph structure and returned as a view.
  const writer = protobuf.Writer.create();
  writer.buf = Buffer.allocUnsafe(4 * parameters.length + ENCODING_HEADROOM_BYTES);
  return Model.encode(Model.fromObject(model), writer).finish(true);
}

export function writeVitModel(path: string, config: VitConfig): void {
  writeFileSync(path, buildVitModel(config));
}
