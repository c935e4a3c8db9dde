/** Reads the stored top list of twins with the metadata a report shows. */
import { asc, inArray, isNotNull } from 'drizzle-orm';

import type { Db } from '../db/client';
import { objects, pairs } from '../db/schema';
import { diversityFigures, type DiversityFigures } from './diversity';

export interface TopPairSide {
  id: number;
  title: string;
  culture: string;
  department: string;
  dateText: string;
  thumbPath: string | null;
}

export interface TopPair {
  topRank: number;
  score: number;
  similarity: number;
  cluster: number | null;
  reasons: string[];
  a: TopPairSide;
  b: TopPairSide;
}

/** Returns the first `limit` pairs of the top list, best first. */
export function readTopPairs(db: Db, limit: number): TopPair[] {
  const rows = db
    .select({
      aId: pairs.aId,
      bId: pairs.bId,
      topRank: pairs.topRank,
      score: pairs.score,
      similarity: pairs.similarity,
      cluster: pairs.cluster,
      reasons: pairs.reasons,
    })
    .from(pairs)
    .where(isNotNull(pairs.topRank))
    .orderBy(asc(pairs.topRank))
    .limit(limit)
    .all();

  const ids = [...new Set(rows.flatMap((row) => [row.aId, row.bId]))];
  const sides = db
    .select({
      id: objects.id,
      title: objects.title,
      culture: objects.culture,
      department: objects.department,
      dateText: objects.dateText,
      thumbPath: objects.thumbPath,
    })
    .from(objects)
    .where(inArray(objects.id, ids))
    .all();
  const byId = new Map(sides.map((side) => [side.id, side]));

  return rows.map(({ aId, bId, topRank, ...row }) => ({ ...row, topRank: topRank!, a: byId.get(aId)!, b: byId.get(bId)! }));
}

/**
 * Measures the first `window` pairs of the top list. Every boundary a pair crosses (a date gap of at
 * least the curate stage's far-years counts as one) has exactly one reason, so reasons count boundaries.
 */
export function topListFigures(top: readonly TopPair[], window = 30): DiversityFigures {
  return diversityFigures(
    top.map((pair) => ({ aId: pair.a.id, bId: pair.b.id, cluster: pair.cluster, boundaryCount: pair.reasons.length })),
    window,
  );
}
