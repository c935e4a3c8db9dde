import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const fixtureDir = fileURLToPath(new URL('./fixtures/clip-head/', import.meta.url));
const vocab = JSON.parse(readFileSync(`${fixtureDir}vocab.json`, 'utf8')) as Record<string, number>;
const merges = readFileSync(`${fixtureDir}merges.txt`, 'utf8').trimEnd().split('\n');

// Entries copied from the real CLIP vocab.json (openai/clip-vit-base-patch32); the fixture must
// agree with every one of them that it contains.
const REAL_VOCAB_ENTRIES: Record<string, number> = {
  '!': 0,
  '"': 1,
  '#': 2,
  '\\': 59,
  A: 32,
  '!</w>': 256,
  '(</w>': 263,
  '9</w>': 280,
  'a</w>': 320,
  "'s</w>": 568,
  ab: 596,
  ac: 546,
  '..': 608,
  '...</w>': 678,
  "'t</w>": 713,
  'about</w>': 781,
  'able</w>': 863,
  "'m</w>": 880,
  "'re</w>": 982,
  '!!!</w>': 995,
  '.@</w>': 1230,
  "'ve</w>": 1200,
  "'ll</w>": 1342,
  '....</w>': 1390,
  ':)</w>': 1408,
  '!!': 1443,
  '"@</w>': 1512,
  ').</w>': 1818,
  "'d</w>": 1896,
  '--': 2154,
  '(@</w>': 2181,
  '??</w>': 2197,
  '__': 2355,
  '!!!!</w>': 2360,
  '),</w>': 2361,
  '--</w>': 2432,
  '".</w>': 2811,
  abo: 2889,
  acade: 2892,
  '...': 3002,
  'ability</w>': 3024,
  'ab</w>': 3937,
  '<|startoftext|>': 49406,
  '<|endoftext|>': 49407,
};

describe('clip-head fixture', () => {
  it('matches real vocabulary entries', () => {
    for (const [token, id] of Object.entries(REAL_VOCAB_ENTRIES)) {
      expect(vocab[token], token).toBe(id);
    }
  });

  it('has the merges header and 3446 rules', () => {
    expect(merges[0]).toBe('#version: 0.2');
    expect(merges.length - 1).toBe(3446);
  });

  it('gives each merge the id 512 + rank', () => {
    merges.slice(1).forEach((line, rank) => {
      const [left, right] = line.split(' ');
      expect(vocab[left + right], line).toBe(512 + rank);
    });
  });

  it('builds each merge from known tokens', () => {
    merges.slice(1).forEach((line, rank) => {
      const parts = line.split(' ');
      expect(parts, line).toHaveLength(2);
      for (const part of parts) expect(vocab[part], `${line} (rank ${rank})`).toBeLessThan(512 + rank);
    });
  });
});
