import { and, asc, count, desc, eq, gte, inArray, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';

import type { Db } from '@/lib/db/client';
import { objects, pairs, type ObjectRow, type PairRow } from '@/lib/db/schema';
import { contrastOf, contrastOfPair, type Contrast } from './contrast';
import { getObjectRows, toArtwork, type Artwork } from './objects';
import type { ContrastFilters, PairQuery } from './params';

/** A pair ready to render: both artworks in stored order (`a.id < b.id`) and why they contrast. */
export interface TwinPair {
  a: Artwork;
  b: Artwork;
  contrast: Contrast;
  score: number | null;
  /** 1-based position in the curator's diversified top list; null when not in it or not stored. */
  topRank: number | null;
  mutual: boolean | null;
  stored: boolean;
}

export interface PairPage {
  pairs: TwinPair[];
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
}

const objectA = alias(objects, 'a');
const objectB = alias(objects, 'b');

function filterConditions(filters: ContrastFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.minYears > 0) conditions.push(gte(pairs.yearsApart, filters.minYears));
  if (filters.cross.includes('department')) conditions.push(eq(pairs.crossesDepartment, true));
  if (filters.cross.includes('culture')) conditions.push(eq(pairs.crossesCulture, true));
  if (filters.cross.includes('type')) conditions.push(eq(pairs.crossesObjectName, true));
  if (filters.minSimilarity > 0) conditions.push(gte(pairs.similarity, filters.minSimilarity));
  if (filters.maxSimilarity < 1) conditions.push(lte(pairs.similarity, filters.maxSimilarity));

  // A pair is included when either artwork is in an included department, and excluded when either is
  // in an excluded one.
  if (filters.departments.length > 0) {
    const included = or(inArray(objectA.department, filters.departments), inArray(objectB.department, filters.departments));
    if (included) conditions.push(included);
  }
  if (filters.excludeDepartments.length > 0) {
    conditions.push(notInArray(objectA.department, filters.excludeDepartments));
    conditions.push(notInArray(objectB.department, filters.excludeDepartments));
  }
  return conditions;
}

function orderFor(sort: PairQuery['sort']): SQL[] {
  switch (sort) {
    case 'similarity':
      return [desc(pairs.similarity), desc(pairs.score)];
    case 'years':
      // Unknown dates sort last: "years apart" cannot rank them.
      return [sql`${pairs.yearsApart} is null`, desc(pairs.yearsApart), desc(pairs.score)];
    case 'score':
      return [desc(pairs.score), desc(pairs.similarity)];
    case 'curated':
      return [sql`${pairs.topRank} is null`, asc(pairs.topRank), desc(pairs.score)];
  }
}

function toTwinPair(pair: PairRow, a: ObjectRow, b: ObjectRow): TwinPair {
  return {
    a: toArtwork(a),
    b: toArtwork(b),
    contrast: contrastOfPair(pair),
    score: pair.score,
    topRank: pair.topRank,
    mutual: pair.mutual,
    stored: true,
  };
}

const COUNT_CACHE_ENTRIES = 256;
const countsByDb = new WeakMap<Db, Map<string, number>>();

/**
 * Counts the pairs that pass the filters. Objects are joined only for department filters: at 200k
 * pairs the join makes a count take a few hundred milliseconds, and a page needs its count on every
 * request. The server's database is a finished pipeline's (as with the department list), so counts
 * are kept per filter set, the oldest forgotten first.
 */
function countPairs(db: Db, filters: ContrastFilters): number {
  let counts = countsByDb.get(db);
  if (!counts) {
    counts = new Map();
    countsByDb.set(db, counts);
  }
  const key = JSON.stringify([filters.minYears, filters.cross, filters.departments, filters.excludeDepartments, filters.minSimilarity, filters.maxSimilarity]);
  const cached = counts.get(key);
  if (cached !== undefined) return cached;

  const where = and(...filterConditions(filters));
  const byDepartment = filters.departments.length > 0 || filters.excludeDepartments.length > 0;
  const total = byDepartment
    ? db
        .select({ total: count() })
        .from(pairs)
        .innerJoin(objectA, eq(objectA.id, pairs.aId))
        .innerJoin(objectB, eq(objectB.id, pairs.bId))
        .where(where)
        .get()?.total
    : db.select({ total: count() }).from(pairs).where(where).get()?.total;

  if (counts.size >= COUNT_CACHE_ENTRIES) counts.delete(counts.keys().next().value!);
  counts.set(key, total ?? 0);
  return total ?? 0;
}

/** Builds the query of one page of pairs with both artworks; exported so tests can check its plan. */
export function pairPageQuery(db: Db, query: PairQuery) {
  return db
    .select({ pair: pairs, a: objectA, b: objectB })
    .from(pairs)
    .innerJoin(objectA, eq(objectA.id, pairs.aId))
    .innerJoin(objectB, eq(objectB.id, pairs.bId))
    .where(and(...filterConditions(query)))
    .orderBy(...orderFor(query.sort), pairs.aId, pairs.bId)
    .limit(query.perPage)
    .offset((query.page - 1) * query.perPage);
}

/**
 * Lists stored pairs that pass the filters, in the requested order, one page at a time. Each sort
 * order has a matching index (lib/db/schema.ts), so a page costs its offset plus its rows.
 */
export function listPairs(db: Db, query: PairQuery): PairPage {
  const total = countPairs(db, query);
  const rows = pairPageQuery(db, query).all();

  return {
    pairs: rows.map((row) => toTwinPair(row.pair, row.a, row.b)),
    total,
    page: query.page,
    perPage: query.perPage,
    pageCount: Math.max(1, Math.ceil(total / query.perPage)),
  };
}

/**
 * Loads the pair of two artworks, given in either order. A stored pair comes with its stored columns
 * and reasons. Any other pair of known artworks gets a contrast computed from metadata, with the
 * similarity from `similarity()`, which returns null when the index has no vector for one of them.
 * Returns undefined when either id is unknown.
 */
export function getPair(db: Db, first: number, second: number, similarity: () => number | null): TwinPair | undefined {
  const [low, high] = first < second ? [first, second] : [second, first];
  const rows = getObjectRows(db, [low, high]);
  const a = rows.get(low);
  const b = rows.get(high);
  if (!a || !b) return undefined;

  const stored = db
    .select()
    .from(pairs)
    .where(and(eq(pairs.aId, low), eq(pairs.bId, high)))
    .get();
  if (stored) return toTwinPair(stored, a, b);

  return {
    a: toArtwork(a),
    b: toArtwork(b),
    contrast: contrastOf(a, b, similarity()),
    score: null,
    topRank: null,
    mutual: null,
    stored: false,
  };
}

/** Picks one stored pair uniformly at random, or undefined when the curator stored none. */
export function randomPair(db: Db): { aId: number; bId: number } | undefined {
  return db
    .select({ aId: pairs.aId, bId: pairs.bId })
    .from(pairs)
    .orderBy(sql`random()`)
    .limit(1)
    .get();
}

/** Stored pairs that contain the artwork, best score first, so its page can link to its curated twins. */
export function pairsOf(db: Db, id: number, limit: number): { otherId: number; score: number }[] {
  const rows = db
    .select({ aId: pairs.aId, bId: pairs.bId, score: pairs.score })
    .from(pairs)
    .where(or(eq(pairs.aId, id), eq(pairs.bId, id)))
    .orderBy(desc(pairs.score))
    .limit(limit)
    .all();
  return rows.map((row) => ({ otherId: row.aId === id ? row.bId : row.aId, score: row.score }));
}
