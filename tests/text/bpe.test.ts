import { describe, expect, it } from 'vitest';

import { mergeSymbols } from '@/lib/text/tokenizer';

/** Ranks from rules listed highest priority first, as in merges.txt. */
function ranksOf(...rules: string[]): Map<string, number> {
  return new Map(rules.map((rule, rank) => [rule, rank]));
}

describe('mergeSymbols', () => {
  it('marks the last symbol as word end', () => {
    expect(mergeSymbols(['c', 'a', 't'], new Map())).toEqual(['c', 'a', 't</w>']);
  });

  it('marks a single character', () => {
    expect(mergeSymbols(['a'], ranksOf('a a'))).toEqual(['a</w>']);
  });

  it('returns nothing for an empty word', () => {
    expect(mergeSymbols([], new Map())).toEqual([]);
  });

  it('applies the lowest rank first', () => {
    // "a b" outranks "b c", so "abc" splits as ab + c, never a + bc.
    expect(mergeSymbols(['a', 'b', 'c', 'd'], ranksOf('a b', 'b c'))).toEqual(['ab', 'c', 'd</w>']);
    expect(mergeSymbols(['a', 'b', 'c', 'd'], ranksOf('b c', 'a b'))).toEqual(['a', 'bc', 'd</w>']);
  });

  it('ignores the order rules could be found in the word', () => {
    // The rule for the later pair has the better rank and wins although "t h" comes first.
    expect(mergeSymbols(['t', 'h', 'e'], ranksOf('h e</w>', 't h'))).toEqual(['t', 'he</w>']);
  });

  it('merges repeats left to right without overlap', () => {
    expect(mergeSymbols(['a', 'a', 'a'], ranksOf('a a'))).toEqual(['aa', 'a</w>']);
    expect(mergeSymbols(['a', 'a', 'a', 'a', 'x'], ranksOf('a a'))).toEqual(['aa', 'aa', 'x</w>']);
  });

  it('distinguishes word-final symbols', () => {
    // "n g" does not match the final "g</w>"; only "n g</w>" does.
    expect(mergeSymbols(['n', 'g'], ranksOf('n g'))).toEqual(['n', 'g</w>']);
    expect(mergeSymbols(['n', 'g'], ranksOf('n g', 'n g</w>'))).toEqual(['ng</w>']);
  });

  it('builds on earlier merges', () => {
    const ranks = ranksOf('i n', 'in g</w>', 's t', 'st r', 'str ing</w>');
    expect(mergeSymbols(Array.from('string'), ranks)).toEqual(['string</w>']);
  });
});
