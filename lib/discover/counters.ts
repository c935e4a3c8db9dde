import { childLogger } from '../log';
import type { ApiLookup } from '../met/api';
import type { ImageMap } from '../met/image-map';
import type { MetApiObject } from '../met/types';
import type { UpsertOutcome } from './upsert';

const log = childLogger('discover');

export const MALFORMED_ROW = 'malformed CSV row';

/** Malformed rows logged one by one before the rest are only counted. */
const LOGGED_MALFORMED_ROWS = 20;

/**
 * Returns the image path to keep from an API record: the original rendition, else the original derived
 * from the web-large one. Fetch turns it back into exactly that web-large path, so nothing is guessed.
 */
export function apiImagePath(record: MetApiObject): string | null {
  if (record.primaryImagePath) return record.primaryImagePath;
  const small = record.primaryImageSmallPath;
  return small && small.includes('/web-large/') ? small.replace('/web-large/', '/original/') : null;
}

/** The discover stage's counters and failures, in the shape StageResult reports. */
export class DiscoverCounters {
  rowsRead = 0;
  malformed = 0;
  notPublicDomain = 0;
  /** Rows whose `Is Public Domain` is empty; they are counted in notPublicDomain too. */
  publicDomainUnknown = 0;
  noImagePath = 0;
  apiLookups = 0;
  apiCacheHits = 0;
  apiRequests = 0;
  apiResolved = 0;
  inserted = 0;
  updated = 0;
  imageChanged = 0;
  unchanged = 0;
  imageMapRows = 0;
  imageMapInvalid = 0;
  failures: Record<string, number> = {};

  get kept(): number {
    return this.inserted + this.updated + this.imageChanged + this.unchanged;
  }

  setImageMap(map: ImageMap): void {
    this.imageMapRows = map.rows;
    this.imageMapInvalid = map.invalid;
  }

  recordMalformed(row: number, reason: string): void {
    this.malformed += 1;
    this.failures[MALFORMED_ROW] = (this.failures[MALFORMED_ROW] ?? 0) + 1;
    if (this.malformed <= LOGGED_MALFORMED_ROWS) log.warn({ row, reason }, 'skipping a malformed CSV row');
    else if (this.malformed === LOGGED_MALFORMED_ROWS + 1) log.warn('more malformed CSV rows: counting them without logging each');
  }

  recordNotPublicDomain(publicDomain: boolean | null): void {
    this.notPublicDomain += 1;
    if (publicDomain === null) this.publicDomainUnknown += 1;
  }

  recordLookup(lookup: ApiLookup): void {
    this.apiLookups += 1;
    if (lookup.kind !== 'failed' && lookup.cached) this.apiCacheHits += 1;
    if (lookup.kind === 'failed') this.failures[lookup.reason] = (this.failures[lookup.reason] ?? 0) + 1;
  }

  recordUpsert(outcome: UpsertOutcome): void {
    if (outcome === 'inserted') this.inserted += 1;
    else if (outcome === 'updated') this.updated += 1;
    else if (outcome === 'image-changed') this.imageChanged += 1;
    else this.unchanged += 1;
  }

  counts(): Record<string, number> {
    return {
      rowsRead: this.rowsRead,
      malformed: this.malformed,
      notPublicDomain: this.notPublicDomain,
      // Printed as a part of the line above it: these rows are in notPublicDomain too.
      ofThemPublicDomainFlagEmpty: this.publicDomainUnknown,
      noImagePath: this.noImagePath,
      imageMapRows: this.imageMapRows,
      imageMapInvalid: this.imageMapInvalid,
      apiLookups: this.apiLookups,
      apiCacheHits: this.apiCacheHits,
      apiRequests: this.apiRequests,
      apiResolved: this.apiResolved,
      kept: this.kept,
      upserted: this.inserted + this.updated + this.imageChanged,
      inserted: this.inserted,
      updated: this.updated,
      imageChanged: this.imageChanged,
      unchanged: this.unchanged,
    };
  }

  /** Logs rows read and rows per second every `everyMs`; the CSV's row count is unknown until the end. */
  startProgressLog(everyMs: number): { tick(): void; stop(): void } {
    const startedAt = Date.now();
    let lastLogAt = startedAt;
    return {
      tick: () => {
        const now = Date.now();
        if (now - lastLogAt < everyMs) return;
        lastLogAt = now;
        const rowsPerSecond = Math.round(this.rowsRead / ((now - startedAt) / 1000));
        log.info({ rowsRead: this.rowsRead, rowsPerSecond, kept: this.kept, apiLookups: this.apiLookups }, 'discover progress');
      },
      stop: () => {
        const seconds = (Date.now() - startedAt) / 1000;
        log.info({ rowsRead: this.rowsRead, rowsPerSecond: Math.round(this.rowsRead / Math.max(seconds, 0.001)) }, 'CSV read');
      },
    };
  }
}
