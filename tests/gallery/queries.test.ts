import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Db } from '@/lib/db/client';
import { findNeighbours, similarityOf } from '@/lib/gallery/neighbours';
import { collectionStats, getArtwork, getObjectRow, listDepartments } from '@/lib/gallery/objects';
import { getPair, listPairs, pairPageQuery } from '@/lib/gallery/pairs';
import { DEFAULT_FILTERS, SORT_KEYS, type PairQuery } from '@/lib/gallery/params';
import { searchArtworks, toFtsQuery } from '@/lib/gallery/search';
import { loadVectorIndex, type VectorIndex } from '@/lib/index/loader';
import { dataPaths } from '@/lib/paths';
import { seedGallery, type SeedResult } from './seed';

let dataDir: string;
let seed: SeedResult;
let db: Db;
let index: VectorIndex;

const BASE: PairQuery = { ...DEFAULT_FILTERS, sort: 'score', page: 1, perPage: 500 };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gallery-queries-'));
  seed = await seedGallery(dataDir, 160);
  db = openDatabase(dataPaths(dataDir).database, { readonly: true });
  index = loadVectorIndex(dataDir);
});

afterAll(() => {
  db?.$client.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('listPairs', () => {
  it('sorts by score', () => {
    const scores = listPairs(db, BASE).pairs.map((pair) => pair.score ?? 0);
    expect(scores.length).toBe(seed.pairCount);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('sorts the curated list first', () => {
    const ranks = listPairs(db, { ...BASE, sort: 'curated' }).pairs.map((pair) => pair.topRank);
    expect(ranks.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(ranks[20]).toBeNull();
  });

  it('sorts by years apart with unknown dates last', () => {
    const years = listPairs(db, { ...BASE, sort: 'years' }).pairs.map((pair) => pair.contrast.yearsApart);
    const known = years.filter((value): value is number => value !== null);
    expect(years.slice(0, known.length)).toEqual([...known].sort((x, y) => y - x));
  });

  it('filters by minimum years apart', () => {
    const result = listPairs(db, { ...BASE, minYears: 200 });
    expect(result.total).toBeGreaterThan(0);
    for (const pair of result.pairs) expect(pair.contrast.yearsApart).toBeGreaterThanOrEqual(200);
  });

  it('requires crossing fields', () => {
    const result = listPairs(db, { ...BASE, cross: ['department', 'type'] });
    expect(result.total).toBeGreaterThan(0);
    for (const pair of result.pairs) {
      expect(pair.a.department).not.toBe(pair.b.department);
      expect(pair.contrast.crossesObjectName).toBe(true);
    }
  });

  it('excludes departments on both sides', () => {
    const result = listPairs(db, { ...BASE, excludeDepartments: ['European Paintings'] });
    for (const pair of result.pairs) {
      expect(pair.a.department).not.toBe('European Paintings');
      expect(pair.b.department).not.toBe('European Paintings');
    }
  });

  it('includes pairs with either side in a department', () => {
    const result = listPairs(db, { ...BASE, departments: ['The American Wing'] });
    expect(result.total).toBeGreaterThan(0);
    for (const pair of result.pairs) expect([pair.a.department, pair.b.department]).toContain('The American Wing');
  });

  it('filters by similarity range', () => {
    const result = listPairs(db, { ...BASE, minSimilarity: 0.8, maxSimilarity: 0.9 });
    for (const pair of result.pairs) {
      expect(pair.contrast.similarity).toBeGreaterThanOrEqual(0.8);
      expect(pair.contrast.similarity).toBeLessThanOrEqual(0.9);
    }
  });

  it('pages without overlap', () => {
    const first = listPairs(db, { ...BASE, perPage: 5, page: 1 });
    const second = listPairs(db, { ...BASE, perPage: 5, page: 2 });
    const key = (pair: { a: { id: number }; b: { id: number } }) => `${pair.a.id}-${pair.b.id}`;
    expect(first.pageCount).toBe(Math.ceil(seed.pairCount / 5));
    expect(second.pairs.map(key).filter((k) => first.pairs.map(key).includes(k))).toEqual([]);
  });

  it('counts what it lists, with any filter', () => {
    for (const filters of [{}, { minYears: 200 }, { departments: ['The American Wing'] }, { excludeDepartments: ['European Paintings'] }]) {
      const result = listPairs(db, { ...BASE, ...filters });
      expect(result.total).toBe(result.pairs.length);
    }
  });

  it.each(SORT_KEYS)('reads a %s page by its index', (sort) => {
    const { sql, params } = pairPageQuery(db, { ...BASE, sort, cross: ['culture'] }).toSQL();
    const plan = db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
    const details = plan.map((step) => step.detail).join('\n');
    expect(details).toMatch(new RegExp(`SCAN pairs USING (COVERING )?INDEX pairs_${sort}_order_idx`));
    expect(details).not.toContain('TEMP B-TREE');
  });
});

describe('getPair', () => {
  it('returns a stored pair in either order', () => {
    const stored = listPairs(db, { ...BASE, perPage: 1 }).pairs[0];
    const reversed = getPair(db, stored.b.id, stored.a.id, () => null);
    expect(reversed?.stored).toBe(true);
    expect(reversed?.a.id).toBe(stored.a.id);
  });

  it('computes an unstored pair', () => {
    const [first, second] = seed.embeddedIds;
    const stored = listPairs(db, BASE).pairs.some((pair) => pair.a.id === first && pair.b.id === second);
    const pair = getPair(db, second, first, () => similarityOf(index, first, second));
    expect(stored).toBe(false);
    expect(pair?.stored).toBe(false);
    expect(pair?.contrast.similarity).toBeCloseTo(similarityOf(index, first, second) ?? Number.NaN, 6);
  });

  it('returns undefined for an unknown id', () => {
    expect(getPair(db, seed.embeddedIds[0], 999_999_999, () => null)).toBeUndefined();
  });
});

describe('findNeighbours', () => {
  it('ranks by similarity', () => {
    const target = getObjectRow(db, seed.embeddedIds[0])!;
    const result = findNeighbours(db, index, target, { ...DEFAULT_FILTERS, k: 10 });
    const sims = result.neighbours.map((neighbour) => neighbour.contrast.similarity ?? 0);
    expect(result.neighbours.length).toBe(10);
    expect(sims).toEqual([...sims].sort((x, y) => y - x));
    expect(result.neighbours.map((neighbour) => neighbour.artwork.id)).not.toContain(target.id);
  });

  it('keeps only boundary-crossing neighbours', () => {
    const target = getObjectRow(db, seed.embeddedIds[0])!;
    const result = findNeighbours(db, index, target, { ...DEFAULT_FILTERS, k: 20 });
    for (const neighbour of result.neighbours) expect(neighbour.contrast.reasons.length).toBeGreaterThan(0);
    expect(result.plain.length).toBe(8);
  });

  it('applies filters to the whole index', () => {
    const target = getObjectRow(db, seed.embeddedIds[0])!;
    const result = findNeighbours(db, index, target, { ...DEFAULT_FILTERS, cross: ['department'], minYears: 100, k: 5 });
    expect(result.searched).toBe(index.size);
    for (const neighbour of result.neighbours) {
      expect(neighbour.artwork.department).not.toBe(target.department);
      expect(neighbour.contrast.yearsApart).toBeGreaterThanOrEqual(100);
    }
  });

  it('reports fewer than requested', () => {
    const target = getObjectRow(db, seed.embeddedIds[0])!;
    const result = findNeighbours(db, index, target, { ...DEFAULT_FILTERS, minYears: 9000, k: 5 });
    expect(result.neighbours).toEqual([]);
    expect(result.requested).toBe(5);
  });

  it('marks unindexed artworks', () => {
    const failed = db.$client.prepare("select id from objects where status = 'failed' limit 1").get() as { id: number };
    const result = findNeighbours(db, index, getObjectRow(db, failed.id)!, { ...DEFAULT_FILTERS, k: 5 });
    expect(result.indexed).toBe(false);
  });
});

describe('searchArtworks', () => {
  it('finds by title word prefix', () => {
    const artwork = getArtwork(db, seed.embeddedIds[0])!;
    const word = artwork.title.split(/\s+/).find((part) => /^[A-Za-z]{4,}$/.test(part))!;
    const hits = searchArtworks(db, word.slice(0, 4), 50).map((hit) => hit.id);
    expect(hits).toContain(artwork.id);
  });

  it('finds by accession number', () => {
    const artwork = getArtwork(db, seed.embeddedIds[1])!;
    expect(searchArtworks(db, artwork.accessionNumber, 5).map((hit) => hit.id)).toContain(artwork.id);
  });

  it('finds by object type not in the title', () => {
    const artwork = seed.embeddedIds
      .map((id) => getArtwork(db, id)!)
      .find((candidate) => /^[A-Za-z]{4,}$/.test(candidate.objectName) && !candidate.title.toLowerCase().includes(candidate.objectName.toLowerCase()))!;
    expect(artwork).toBeDefined();
    expect(searchArtworks(db, artwork.objectName, 500).map((hit) => hit.id)).toContain(artwork.id);
  });

  it('finds by Met id first', () => {
    const id = seed.embeddedIds[2];
    expect(searchArtworks(db, ` ${id} `, 5)[0].id).toBe(id);
  });

  it('ignores an unknown id', () => {
    expect(searchArtworks(db, '999999999', 5)).toEqual([]);
  });

  it.each(['title: OR ("NEAR" AND -*', 'NEAR(a b)', '{title}:x', 'a"b', '^vase', 'ǃ', '\u200b', 'AND OR NOT', '🙂'])(
    'treats %s as text',
    (text) => {
      expect(() => searchArtworks(db, text, 5)).not.toThrow();
    },
  );

  it('quotes each term', () => {
    expect(toFtsQuery('say "hi" NEAR')).toBe('"say" """hi""" "NEAR"*');
  });

  it('ignores punctuation-only input', () => {
    expect(toFtsQuery(' ( * ) ')).toBeNull();
  });
});

describe('collection queries', () => {
  it('lists embedded departments', () => {
    const departments = listDepartments(db);
    expect(departments.length).toBeGreaterThan(1);
    expect(departments).toEqual([...departments].sort());
  });

  it('counts statuses', () => {
    const stats = collectionStats(db);
    expect(stats.objects).toBe(seed.objectCount);
    expect(stats.embedded).toBe(seed.embeddedIds.length);
    expect(stats.pairs).toBe(seed.pairCount);
  });
});
