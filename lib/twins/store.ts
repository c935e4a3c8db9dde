/** Replaces the curated `pairs` and `outliers` tables in one transaction, so readers never see half a run. */
import type { Db } from '../db/client';
import { objects, outliers, pairs } from '../db/schema';
import type { Outlier } from './outliers';
import type { CurationObject } from './types';

export type NewPair = typeof pairs.$inferInsert;

// 500 rows × 16 columns stays far below SQLite's limit of 32,766 bound parameters per statement.
const INSERT_ROWS = 500;

export function replaceCuration(db: Db, pairRows: readonly NewPair[], outlierRows: readonly Outlier[]): void {
  db.transaction((tx) => {
    tx.delete(pairs).run();
    tx.delete(outliers).run();
    for (let start = 0; start < pairRows.length; start += INSERT_ROWS) {
      tx.insert(pairs).values(pairRows.slice(start, start + INSERT_ROWS)).run();
    }
    for (let start = 0; start < outlierRows.length; start += INSERT_ROWS) {
      tx.insert(outliers).values(outlierRows.slice(start, start + INSERT_ROWS)).run();
    }
  });
}

/** Loads the metadata curation compares for every object in the database, keyed by id. */
export function loadCurationObjects(db: Db): Map<number, CurationObject> {
  const rows = db
    .select({
      id: objects.id,
      accessionNumber: objects.accessionNumber,
      title: objects.title,
      artist: objects.artist,
      culture: objects.culture,
      department: objects.department,
      classification: objects.classification,
      objectName: objects.objectName,
      medium: objects.medium,
      portfolio: objects.portfolio,
      beginYear: objects.beginYear,
      endYear: objects.endYear,
      contentHash: objects.contentHash,
      perceptualHash: objects.perceptualHash,
      thumbPath: objects.thumbPath,
    })
    .from(objects)
    .all();
  return new Map(rows.map((row) => [row.id, row]));
}
