import type { ObjectRow, PairRow } from '@/lib/db/schema';
import { compareObjects, type Contrast as MetadataContrast } from '@/lib/twins/contrast';

/**
 * Differences between two artworks: the curator's metadata comparison (lib/twins/contrast) plus their
 * visual similarity. Live neighbours and unstored pairs use the same rules as stored pairs, so every
 * page explains a pair the same way.
 */
export interface Contrast extends Omit<MetadataContrast, 'boundaryCount'> {
  /** Cosine similarity of the two embeddings; null when the index contains no vector for one of them. */
  similarity: number | null;
}

export function contrastOf(a: ObjectRow, b: ObjectRow, similarity: number | null): Contrast {
  const { boundaryCount: _ignored, ...metadata } = compareObjects(a, b);
  return { ...metadata, similarity };
}

/** Converts a stored pair's columns and reasons into a `Contrast`. */
export function contrastOfPair(pair: PairRow): Contrast {
  return {
    similarity: pair.similarity,
    yearsApart: pair.yearsApart,
    crossesDepartment: pair.crossesDepartment,
    crossesCulture: pair.crossesCulture,
    crossesClassification: pair.crossesClassification,
    crossesObjectName: pair.crossesObjectName,
    crossesMedium: pair.crossesMedium,
    reasons: pair.reasons,
  };
}

export interface Chip {
  label: string;
  /** The full reason behind a shortened label, for a tooltip; equal to `label` when nothing was cut. */
  detail: string;
  kind: 'time' | 'field' | 'similarity';
}

/**
 * Short labels that explain a contrast: each reason cut before its colon ("different culture: Egyptian vs
 * French" becomes "different culture"), then the similarity as a percentage.
 */
export function contrastChips(contrast: Contrast): Chip[] {
  const chips: Chip[] = contrast.reasons.map((reason) => {
    const colon = reason.indexOf(':');
    const head = colon > 0 ? reason.slice(0, colon) : reason;
    const label = head === 'different object' ? 'different object type' : head;
    return { label, detail: reason, kind: /years? apart$/.test(label) ? 'time' : 'field' };
  });
  if (contrast.similarity !== null) {
    const label = `${Math.round(contrast.similarity * 100)}% similar`;
    chips.push({ label, detail: `cosine similarity ${contrast.similarity.toFixed(3)}`, kind: 'similarity' });
  }
  return chips;
}
