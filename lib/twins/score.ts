/**
 * The surprise score that ranks visual twins: how alike two artworks look, plus how far apart their
 * metadata says they are. Every pair that reaches scoring already passed the competitive filter (each
 * is among the other's global top-K), so the contrast terms decide the order among good matches.
 *
 *   score = similarity·s + years·log(1 + gap) / log(1 + yearsCap) (capped at 1)
 *         + Σ boundary weight for each boundary crossed (department, culture, classification,
 *           object name, medium family) + mutual (when the two are each other's nearest neighbour)
 *         − hub·log2(max k-occurrence / K) (clamped to 0..3)
 *
 * `s` is the cosine similarity after subtracting the collection's mean vector, which discounts what
 * every photograph shares (the grey studio backdrop, the framing) and keeps what the two share.
 * The hub term penalises objects that appear in far more neighbour lists than the average K, a common
 * sign that a match is driven by background or lighting rather than the artwork.
 */
import type { Contrast } from './contrast';

export interface ScoreWeights {
  similarity: number;
  years: number; // reached at `yearsCap` years apart
  yearsCap: number; // in years
  department: number;
  culture: number;
  classification: number;
  objectName: number;
  medium: number;
  mutual: number;
  hub: number;
}

export const DEFAULT_WEIGHTS: Readonly<ScoreWeights> = {
  similarity: 1,
  years: 0.3,
  yearsCap: 3000,
  department: 0.1,
  culture: 0.15,
  classification: 0.05,
  objectName: 0.1,
  medium: 0.15,
  mutual: 0.05,
  hub: 0.1,
};

export interface ScoreInput {
  similarity: number; // the similarity to score, normally mean-centred
  contrast: Contrast;
  mutual: boolean;
  hubness: number; // log2(max k-occurrence / K) of the two objects, clamped to 0..3
}

/** Returns the surprise score of one pair; higher is more surprising. */
export function surpriseScore(input: ScoreInput, weights: ScoreWeights = DEFAULT_WEIGHTS): number {
  const { contrast } = input;
  const gap = contrast.yearsApart ?? 0;
  const yearsTerm = Math.min(1, Math.log1p(gap) / Math.log1p(weights.yearsCap));

  let score = weights.similarity * input.similarity + weights.years * yearsTerm;
  if (contrast.crossesDepartment) score += weights.department;
  if (contrast.crossesCulture) score += weights.culture;
  if (contrast.crossesClassification) score += weights.classification;
  if (contrast.crossesObjectName) score += weights.objectName;
  if (contrast.crossesMedium) score += weights.medium;
  if (input.mutual) score += weights.mutual;
  return score - weights.hub * input.hubness;
}

/** Returns log2 of how many times more often an object is a neighbour than average, clamped to 0..3. */
export function hubness(kOccurrence: number, k: number): number {
  if (kOccurrence <= k) return 0;
  return Math.min(3, Math.log2(kOccurrence / k));
}

/**
 * Parses "years=0.4,culture=0.2" into weights on top of the defaults. Rejects unknown names and
 * values that are not finite numbers, naming the bad entry and the valid names.
 */
export function parseWeights(text: string, base: Readonly<ScoreWeights> = DEFAULT_WEIGHTS): ScoreWeights {
  const weights: ScoreWeights = { ...base };
  const names = Object.keys(base) as (keyof ScoreWeights)[];
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name, value] = entry.split('=').map((part) => part.trim());
    if (!names.includes(name as keyof ScoreWeights)) {
      throw new Error(`invalid weight "${entry}": unknown name "${name}", expected one of ${names.join(', ')}`);
    }
    const parsed = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(parsed)) {
      throw new Error(`invalid weight "${entry}": expected name=number, for example years=0.3`);
    }
    if (name === 'yearsCap' && parsed <= 0) {
      throw new Error(`invalid weight "${entry}": yearsCap must be a positive number of years`);
    }
    weights[name as keyof ScoreWeights] = parsed;
  }
  return weights;
}
