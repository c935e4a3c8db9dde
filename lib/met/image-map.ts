import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import { childLogger } from '../log';

const log = childLogger('met-image-map');

/** Invalid rows logged one by one before the rest are only counted. */
const LOGGED_INVALID_ROWS = 5;

export interface ImageMap {
  /** Object ID → CDN path of the `original` rendition, relative to CRDImages, spelled as in the source. */
  paths: Map<number, string>;
  /** Data rows read, the header excluded. */
  rows: number;
  /** Rows skipped for an invalid id or an empty path. */
  invalid: number;
  /** Rows whose id was already mapped; the first path is kept. */
  duplicates: number;
}

/**
 * Splits one `id,urlpath` line. The community map quotes a path that contains a comma
 * ("aa/original/sfrl42.50.35a,%20b_127370.jpg"); an unquoted one is read the same way, because
 * everything after the first comma is the path.
 */
function splitLine(line: string): { id: string; path: string } {
  const comma = line.indexOf(',');
  if (comma < 0) return { id: line.trim(), path: '' };

  let path = line.slice(comma + 1).trim();
  if (path.length >= 2 && path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1).replaceAll('""', '"');
  return { id: line.slice(0, comma).trim(), path };
}

/**
 * Loads the object-to-image map (`id,urlpath`, one row per object) line by line. Rows with an invalid
 * id or an empty path are counted and skipped. A header other than `id,urlpath` throws, because it
 * means the source is not the map at all.
 */
export async function loadImageMap(input: Readable, options: { source?: string } = {}): Promise<ImageMap> {
  const source = options.source ?? 'image map';
  const result: ImageMap = { paths: new Map(), rows: 0, invalid: 0, duplicates: 0 };
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string | undefined;

  try {
    for await (const rawLine of lines) {
      const line = rawLine.replace(/^\uFEFF/, '');
      if (header === undefined) {
        header = line.trim();
        if (header.replaceAll('"', '').toLowerCase() !== 'id,urlpath') {
          throw new Error(`${source} has the header "${header.slice(0, 200)}": expected "id,urlpath"; check the image map URL or path`);
        }
        continue;
      }
      if (line.trim() === '') continue;

      result.rows += 1;
      const { id: idText, path } = splitLine(line);
      const id = Number(idText);
      if (!/^\d+$/.test(idText) || !Number.isSafeInteger(id) || id < 1 || path === '') {
        result.invalid += 1;
        if (result.invalid <= LOGGED_INVALID_ROWS) {
          log.warn({ source, row: result.rows, line: line.slice(0, 200) }, 'skipping image map row: expected a positive id and a path');
        }
        continue;
      }

      if (result.paths.has(id)) result.duplicates += 1;
      else result.paths.set(id, path);
    }
  } finally {
    lines.close();
    input.destroy();
  }

  if (header === undefined) throw new Error(`${source} is empty: expected a header "id,urlpath" and one row per object`);
  if (result.invalid > LOGGED_INVALID_ROWS) log.warn({ source, invalid: result.invalid }, 'skipped invalid image map rows');
  return result;
}
