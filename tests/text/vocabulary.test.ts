import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { ClipTokenizer, loadClipTokenizer } from '@/lib/text/tokenizer';
import { loadClipVocabulary, vocabularyFromTokenizerJson, vocabularyFromVocabAndMerges } from '@/lib/text/vocabulary';

const fixtureDir = fileURLToPath(new URL('./fixtures/clip-head/', import.meta.url));
const vocab = JSON.parse(readFileSync(join(fixtureDir, 'vocab.json'), 'utf8')) as Record<string, number>;
const mergeLines = readFileSync(join(fixtureDir, 'merges.txt'), 'utf8').trimEnd().split('\n').slice(1);
const SAMPLE = "Hello, world! don't stop: a photo of a cat 😂";

const workDir = mkdtempSync(join(tmpdir(), 'clip-vocabulary-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Writes a Hugging Face tokenizer.json built from the fixture into a new folder. */
function writeTokenizerJson(name: string, merges: unknown[], extra: Record<string, unknown> = {}): string {
  const dir = join(workDir, name);
  mkdirSync(dir);
  const json = { version: '1.0', added_tokens: [], model: { type: 'BPE', end_of_word_suffix: '</w>', vocab, merges }, ...extra };
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(json));
  return dir;
}

describe('loadClipVocabulary formats', () => {
  it('reads tokenizer.json with string merges', async () => {
    const dir = writeTokenizerJson('strings', mergeLines);
    const fromJson = await loadClipTokenizer(dir);
    const fromPair = await loadClipTokenizer(fixtureDir);
    expect(fromJson.tokenize(SAMPLE)).toEqual(fromPair.tokenize(SAMPLE));
  });

  it('reads tokenizer.json with pair merges', async () => {
    const dir = writeTokenizerJson('pairs', mergeLines.map((line) => line.split(' ')));
    const fromJson = await loadClipTokenizer(dir);
    const fromPair = await loadClipTokenizer(fixtureDir);
    expect(fromJson.tokenize(SAMPLE)).toEqual(fromPair.tokenize(SAMPLE));
  });

  it('reads special ids from the vocabulary', async () => {
    const vocabulary = await loadClipVocabulary(fixtureDir);
    expect(vocabulary.startId).toBe(49406);
    expect(vocabulary.endId).toBe(49407);
    expect(vocabulary.merges).toHaveLength(3446);
    expect(vocabulary.merges[0]).toEqual(['i', 'n']);
  });

  it('reads special ids from added_tokens', () => {
    const { '<|startoftext|>': _start, '<|endoftext|>': _end, ...plain } = vocab;
    const vocabulary = vocabularyFromTokenizerJson({
      model: { type: 'BPE', vocab: plain, merges: [] },
      added_tokens: [
        { id: 7, content: '<|startoftext|>' },
        { id: 8, content: '<|endoftext|>' },
      ],
    });
    expect(vocabulary.startId).toBe(7);
    expect(vocabulary.endId).toBe(8);
  });

  it('prefers tokenizer.json over the pair', async () => {
    const dir = writeTokenizerJson('both', []);
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(vocab));
    writeFileSync(join(dir, 'merges.txt'), `#version: 0.2\n${mergeLines.join('\n')}\n`);
    const vocabulary = await loadClipVocabulary(dir);
    expect(vocabulary.merges).toHaveLength(0);
  });
});

describe('loadClipVocabulary errors', () => {
  it('rejects a folder without tokenizer files', async () => {
    const dir = join(workDir, 'empty');
    mkdirSync(dir);
    await expect(loadClipVocabulary(dir)).rejects.toThrow(
      `no CLIP tokenizer files in ${dir}: expected tokenizer.json, or vocab.json and merges.txt; ` +
        'run `npm run model:download -- --text` to fetch them with the text model',
    );
  });

  it('rejects invalid JSON', async () => {
    const dir = join(workDir, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tokenizer.json'), '{"model": ');
    await expect(loadClipVocabulary(dir)).rejects.toThrow(`${join(dir, 'tokenizer.json')} is not valid JSON:`);
  });

  it('rejects a vocabulary without special tokens', () => {
    expect(() => vocabularyFromVocabAndMerges({ a: 0 }, 'a a\n', 'test')).toThrow(
      'test: special token <|startoftext|> is missing from the vocabulary; is this a CLIP tokenizer?',
    );
  });

  it('rejects a malformed merge rule', () => {
    expect(() => vocabularyFromVocabAndMerges(vocab, '#version: 0.2\ni n\nt h e\n', 'test')).toThrow(
      'test: merge 1 is "t h e"; expected "a b" or ["a", "b"]',
    );
  });

  it('rejects a non-BPE model', () => {
    expect(() => vocabularyFromTokenizerJson({ model: { type: 'WordPiece', vocab, merges: [] } }, 'wp.json')).toThrow(
      'wp.json: model type is "WordPiece"; CLIP needs a BPE tokenizer',
    );
  });

  it('rejects a non-integer id', () => {
    expect(() => vocabularyFromVocabAndMerges({ a: 1.5 }, '', 'test')).toThrow(
      'test: token "a" has id 1.5; expected a non-negative integer',
    );
  });

  it('rejects merges that leave the vocabulary', () => {
    // "x q</w>" produces "xq</w>", which this vocabulary lacks: the files do not belong together.
    const tokenizer = new ClipTokenizer(vocabularyFromVocabAndMerges(vocab, 'x q</w>\n', 'test'));
    expect(() => tokenizer.encode('xq')).toThrow(
      'BPE produced "xq</w>" (from "xq"), which is not in the vocabulary: the vocabulary and merges files do not belong together',
    );
  });
});
