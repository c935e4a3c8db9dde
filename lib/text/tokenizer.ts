/**
 * CLIP's text tokenizer (OpenAI CLIP `simple_tokenizer`, also Hugging Face `CLIPTokenizer`): text
 * cleanup, CLIP's pre-tokenisation pattern, byte-level encoding, and BPE with a `</w>` end-of-word
 * marker, giving [start, …tokens, end] padded with 0 to a fixed context of 77.
 */
import { decodeHTML } from 'entities';

import { END_OF_TEXT, START_OF_TEXT, loadClipVocabulary, type ClipVocabulary } from './vocabulary';

/** Tokens per text that CLIP's text tower reads, the start and end tokens included. */
export const CONTEXT_LENGTH = 77;

/**
 * CLIP pads with id 0, which is also the token "!". Its causal attention keeps the end token's
 * output, the one CLIP pools, from depending on the padding after it.
 */
export const PAD_ID = 0;

const END_OF_WORD = '</w>';
const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Whitespace as Python's `str.isspace` defines it, which CLIP's cleanup (`re.sub(r'\s+', ' ', …)`)
 * uses. JavaScript's `\s` differs: it adds U+FEFF and lacks U+001C–U+001F and U+0085.
 */
const WHITESPACE_RUN = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/**
 * CLIP's pre-tokenisation pattern: the two special tokens, English contractions, runs of letters,
 * single digits, and runs of other non-space characters. After cleanup the only whitespace left is
 * U+0020, so `[^ \p{L}\p{N}]` matches what CLIP's `[^\s\p{L}\p{N}]` does there.
 */
const PRE_TOKEN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^ \p{L}\p{N}]+/giu;

/**
 * GPT-2's bytes_to_unicode table, which CLIP shares: printable Latin-1 bytes map to themselves and
 * the other 68 bytes (controls, space, U+007F–U+00A0, soft hyphen) to U+0100 upwards in byte order,
 * so every byte sequence becomes a string of visible characters without spaces.
 */
function buildByteEncoder(): string[] {
  const printable = (byte: number) => (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  const table = new Array<string>(256);
  let next = 0;
  for (let byte = 0; byte < 256; byte++) {
    table[byte] = printable(byte) ? String.fromCharCode(byte) : String.fromCharCode(256 + next++);
  }
  return table;
}

const BYTE_ENCODER = buildByteEncoder();
const UTF8 = new TextEncoder();

/**
 * Applies CLIP's text cleanup: Unicode NFC, HTML unescaping twice (as CLIP does, so "&amp;amp;"
 * becomes "&"), whitespace runs collapsed to one space, trimmed, and lower-cased.
 * NOTE: CLIP first runs ftfy.fix_text, which also repairs mojibake and straightens curly quotes.
 * Only its NFC step is reproduced here, so text with such defects can tokenise differently.
 */
export function cleanText(text: string): string {
  const unescaped = decodeHTML(decodeHTML(text.normalize('NFC')));
  return unescaped.replace(WHITESPACE_RUN, ' ').trim().toLowerCase();
}

export interface ClipTokenizerOptions {
  /** Pre-tokens whose BPE result is kept; the oldest entry is dropped past this. Default 10,000. */
  cacheSize?: number;
}

export class ClipTokenizer {
  readonly startId: number;
  readonly endId: number;
  readonly vocabularySize: number;

  private readonly encoder: Map<string, number>;
  /** "a b" → rank; a byte-level token never contains a space, so the key is unambiguous. */
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  private readonly cacheSize: number;

  constructor(vocabulary: ClipVocabulary, options: ClipTokenizerOptions = {}) {
    this.encoder = vocabulary.encoder;
    this.startId = vocabulary.startId;
    this.endId = vocabulary.endId;
    this.vocabularySize = vocabulary.encoder.size;
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    vocabulary.merges.forEach(([left, right], rank) => {
      const key = `${left} ${right}`;
      // A repeated rule keeps its first (higher-priority) rank.
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
  }

  /** Returns the token ids of `text` after cleanup, without start or end tokens and untruncated. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const match of cleanText(text).matchAll(PRE_TOKEN)) {
      const preToken = match[0];
      // The special tokens map straight to their ids, as in CLIP, even when typed inside the text.
      if (preToken === START_OF_TEXT) ids.push(this.startId);
      else if (preToken === END_OF_TEXT) ids.push(this.endId);
      else for (const symbol of this.bpe(preToken)) ids.push(this.idOf(symbol, preToken));
    }
    return ids;
  }

  /**
   * Returns exactly `contextLength` ids: start token, the text's tokens, end token, then PAD_ID.
   * Longer text is cut so that the end token is still the last id, as CLIP's `truncate=True` does.
   */
  tokenize(text: string, contextLength = CONTEXT_LENGTH): number[] {
    if (!Number.isInteger(contextLength) || contextLength < 2) {
      throw new Error(`context length ${contextLength} is invalid: it must be an integer of at least 2 (start and end token)`);
    }
    const content = this.encode(text).slice(0, contextLength - 2);
    const ids = [this.startId, ...content, this.endId];
    while (ids.length < contextLength) ids.push(PAD_ID);
    return ids;
  }

  private idOf(symbol: string, preToken: string): number {
    const id = this.encoder.get(symbol);
    if (id === undefined) {
      throw new Error(
        `BPE produced ${JSON.stringify(symbol)} (from ${JSON.stringify(preToken)}), which is not in the vocabulary: ` +
          'the vocabulary and merges files do not belong together',
      );
    }
    return id;
  }

  /** Splits one pre-token into BPE symbols, memoised because query words repeat. */
  private bpe(preToken: string): string[] {
    const cached = this.cache.get(preToken);
    if (cached) return cached;

    let byteString = '';
    for (const byte of UTF8.encode(preToken)) byteString += BYTE_ENCODER[byte];
    const symbols = mergeSymbols(Array.from(byteString), this.ranks);

    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(preToken, symbols);
    return symbols;
  }
}

/**
 * Runs BPE on one word: marks the last symbol with `</w>`, then repeatedly takes the adjacent pair
 * with the lowest rank and merges every occurrence of it, left to right without overlap, until no
 * adjacent pair has a rank.
 */
export function mergeSymbols(characters: string[], ranks: ReadonlyMap<string, number>): string[] {
  let symbols = characters.slice();
  if (symbols.length === 0) return symbols;
  symbols[symbols.length - 1] += END_OF_WORD;

  while (symbols.length > 1) {
    let bestRank = Infinity;
    let bestLeft = '';
    let bestRight = '';
    for (let i = 0; i < symbols.length - 1; i++) {
      const rank = ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        bestLeft = symbols[i];
        bestRight = symbols[i + 1];
      }
    }
    if (bestRank === Infinity) break;

    const merged: string[] = [];
    for (let i = 0; i < symbols.length; i++) {
      if (i < symbols.length - 1 && symbols[i] === bestLeft && symbols[i + 1] === bestRight) {
        merged.push(bestLeft + bestRight);
        i++;
      } else {
        merged.push(symbols[i]);
      }
    }
    symbols = merged;
  }
  return symbols;
}

/** Loads a tokenizer from a model folder (see loadClipVocabulary for the files it reads). */
export async function loadClipTokenizer(directory: string, options: ClipTokenizerOptions = {}): Promise<ClipTokenizer> {
  return new ClipTokenizer(await loadClipVocabulary(directory), options);
}
