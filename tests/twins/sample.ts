import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CurationObject } from '../../lib/twins/types';

const CSV = join(import.meta.dirname, '..', '..', 'sample', 'MetObjects.csv');
let rows: Map<number, Record<string, string>> | null = null;

function year(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : null;
}

/** Returns the bundled sample's row for a Met object id, in the shape curation reads from the database. */
export function sampleObject(id: number): CurationObject {
  rows ??= new Map(
    (parse(readFileSync(CSV), { columns: true, bom: true }) as Record<string, string>[]).map((row) => [
      Number(row['Object ID']),
      row,
    ]),
  );
  const row = rows.get(id);
  if (!row) throw new Error(`object ${id} is not in ${CSV}`);

  let beginYear = year(row['Object Begin Date']);
  let endYear = year(row['Object End Date']);
  if (beginYear === 0 && endYear === 0) beginYear = endYear = null; // the Met's "undated"
  return {
    id,
    accessionNumber: row['Object Number'],
    title: row.Title,
    artist: row['Artist Display Name'],
    culture: row.Culture,
    department: row.Department,
    classification: row.Classification,
    objectName: row['Object Name'],
    medium: row.Medium,
    portfolio: row.Portfolio,
    beginYear,
    endYear,
    contentHash: null,
    perceptualHash: null,
    thumbPath: null,
  };
}
