/**
 * A seeded synthetic Met collection at full scale, for benchmarks and memory checks without images:
 * a MetObjects.csv and an `id,urlpath` image map that the discover stage reads unchanged. The
 * matching embedding shards come from lib/synthetic/vectors.ts.
 *
 * Metadata rows are copies of the bundled sample's public-domain rows with new ids, so departments,
 * cultures, dates, classifications and media keep the real sample's joint distribution.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';

import { seededRandom } from '../random';

export interface SampleRows {
  header: string[];
  rows: string[][];
}

/** Reads the public-domain rows of a MetObjects.csv (about 660 in the bundled sample). */
export function readSampleRows(csvPath: string): SampleRows {
  const records = parse(readFileSync(csvPath), { bom: true, relax_column_count: true }) as string[][];
  const [header, ...rows] = records;
  const publicDomain = header.indexOf('Is Public Domain');
  if (publicDomain < 0) throw new Error(`${csvPath} has no "Is Public Domain" column: expected the Met's MetObjects.csv`);
  return { header, rows: rows.filter((row) => row[publicDomain] === 'True') };
}

function quoteCsv(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface CollectionFiles {
  csvPath: string;
  imageMapPath: string;
  ids: number[];
}

/**
 * Writes `count` objects to `<folder>/MetObjects.csv` and `<folder>/met-openaccess-images.csv`. Ids
 * start at 1,000,000 so they never collide with a real object in the sample. Each row copies a
 * random sample row (seeded) and gets a new id, accession number and title suffix.
 */
export async function writeCollection(folder: string, count: number, sample: SampleRows, seed: number): Promise<CollectionFiles> {
  mkdirSync(folder, { recursive: true });
  const csvPath = join(folder, 'MetObjects.csv');
  const imageMapPath = join(folder, 'met-openaccess-images.csv');
  const column = (name: string) => sample.header.indexOf(name);
  const idColumn = column('Object ID');
  const numberColumn = column('Object Number');
  const titleColumn = column('Title');
  const departmentColumn = column('Department');
  const random = seededRandom(seed);

  const csv = createWriteStream(csvPath);
  const map = createWriteStream(imageMapPath);
  csv.write(`${sample.header.map(quoteCsv).join(',')}\n`);
  map.write('id,urlpath\n');

  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = 1_000_000 + i;
    const row = [...sample.rows[Math.floor(random() * sample.rows.length)]];
    row[idColumn] = String(id);
    row[numberColumn] = `${row[numberColumn]}.g${i}`;
    row[titleColumn] = `${row[titleColumn]} (${i % 97})`;
    const folderCode = (row[departmentColumn] || 'xx').slice(0, 2).toLowerCase().replace(/[^a-z]/g, 'x');
    ids.push(id);

    // Respect backpressure so memory stays flat however many rows are written.
    if (!csv.write(`${row.map(quoteCsv).join(',')}\n`)) await once(csv, 'drain');
    if (!map.write(`${id},${folderCode}/original/synthetic_${id}.jpg\n`)) await once(map, 'drain');
  }

  csv.end();
  map.end();
  await Promise.all([once(csv, 'finish'), once(map, 'finish')]);
  return { csvPath, imageMapPath, ids };
}
