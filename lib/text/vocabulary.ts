/**
 * Reads CLIP's byte-level BPE vocabulary from the files a model ships with: a Hugging Face
 * `tokenizer.json`, or the older `vocab.json` + `merges.txt` pair. Both are converted here to one
 * `ClipVocabulary`, so the tokenizer does not depend on either file format.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const START_OF_TEXT = '<|startoftext|>';
export const END_OF_TEXT = '<|endoftext|>';

export interface ClipVocabulary {
  /** Token string (byte-level characters, `</w>` on word-final tokens) → token id. */
  encoder: Map<string, number>;
  /** Merge rules in priority order: index 0 is applied first. */
  merges: Array<readonly [string, string]>;
  startId: number;
  endId: number;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEncoder(vocab: unknown, source: string): Map<string, number> {
  if (!isObject(vocab)) throw new Error(`${source}: the vocabulary is not a JSON object of token → id`);

  const encoder = new Map<string, number>();
  for (const [token, id] of Object.entries(vocab)) {
    if (!Number.isInteger(id) || (id as number) < 0) {
      throw new Error(`${source}: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}; expected a non-negative integer`);
    }
    encoder.set(token, id as number);
  }
  return encoder;
}

/** Splits one merge rule, given as "a b" or as ["a", "b"]. Byte-level tokens never contain a space. */
function parseMerge(rule: unknown, index: number, source: string): readonly [string, string] {
  const parts = typeof rule === 'string' ? rule.split(' ') : rule;
  if (!Array.isArray(parts) || parts.length !== 2 || parts.some((part) => typeof part !== 'string' || part === '')) {
    throw new Error(`${source}: merge ${index} is ${JSON.stringify(rule)}; expected "a b" or ["a", "b"]`);
  }
  return [parts[0], parts[1]];
}

/**
 * Returns the id of a special token: from the vocabulary, else from tokenizer.json's `added_tokens`.
 * A vocabulary without it cannot produce CLIP's start and end tokens, so that is an error.
 */
function specialId(token: string, encoder: Map<string, number>, addedTokens: unknown, source: string): number {
  const fromVocab = encoder.get(token);
  if (fromVocab !== undefined) return fromVocab;

  if (Array.isArray(addedTokens)) {
    const added = addedTokens.find((entry) => isObject(entry) && entry.content === token);
    if (isObject(added) && Number.isInteger(added.id)) return added.id as number;
  }
  throw new Error(`${source}: special token ${token} is missing from the vocabulary; is this a CLIP tokenizer?`);
}

/** Converts a parsed Hugging Face tokenizer.json (a BPE model) into a ClipVocabulary. */
export function vocabularyFromTokenizerJson(json: unknown, source = 'tokenizer.json'): ClipVocabulary {
  const model = isObject(json) ? json.model : undefined;
  if (!isObject(model)) throw new Error(`${source}: missing the "model" object of a Hugging Face tokenizer.json`);
  if (model.type !== undefined && model.type !== 'BPE') {
    throw new Error(`${source}: model type is ${JSON.stringify(model.type)}; CLIP needs a BPE tokenizer`);
  }
  if (!Array.isArray(model.merges)) throw new Error(`${source}: model.merges is not an array`);

  const encoder = parseEncoder(model.vocab, `${source} model.vocab`);
  const merges = model.merges.map((rule, index) => parseMerge(rule, index, source));
  const addedTokens = isObject(json) ? json.added_tokens : undefined;
  return {
    encoder,
    merges,
    startId: specialId(START_OF_TEXT, encoder, addedTokens, source),
    endId: specialId(END_OF_TEXT, encoder, addedTokens, source),
  };
}

/**
 * Converts a parsed vocab.json and the text of merges.txt into a ClipVocabulary. merges.txt has an
 * optional `#version: …` header line, then one rule per line, highest priority first.
 */
export function vocabularyFromVocabAndMerges(vocab: unknown, mergesText: string, source = 'vocab.json + merges.txt'): ClipVocabulary {
  const encoder = parseEncoder(vocab, source);
  const lines = mergesText.split(/\r?\n/).filter((line, index) => line !== '' && !(index === 0 && line.startsWith('#version')));
  const merges = lines.map((line, index) => parseMerge(line, index, source));
  return {
    encoder,
    merges,
    startId: specialId(START_OF_TEXT, encoder, undefined, source),
    endId: specialId(END_OF_TEXT, encoder, undefined, source),
  };
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Loads the vocabulary from a model folder: `tokenizer.json` when present, else `vocab.json` and
 * `merges.txt`.
 */
export async function loadClipVocabulary(directory: string): Promise<ClipVocabulary> {
  const tokenizerPath = join(directory, 'tokenizer.json');
  if (existsSync(tokenizerPath)) return vocabularyFromTokenizerJson(await readJson(tokenizerPath), tokenizerPath);

  const vocabPath = join(directory, 'vocab.json');
  const mergesPath = join(directory, 'merges.txt');
  if (existsSync(vocabPath) && existsSync(mergesPath)) {
    return vocabularyFromVocabAndMerges(await readJson(vocabPath), await readFile(mergesPath, 'utf8'), `${vocabPath} + merges.txt`);
  }
  throw new Error(
    `no CLIP tokenizer files in ${directory}: expected tokenizer.json, or vocab.json and merges.txt; ` +
      'run `npm run model:download -- --text` to fetch them with the text model',
  );
}
