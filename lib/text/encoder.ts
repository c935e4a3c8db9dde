/**
 * The CLIP ViT-B/32 text tower through onnxruntime-node (CPU): text → tokenizer → ONNX session →
 * L2-normalised Float32Array in the image embeddings' space. Input and output names, the context
 * length and the embedding dimension are read from the model file, so any export with an
 * `input_ids` input (plus an optional `attention_mask`) and a (batch, d) output works.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import * as ort from 'onnxruntime-node';

import { l2Normalize } from '../embed/models';
import { CLIP_VIT_B32_TEXT, textModelDir } from './model';
import { CONTEXT_LENGTH, loadClipTokenizer, type ClipTokenizer } from './tokenizer';

export interface ClipTextEncoder {
  modelPath: string;
  tokenizer: ClipTokenizer;
  inputIdsName: string;
  /** Null when the model takes token ids alone. */
  attentionMaskName: string | null;
  outputName: string;
  contextLength: number;
  /** Embedding dimension from the model's output shape, or null when the shape is symbolic. */
  dimension: number | null;
  /** Embeds one text; returns a unit-length vector. */
  encodeText(text: string): Promise<Float32Array>;
  /** Embeds several texts in one session run; returns unit-length vectors in input order. */
  encodeTexts(texts: readonly string[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

export interface ClipTextEncoderOptions {
  /** Folder with tokenizer.json (or vocab.json + merges.txt); default: the model's folder. */
  tokenizerDir?: string;
  /** ONNX file inside the model folder; default model.onnx. */
  modelFileName?: string;
  /** Threads for one operator; default: onnxruntime's own default. */
  intraOpThreads?: number;
}

// Output names that exports of the CLIP text tower use for the projected embedding, preferred over
// per-token hidden states when a model has several outputs.
const EMBEDDING_OUTPUT_NAMES = ['text_embeds', 'embeddings', 'text_embeddings'];

type IntegerType = 'int64' | 'int32';

function tensorMetadata(list: readonly ort.InferenceSession.ValueMetadata[], name: string) {
  const entry = list.find((item) => item.name === name);
  return entry?.isTensor ? entry : null;
}

function integerType(session: ort.InferenceSession, name: string, modelPath: string): IntegerType {
  const type = tensorMetadata(session.inputMetadata, name)?.type;
  if (type !== 'int64' && type !== 'int32') {
    throw new Error(`${modelPath} input ${name} has type ${type ?? 'unknown'}; expected int64 or int32 token ids`);
  }
  return type;
}

function integerTensor(type: IntegerType, values: number[], dims: number[]): ort.Tensor {
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims);
  return new ort.Tensor('int64', BigInt64Array.from(values, (value) => BigInt(value)), dims);
}

/** Picks the token-id input and the optional mask input, rejecting inputs this code cannot feed. */
function inputNames(session: ort.InferenceSession, modelPath: string): { ids: string; mask: string | null } {
  const names = session.inputNames;
  let ids: string | null = null;
  if (names.includes('input_ids')) ids = 'input_ids';
  else if (names.length === 1) ids = names[0];
  const mask = names.includes('attention_mask') ? 'attention_mask' : null;
  const unknown = names.filter((name) => name !== ids && name !== mask);
  if (ids === null || unknown.length > 0) {
    throw new Error(`${modelPath} has inputs ${names.join(', ')}; expected input_ids and optionally attention_mask`);
  }
  return { ids, mask };
}

export async function createClipTextEncoder(modelDir: string, options: ClipTextEncoderOptions = {}): Promise<ClipTextEncoder> {
  const modelPath = join(/* turbopackIgnore: true */ resolve(/* turbopackIgnore: true */ modelDir), options.modelFileName ?? CLIP_VIT_B32_TEXT.model.fileName);
  if (!existsSync(/* turbopackIgnore: true */ modelPath)) {
    throw new Error(
      `CLIP text model not found at ${modelPath}: run \`npm run model:download -- --text\` ` +
        '(it saves model.onnx and tokenizer.json there), or set MODELS_DIR to the folder that holds clip-vit-b32-text/',
    );
  }

  const tokenizer = await loadClipTokenizer(options.tokenizerDir ?? modelDir);
  const session = await ort.InferenceSession.create(modelPath, {
    graphOptimizationLevel: 'all',
    ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads }),
  });

  const { ids: inputIdsName, mask: attentionMaskName } = inputNames(session, modelPath);
  const idsType = integerType(session, inputIdsName, modelPath);
  const maskType = attentionMaskName === null ? null : integerType(session, attentionMaskName, modelPath);
  const idsShape = tensorMetadata(session.inputMetadata, inputIdsName)?.shape ?? [];
  const contextLength = typeof idsShape[1] === 'number' ? idsShape[1] : CONTEXT_LENGTH;

  const outputName = EMBEDDING_OUTPUT_NAMES.find((name) => session.outputNames.includes(name)) ?? session.outputNames[0];
  const outputShape = tensorMetadata(session.outputMetadata, outputName)?.shape ?? [];
  const lastDimension = outputShape[outputShape.length - 1];
  const dimension = typeof lastDimension === 'number' && lastDimension > 0 ? lastDimension : null;
  if (outputShape.length !== 0 && outputShape.length !== 2) {
    throw new Error(`${modelPath} output ${outputName} has shape [${outputShape.join(', ')}]; expected [batch, dimension]`);
  }

  async function encodeTexts(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];

    const rows = texts.map((text) => tokenizer.tokenize(text, contextLength));
    const dims = [texts.length, contextLength];
    const feeds: Record<string, ort.Tensor> = { [inputIdsName]: integerTensor(idsType, rows.flat(), dims) };
    if (attentionMaskName !== null && maskType !== null) {
      // 1 up to and including the end token. Under CLIP's causal attention the pooled end-token
      // output cannot see the padding after it, so the mask mainly matters to other exports.
      const mask = rows.flatMap((row) => {
        const end = row.indexOf(tokenizer.endId);
        return row.map((_, position) => (position <= end ? 1 : 0));
      });
      feeds[attentionMaskName] = integerTensor(maskType, mask, dims);
    }

    const output = (await session.run(feeds, [outputName]))[outputName];
    const [batch, width] = output.dims;
    if (output.dims.length !== 2 || batch !== texts.length || (dimension !== null && width !== dimension)) {
      throw new Error(`${modelPath} returned ${outputName} with shape [${output.dims.join(', ')}]; expected [${texts.length}, ${dimension ?? 'd'}]`);
    }
    if (output.type !== 'float32') {
      throw new Error(`${modelPath} returned ${outputName} as ${output.type}; expected float32`);
    }
    const values = output.data as Float32Array;
    return texts.map((_, i) => l2Normalize(values.subarray(i * width, (i + 1) * width)));
  }

  return {
    modelPath,
    tokenizer,
    inputIdsName,
    attentionMaskName,
    outputName,
    contextLength,
    dimension,
    encodeTexts,
    encodeText: async (text) => (await encodeTexts([text]))[0],
    release: () => session.release(),
  };
}

const sharedEncoders = new Map<string, Promise<ClipTextEncoder>>();

/**
 * Returns the process-wide encoder for `modelDir` (default: the text model's folder under
 * MODELS_DIR), creating the session on first use, so a server loads the model once. A failed load
 * is not cached: the next call tries again, for example after the model has been downloaded.
 */
export function getClipTextEncoder(modelDir = textModelDir()): Promise<ClipTextEncoder> {
  const key = resolve(modelDir);
  let encoder = sharedEncoders.get(key);
  if (!encoder) {
    encoder = createClipTextEncoder(key);
    sharedEncoders.set(key, encoder);
    encoder.catch(() => sharedEncoders.delete(key));
  }
  return encoder;
}
