import type { ObjectRow } from '../db/schema';

/** The metadata of one artwork that curation compares; a subset of an `objects` row. */
export type CurationObject = Pick<
  ObjectRow,
  | 'id'
  | 'accessionNumber'
  | 'title'
  | 'artist'
  | 'culture'
  | 'department'
  | 'classification'
  | 'objectName'
  | 'medium'
  | 'portfolio'
  | 'beginYear'
  | 'endYear'
  | 'contentHash'
  | 'perceptualHash'
  | 'thumbPath'
>;

/** Two artworks that are among each other's global top-K neighbours; `aId < bId`. */
export interface CandidatePair {
  aId: number;
  bId: number;
  aRow: number; // FAISS row of a
  bRow: number;
  similarity: number; // cosine similarity of the stored embeddings
  rankAInB: number; // 1-based rank of a among b's neighbours (self excluded)
  rankBInA: number;
}
