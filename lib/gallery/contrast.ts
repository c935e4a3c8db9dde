import type { ObjectRow, PairRow } from '@/lib/db/schema';

/**
 * How two artworks differ in their metadata. Computed here for any two objects, so that a permalink to
 * a pair the curator never stored, and every live neighbour, get the same explanation as stored pairs.
 * A field counts as crossed only when both sides name it and the names differ (case-insensitive),
 * because an empty culture says nothing about whether the cultures match.
 */
export interface Contrast {
  /** Cosine similarity of the two embeddings; null when the index holds no vector for one of them. */
  similarity: number | null;
  yearsApart: number | null;
  crossesDepartment: boolean;
  crossesCulture: boolean;
  crossesObjectName: boolean;
  crossesClassification: boolean;
}

type Dated = Pick<ObjectRow, 'beginYear' | 'endYear'>;
type Described = Dated & Pick<ObjectRow, 'department' | 'culture' | 'objectName' | 'classification'>;

/** Midpoint of the object's date range in calendar years, or null when the source gives no year. */
export function dateMidpoint(object: Dated): number | null {
  const { beginYear, endYear } = object;
  if (beginYear === null && endYear === null) return null;
  if (beginYear === null) return endYear;
  if (endYear === null) return beginYear;
  return (beginYear + endYear) / 2;
}

function differs(left: string, right: string): boolean {
  const a = left.trim().toLowerCase();
  const b = right.trim().toLowerCase();
  return a !== '' && b !== '' && a !== b;
}

export function contrastOf(a: Described, b: Described, similarity: number | null): Contrast {
  const midA = dateMidpoint(a);
  const midB = dateMidpoint(b);
  return {
    similarity,
    yearsApart: midA === null || midB === null ? null : Math.round(Math.abs(midA - midB)),
    crossesDepartment: differs(a.department, b.department),
    crossesCulture: differs(a.culture, b.culture),
    crossesObjectName: differs(a.objectName, b.objectName),
    crossesClassification: differs(a.classification, b.classification),
  };
}

/** The stored pair's columns as a `Contrast`, so stored and live pairs render with the same chips. */
export function contrastOfPair(pair: PairRow): Contrast {
  return {
    similarity: pair.similarity,
    yearsApart: pair.yearsApart,
    crossesDepartment: pair.crossesDepartment,
    crossesCulture: pair.crossesCulture,
    crossesObjectName: pair.crossesObjectName,
    crossesClassification: pair.crossesClassification,
  };
}

export interface Chip {
  label: string;
  kind: 'time' | 'field' | 'similarity' | 'reason';
}

/** Short labels that explain a contrast: years apart, crossed fields, then the similarity as a percentage. */
export function contrastChips(contrast: Contrast): Chip[] {
  const chips: Chip[] = [];
  if (contrast.yearsApart !== null && contrast.yearsApart > 0) {
    const years = contrast.yearsApart.toLocaleString('en-US');
    chips.push({ label: `${years} ${contrast.yearsApart === 1 ? 'year' : 'years'} apart`, kind: 'time' });
  }
  if (contrast.crossesDepartment) chips.push({ label: 'different department', kind: 'field' });
  if (contrast.crossesCulture) chips.push({ label: 'different culture', kind: 'field' });
  if (contrast.crossesObjectName) chips.push({ label: 'different object type', kind: 'field' });
  if (contrast.similarity !== null) {
    chips.push({ label: `${Math.round(contrast.similarity * 100)}% similar`, kind: 'similarity' });
  }
  return chips;
}
