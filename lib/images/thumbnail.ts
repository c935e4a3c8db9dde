import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

import type { DecodedImage } from './decode';

/** Long edge of every thumbnail, in pixels; smaller images keep their size. */
export const THUMBNAIL_EDGE = 512;
const WEBP_QUALITY = 85;

/**
 * Returns the thumbnail path of an object relative to DATA_DIR, with POSIX separators:
 * `thumbs/<id mod 1000, 3 digits>/<id>.webp`. The 1000 buckets keep folders small for 500k objects.
 */
export function thumbnailPath(objectId: number): string {
  if (!Number.isSafeInteger(objectId) || objectId < 0) {
    throw new Error(`invalid object id ${objectId}: expected a whole number of at least 0`);
  }
  return `thumbs/${String(objectId % 1000).padStart(3, '0')}/${objectId}.webp`;
}

/**
 * Encodes a WebP thumbnail (long edge at most 512 px, never enlarged) and writes it under `dataDir`.
 * The file is written to a temporary name and renamed, so a reader or a killed run never finds half a
 * file. Returns the path relative to `dataDir`.
 */
export async function writeThumbnail(dataDir: string, objectId: number, image: DecodedImage): Promise<string> {
  const relativePath = thumbnailPath(objectId);
  const target = join(dataDir, relativePath);

  const webp = await sharp(image.pixels, { raw: { width: image.pixelWidth, height: image.pixelHeight, channels: 3 } })
    .resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: WEBP_QUALITY })
    .toBuffer();

  await mkdir(dirname(target), { recursive: true });
  // NOTE: a process killed between writeFile and rename leaves its .tmp file behind; nothing reads
  // those files, and nothing removes them yet.
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, webp);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return relativePath;
}
