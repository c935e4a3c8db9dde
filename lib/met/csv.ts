import { parse, type CsvError } from 'csv-parse';
import type { Readable } from 'node:stream';

import { childLogger } from '../log';
import { normalizeObject } from './normalize';
import type { MetObject, RawObjectFields } from './types';

const log = childLogger('met-csv');

/** The MetObjects.csv columns the pipeline reads, by our field name. */
export const REQUIRED_COLUMNS: Readonly<Record<keyof RawObjectFields, string>> = {
  objectId: 'Object ID',
  isPublicDomain: 'Is Public Domain',
  accessionNumber: 'Object Number',
  title: 'Title',
  artist: 'Artist Display Name',
  culture: 'Culture',
  department: 'Department',
  classification: 'Classification',
  objectName: 'Object Name',
  medium: 'Medium',
  portfolio: 'Portfolio',
  dateText: 'Object Date',
  beginYear: 'Object Begin Date',
  endYear: 'Object End Date',
  linkResource: 'Link Resource',
};

/** Every column of MetObjects.csv as published in 2024 (54); others are logged once and ignored. */
export const KNOWN_COLUMNS: readonly string[] = [
  'Object Number', 'Is Highlight', 'Is Timeline Work', 'Is Public Domain', 'Object ID', 'Gallery Number',
  'Department', 'AccessionYear', 'Object Name', 'Title', 'Culture', 'Period', 'Dynasty', 'Reign', 'Portfolio',
  'Constituent ID', 'Artist Role', 'Artist Prefix', 'Artist Display Name', 'Artist Display Bio', 'Artist Suffix',
  'Artist Alpha Sort', 'Artist Nationality', 'Artist Begin Date', 'Artist End Date', 'Artist Gender',
  'Artist ULAN URL', 'Artist Wikidata URL', 'Object Date', 'Object Begin Date', 'Object End Date', 'Medium',
  'Dimensions', 'Credit Line', 'Geography Type', 'City', 'State', 'County', 'Country', 'Region', 'Subregion',
  'Locale', 'Locus', 'Excavation', 'River', 'Classification', 'Rights and Reproduction', 'Link Resource',
  'Object Wikidata URL', 'Metadata Date', 'Repository', 'Tags', 'Tags AAT URL', 'Tags Wikidata URL',
];

/**
 * One data row of the CSV: a normalised object or the reason the row was rejected. `row` counts records
 * from 1 after the header, rejected ones included; a record spans several lines when a quoted field
 * contains newlines. Errors from csv-parse name the line where the parser noticed the problem.
 */
export type CsvItem =
  | { kind: 'object'; row: number; object: MetObject }
  | { kind: 'error'; row: number; reason: string };

type QueueEntry = { record: string[] } | { error: CsvError };

/** A header without every required column; the message lists each missing column and the columns found. */
export class CsvHeaderError extends Error {
  constructor(
    readonly source: string,
    readonly missing: string[],
    readonly found: string[],
  ) {
    const quote = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
    super(
      `${source} is missing required columns ${quote(missing)}; found ${found.length} columns: ${quote(found)}. ` +
        'Check that the source is the Met Open Access MetObjects.csv.',
    );
    this.name = 'CsvHeaderError';
  }
}

/** Maps each required field to its index in the header, or throws CsvHeaderError listing every missing column. */
function indexHeader(header: string[], source: string): Record<keyof RawObjectFields, number> {
  const names = header.map((name) => name.trim());
  const missing = Object.values(REQUIRED_COLUMNS).filter((column) => !names.includes(column));
  if (missing.length > 0) throw new CsvHeaderError(source, missing, names);

  const unknown = names.filter((name) => !KNOWN_COLUMNS.includes(name));
  if (unknown.length > 0) log.info({ source, columns: unknown }, `ignoring ${unknown.length} unknown columns`);

  const entries = Object.entries(REQUIRED_COLUMNS).map(([field, column]) => [field, names.indexOf(column)]);
  return Object.fromEntries(entries) as Record<keyof RawObjectFields, number>;
}

/**
 * Streams MetObjects.csv as normalised objects and per-row errors. A malformed row (wrong field count,
 * a bad quote, an invalid Object ID) becomes an error item and parsing goes on. Only a header without
 * the required columns stops it, with CsvHeaderError. An unterminated quote swallows the lines up to
 * the next quote character, as in any CSV reader, and all of them are reported as one error.
 */
export async function* readMetObjects(input: Readable, options: { source?: string } = {}): AsyncGenerator<CsvItem> {
  const source = options.source ?? 'MetObjects.csv';
  // csv-parse calls these callbacks in file order, so the queue keeps records and skipped records in
  // order. Reading the parser's output only paces the queue, because 'skip' events overtake buffered records.
  const queue: QueueEntry[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Sample rows are under 2 KB; the 1 MiB cap stops a stray quote from buffering the rest of a 300 MB file.
    max_record_size: 1024 * 1024,
    on_record: (record: string[]) => {
      queue.push({ record });
      return record;
    },
  });
  parser.on('skip', (error: CsvError) => queue.push({ error }));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let header: Record<keyof RawObjectFields, number> | undefined;
  let width = 0;
  let row = 0;

  const toItem = (entry: QueueEntry): CsvItem | undefined => {
    if ('error' in entry) return { kind: 'error', row: ++row, reason: `malformed CSV: ${entry.error.message}` };

    const { record } = entry;
    if (!header) {
      header = indexHeader(record, source);
      width = record.length;
      return undefined;
    }

    row += 1;
    if (record.length !== width) return { kind: 'error', row, reason: `expected ${width} fields, found ${record.length}` };

    const fields = Object.fromEntries(
      Object.entries(header).map(([field, index]) => [field, record[index]]),
    ) as unknown as RawObjectFields;
    const result = normalizeObject(fields);
    return result.ok ? { kind: 'object', row, object: result.object } : { kind: 'error', row, reason: result.reason };
  };

  try {
    for await (const _record of parser) {
      // Drain the queue through this record; records skipped before it were queued ahead of it.
      while (queue.length > 0) {
        const entry = queue.shift()!;
        const item = toItem(entry);
        if (item) yield item;
        if ('record' in entry) break;
      }
    }
    for (const entry of queue.splice(0)) {
      const item = toItem(entry);
      if (item) yield item;
    }
  } finally {
    // A consumer that stops early (--limit) must not leave a download or file handle open.
    input.unpipe(parser);
    input.destroy();
  }

  if (!header) throw new Error(`${source} is empty: expected a header row with the columns of MetObjects.csv`);
}
