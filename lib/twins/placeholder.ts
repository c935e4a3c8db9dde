/**
 * Finds placeholder images (blank frames, stock "image not available" pictures, one photograph reused
 * for many records) without a model: by repeated file contents, by many near-identical neighbours, and
 * by thumbnails with almost no variation in colour.
 * NOTE: colour-checker cards photographed on their own are not detected. They vary in colour and are
 * unique files, so catching them needs a model that recognises the card.
 */
import sharp from 'sharp';

import type { NeighbourTable } from './candidates';
import type { CurationObject } from './types';

export interface PlaceholderOptions {
  minCopies: number; // an image shared by this many objects is a placeholder
  nearDuplicateSimilarity: number; // cosine similarity at which two images count as the same picture
  maxChannelDeviation: number; // a thumbnail whose every channel's standard deviation is below this (0..255) is blank
}

export const DEFAULT_PLACEHOLDER_OPTIONS: PlaceholderOptions = {
  minCopies: 5,
  nearDuplicateSimilarity: 0.99,
  maxChannelDeviation: 8,
};

/** Returns ids of objects whose downloaded file (by SHA-256) is shared by at least `minCopies` objects. */
export function repeatedImageIds(objects: Iterable<CurationObject>, minCopies: number): Set<number> {
  const byHash = new Map<string, number[]>();
  for (const object of objects) {
    if (!object.contentHash) continue;
    const group = byHash.get(object.contentHash) ?? [];
    group.push(object.id);
    byHash.set(object.contentHash, group);
  }
  const ids = new Set<number>();
  for (const group of byHash.values()) if (group.length >= minCopies) group.forEach((id) => ids.add(id));
  return ids;
}

/**
 * Returns ids of objects with at least `minCopies − 1` neighbours at or above `similarity`: the same
 * picture (re-encoded or resized, so the file hash differs) is used for several records.
 */
export function nearDuplicateHubIds(table: NeighbourTable, similarity: number, minCopies: number): Set<number> {
  const ids = new Set<number>();
  for (let row = 0; row < table.ids.length; row++) {
    let copies = 1;
    for (let column = 0; column < table.columns; column++) {
      if (table.similarities[row * table.columns + column] >= similarity) copies++;
    }
    if (copies >= minCopies) ids.add(table.ids[row]);
  }
  return ids;
}

// Side in pixels the image is reduced to before measuring; JPEG and WebP decoders shrink while
// loading, so this is several times faster than reading every pixel and keeps the deviation.
const STATS_SIZE = 64;

/** Returns true when every colour channel of the image varies less than `maxChannelDeviation` (0..255). */
export async function isBlankImage(path: string, maxChannelDeviation: number): Promise<boolean> {
  const { data, info } = await sharp(path)
    .resize(STATS_SIZE, STATS_SIZE, { fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

  const channels = info.channels;
  const pixels = data.length / channels;
  for (let channel = 0; channel < channels; channel++) {
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = channel; i < data.length; i += channels) {
      sum += data[i];
      sumOfSquares += data[i] * data[i];
    }
    const mean = sum / pixels;
    const deviation = Math.sqrt(Math.max(0, sumOfSquares / pixels - mean * mean));
    if (deviation >= maxChannelDeviation) return false;
  }
  return true;
}
