import { sql } from 'drizzle-orm';

import type { Db } from '@/lib/db/client';
import type { ObjectRow } from '@/lib/db/schema';
import { getObjectRows, toArtwork, type Artwork } from './objects';

/** Whitespace-separated words beyond this many are ignored, which bounds the cost of one query. */
const MAX_TERMS = 8;

/**
 * Turns free text into an FTS5 query that matches every word, the last one as a prefix. Each word is
 * quoted as an FTS5 string (embedded quotes doubled), so operators, column filters and parentheses in
 * the input are searched for as text and never parsed as syntax. Returns null when no word remains.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .map((term) => term.replace(/[\u0000-\u001f]/g, ''))
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;

  const quoted = terms.map((term) => `"${term.replaceAll('"', '""')}"`);
  quoted[quoted.length - 1] += '*';
  return quoted.join(' ');
}

// BM25 weight of each FTS column, in the table's column order (drizzle/0003_fts_object_type.sql): a
// word in the title or the object type describes the artwork better than one in the medium.
const COLUMN_WEIGHTS = 'bm25(objects_fts, 4.0, 3.0, 2.0, 2.0, 3.0, 1.0, 1.0)';

/**
 * Finds artworks by title, artist, culture, accession number, object type, classification or medium,
 * best match (BM25) first. Text that is a whole number also finds the artwork with that Met id, first.
 */
export function searchArtworks(db: Db, text: string, limit: number): Artwork[] {
  const query = toFtsQuery(text);
  if (query === null) return [];

  const hits = db.all<{ id: number }>(
    sql`select rowid as id from objects_fts where objects_fts match ${query} order by ${sql.raw(COLUMN_WEIGHTS)} limit ${limit}`,
  );
  const ids = hits.map((hit) => hit.id);
  const asId = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : null;
  if (asId !== null && !ids.includes(asId)) ids.unshift(asId);

  const rows = getObjectRows(db, ids);
  return ids
    .map((id) => rows.get(id))
    .filter((row): row is ObjectRow => row !== undefined)
    .slice(0, limit)
    .map(toArtwork);
}
