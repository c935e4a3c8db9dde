/**
 * Rules that remove matches nobody needs a computer to find: near-duplicate photographs, parts of one
 * object, works by one artist or from one portfolio, and placeholder images. Each rule has a name so
 * that the curate stage can count what it removed.
 */
import type { Contrast } from './contrast';
import type { CurationObject } from './types';

export const BORING_RULES = [
  'placeholder',
  'nearDuplicate',
  'sameContentHash',
  'similarPerceptualHash',
  'sameAccessionGroup',
  'sameArtist',
  'sameTitle',
  'samePortfolio',
  'noContrast',
] as const;
export type BoringRule = (typeof BORING_RULES)[number];

export interface BoringOptions {
  similarityCeiling: number; // cosine similarity above which two images are the same photograph
  maxHammingDistance: number; // dHash bits out of 64 at or below which two images count as copies
}

export const DEFAULT_BORING_OPTIONS: BoringOptions = { similarityCeiling: 0.97, maxHammingDistance: 6 };

/**
 * Returns the accession group: the accession number without the letter suffix that marks parts of
 * one object. "29.100.5a" and "29.100.5b" share "29.100.5"; "1975.1.12" and "1975.1.120" do not,
 * because groups compare whole, never by prefix.
 */
export function accessionGroup(accessionNumber: string): string {
  const text = accessionNumber.trim().toLowerCase();

  // Drop part lists such as "a, b", "a–c", "a-o", "ab" or "A-B" after the last digit.
  const match = /^(.*\d)\s*[a-z]{1,3}(\s*[,–-]\s*[a-z]{1,3})*$/.exec(text);
  return match ? match[1] : text;
}

const IGNORED_ARTISTS = /^(unknown|unidentified|anonymous|unattributed)\b/;

/** Returns the artist name for comparison, or '' when the field names no one. */
export function normalizeArtist(artist: string): string {
  const text = artist.trim().toLowerCase().replace(/\s+/g, ' ');
  return IGNORED_ARTISTS.test(text) ? '' : text;
}

/**
 * Returns the title for comparison without numbers, punctuation and case, so that "Plate 3" and
 * "Plate 17" from one album compare equal. Returns '' for empty and "Untitled".
 */
export function normalizeTitle(title: string): string {
  const text = title
    .toLowerCase()
    .replace(/\b(no|nr|pl|fig)\.?\s*\d+/g, ' ')
    .replace(/\d+/g, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
  return text === 'untitled' ? '' : text;
}

/** Returns the number of differing bits between two 64-bit hashes written as 16 hex digits. */
export function hammingDistance(hexA: string, hexB: string): number {
  if (!/^[0-9a-f]{16}$/i.test(hexA) || !/^[0-9a-f]{16}$/i.test(hexB)) {
    throw new Error(`invalid perceptual hash "${hexA}" or "${hexB}": expected 16 hex digits (a 64-bit dHash)`);
  }
  let bits = BigInt(`0x${hexA}`) ^ BigInt(`0x${hexB}`);
  let count = 0;
  while (bits > 0n) {
    count += Number(bits & 1n);
    bits >>= 1n;
  }
  return count;
}

function sameKnown(left: string, right: string): boolean {
  return left !== '' && left === right;
}

/**
 * Returns the first rule that makes the pair boring, or null when it may be a twin. `placeholders`
 * contains ids of objects whose image is a blank frame, a card or a stock "not available" picture.
 */
export function boringRule(
  a: CurationObject,
  b: CurationObject,
  similarity: number,
  contrast: Contrast,
  placeholders: ReadonlySet<number>,
  options: BoringOptions = DEFAULT_BORING_OPTIONS,
): BoringRule | null {
  if (placeholders.has(a.id) || placeholders.has(b.id)) return 'placeholder';
  if (similarity > options.similarityCeiling) return 'nearDuplicate';
  if (a.contentHash && a.contentHash === b.contentHash) return 'sameContentHash';

  const hashesKnown = a.perceptualHash && b.perceptualHash;
  if (hashesKnown && hammingDistance(a.perceptualHash!, b.perceptualHash!) <= options.maxHammingDistance) {
    return 'similarPerceptualHash';
  }

  if (sameKnown(accessionGroup(a.accessionNumber), accessionGroup(b.accessionNumber))) return 'sameAccessionGroup';
  if (sameKnown(normalizeArtist(a.artist), normalizeArtist(b.artist))) return 'sameArtist';
  if (sameKnown(normalizeTitle(a.title), normalizeTitle(b.title))) return 'sameTitle';
  if (sameKnown(a.portfolio.trim().toLowerCase(), b.portfolio.trim().toLowerCase())) return 'samePortfolio';
  if (contrast.boundaryCount === 0) return 'noContrast';
  return null;
}
