import { and, asc, count, eq, ne, sql } from 'drizzle-orm';

import type { Db } from '@/lib/db/client';
import { objects, pairs, type ObjectRow } from '@/lib/db/schema';

/** Base URL of the Met image CDN; MET_IMAGE_BASE_URL overrides it (tests point it at loopback). */
export const DEFAULT_MET_IMAGE_BASE_URL = 'https://images.metmuseum.org/CRDImages/';

/** An artwork as the gallery shows it: metadata without the pipeline's bookkeeping columns. */
export interface Artwork {
  id: number;
  accessionNumber: string;
  title: string;
  artist: string;
  culture: string;
  department: string;
  classification: string;
  objectName: string;
  medium: string;
  portfolio: string;
  dateText: string;
  beginYear: number | null;
  endYear: number | null;
  metUrl: string;
  /**
   * Same-origin image URL; the thumbnail route falls back to the CDN when no local thumbnail exists.
   * Null when the fetch stage failed to get any image, so pages show a placeholder, not a broken image.
   */
  imageUrl: string | null;
  /** The fetch stage's failure reason when `imageUrl` is null. */
  imageFailure: string | null;
  width: number | null;
  height: number | null;
  embedded: boolean;
}

export function metCollectionUrl(row: Pick<ObjectRow, 'id' | 'linkResource'>): string {
  // The CSV still spells the Met's links with http://; the site redirects them to https anyway.
  if (/^https?:\/\//.test(row.linkResource)) return row.linkResource.replace(/^http:\/\/www\.metmuseum\.org\//, 'https://www.metmuseum.org/');
  return `https://www.metmuseum.org/art/collection/search/${row.id}`;
}

/** CDN URL of the web-large rendition, or null when the object has no image path. */
export function cdnImageUrl(imagePath: string | null, base = process.env.MET_IMAGE_BASE_URL): string | null {
  if (!imagePath) return null;
  const root = (base ?? DEFAULT_MET_IMAGE_BASE_URL).replace(/\/?$/, '/');
  return root + imagePath.replace('/original/', '/web-large/');
}

/** Rewrites a field in which the source joins several values with '|' (makers, classifications) as a list. */
function readableList(text: string): string {
  return text
    .split('|')
    .map((name) => name.trim())
    .filter(Boolean)
    .join(', ');
}

export function toArtwork(row: ObjectRow): Artwork {
  return {
    id: row.id,
    accessionNumber: row.accessionNumber,
    title: row.title || 'Untitled',
    artist: readableList(row.artist),
    culture: row.culture,
    department: row.department,
    classification: readableList(row.classification),
    objectName: row.objectName,
    medium: row.medium,
    portfolio: row.portfolio,
    dateText: row.dateText,
    beginYear: row.beginYear,
    endYear: row.endYear,
    metUrl: metCollectionUrl(row),
    imageUrl: row.status === 'failed' && !row.thumbPath ? null : `/api/thumbs/${row.id}`,
    imageFailure: row.status === 'failed' && !row.thumbPath ? row.failureReason : null,
    width: row.width,
    height: row.height,
    embedded: row.status === 'embedded',
  };
}

/**
 * Prepares the gallery's hot object reads, once per database handle (objectStatements), because
 * building and preparing a query on every request was a large share of a neighbours request's time.
 * Several ids are bound as one JSON array, so one statement serves any list length.
 */
function prepareStatements(db: Db) {
  return {
    byId: db.select().from(objects).where(eq(objects.id, sql.placeholder('id'))).prepare(),
    byIds: db
      .select()
      .from(objects)
      .where(sql`${objects.id} in (select value from json_each(${sql.placeholder('ids')}))`)
      .prepare(),
  };
}

const statementsByDb = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function objectStatements(db: Db): ReturnType<typeof prepareStatements> {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = prepareStatements(db);
    statementsByDb.set(db, statements);
  }
  return statements;
}

export function getObjectRow(db: Db, id: number): ObjectRow | undefined {
  return objectStatements(db).byId.get({ id });
}

export function getArtwork(db: Db, id: number): Artwork | undefined {
  const row = getObjectRow(db, id);
  return row ? toArtwork(row) : undefined;
}

/** Loads several objects at once, keyed by id; ids missing from the database are absent. */
export function getObjectRows(db: Db, ids: readonly number[]): Map<number, ObjectRow> {
  const result = new Map<number, ObjectRow>();
  for (const row of objectStatements(db).byIds.all({ ids: JSON.stringify(ids) })) result.set(row.id, row);
  return result;
}

const departmentsByDb = new WeakMap<Db, readonly string[]>();

/**
 * Lists the departments of embedded artworks, sorted: the only ones that can appear in pairs or
 * neighbours. Every filtered request validates against this list, and the query scans all embedded
 * rows, so the frozen list is cached per database handle. The server reads a finished pipeline's
 * database, as it does the index that it also caches once per process.
 */
export function listDepartments(db: Db): readonly string[] {
  const cached = departmentsByDb.get(db);
  if (cached) return cached;

  const rows = db
    .selectDistinct({ department: objects.department })
    .from(objects)
    .where(and(eq(objects.status, 'embedded'), ne(objects.department, '')))
    .orderBy(asc(objects.department))
    .all();
  const departments = Object.freeze(rows.map((row) => row.department));
  departmentsByDb.set(db, departments);
  return departments;
}

export interface CollectionStats {
  objects: number;
  fetched: number;
  failed: number;
  embedded: number;
  pairs: number;
  departments: number;
  meta: Record<string, string>;
}

/** Counts for the About page: how much of the discovered collection the index actually covers. */
export function collectionStats(db: Db): CollectionStats {
  const byStatus = db.select({ status: objects.status, total: count() }).from(objects).groupBy(objects.status).all();
  const totals = Object.fromEntries(byStatus.map((row) => [row.status, row.total])) as Record<string, number>;
  const pairTotal = db.select({ total: count() }).from(pairs).get()?.total ?? 0;
  const metaRows = db.all<{ key: string; value: string }>(sql`select key, value from meta`);
  const objectTotal = byStatus.reduce((sum, row) => sum + row.total, 0);

  return {
    objects: objectTotal,
    // Embedded objects were fetched first, so they count towards both.
    fetched: (totals.fetched ?? 0) + (totals.embedded ?? 0),
    failed: totals.failed ?? 0,
    embedded: totals.embedded ?? 0,
    pairs: pairTotal,
    departments: listDepartments(db).length,
    meta: Object.fromEntries(metaRows.map((row) => [row.key, row.value])),
  };
}

/** Relative path of the object's local thumbnail under DATA_DIR, looked up by id only. */
export function thumbnailOf(db: Db, id: number): { thumbPath: string | null; imagePath: string | null } | undefined {
  return db
    .select({ thumbPath: objects.thumbPath, imagePath: objects.imagePath })
    .from(objects)
    .where(eq(objects.id, id))
    .get();
}
