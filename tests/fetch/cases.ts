import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';

import { openDatabase } from '@/lib/db/client';
import { objects, type ObjectRow } from '@/lib/db/schema';
import { webLargePath } from '@/lib/met/cdn';
import { dataPaths } from '@/lib/paths';
import { insertPendingObjects, sampleImages, type SampleImage } from './seed';

/**
 * Retry settings that keep fault tests to a few seconds: 4 attempts of at most 1.5 s. The timeout
 * leaves room for a loaded machine, where a loopback response can take several hundred ms.
 */
export const TEST_HTTP = { baseDelayMs: 5, maxDelayMs: 1_500, timeoutMs: 1_500, maxAttempts: 4, requestsPerSecondPerHost: 500 };

/** Returns the web-large file of a sample image on disk, or undefined when the sample lacks it (a CDN 404). */
export function sampleFile(image: SampleImage): string | undefined {
  const file = join('sample/CRDImages', webLargePath(image.imagePath));
  return existsSync(file) ? file : undefined;
}

/** Returns the request path of a sample image's web-large rendition on the loopback server. */
export function cdnPath(image: SampleImage): string {
  return `/CRDImages/${webLargePath(image.imagePath)}`;
}

/** Picks `present` sample images that exist on disk and `missing` ones that do not, lowest ids first. */
export function pickSampleImages(present: number, missing: number): { present: SampleImage[]; missing: SampleImage[] } {
  const all = sampleImages();
  return {
    present: all.filter((image) => sampleFile(image)).slice(0, present),
    missing: all.filter((image) => !sampleFile(image)).slice(0, missing),
  };
}

/** Creates a temporary DATA_DIR whose database contains `images` as pending objects. */
export function seededDataDir(images: readonly SampleImage[]): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'fetch-stage-'));
  insertPendingObjects(dataDir, images);
  return dataDir;
}

export function readObjects(dataDir: string): ObjectRow[] {
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    return db.select().from(objects).orderBy(asc(objects.id)).all();
  } finally {
    db.$client.close();
  }
}

export function idsWithStatus(rows: readonly ObjectRow[], status: ObjectRow['status']): number[] {
  return rows.filter((row) => row.status === status).map((row) => row.id);
}

/** Builds 2,000 bytes that start with a real JPEG header and continue with zeros. */
export function corruptJpeg(): Buffer {
  const bytes = Buffer.alloc(2_000);
  Buffer.from(readFileSync('sample/CRDImages/ad/web-large/117995.jpg').subarray(0, 20)).copy(bytes);
  return bytes;
}
