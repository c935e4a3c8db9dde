import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import sharp from 'sharp';

import type { Db } from '@/lib/db/client';
import { cdnImageUrl, thumbnailOf } from './objects';

export type ThumbnailSource =
  | { kind: 'file'; path: string }
  | { kind: 'remote'; url: string }
  | { kind: 'none' };

/**
 * Resolves where the object's image comes from. The path is read from the database by numeric id,
 * never from the request, and must stay inside the data directory.
 */
export function thumbnailSource(db: Db, dataRoot: string, id: number): ThumbnailSource | undefined {
  const row = thumbnailOf(db, id);
  if (!row) return undefined;

  if (row.thumbPath) {
    const path = resolve(dataRoot, row.thumbPath);
    const inside = relative(dataRoot, path);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new Error(`Thumbnail path ${JSON.stringify(row.thumbPath)} of object ${id} points outside ${dataRoot}.`);
    }
    return { kind: 'file', path };
  }

  const url = cdnImageUrl(row.imagePath);
  return url ? { kind: 'remote', url } : { kind: 'none' };
}

/**
 * Reads the local thumbnail as a PNG data URL for share images (the renderer behind next/og decodes
 * PNG and JPEG but not WebP). Returns null when the object has no readable local thumbnail.
 */
export async function thumbnailDataUrl(db: Db, dataRoot: string, id: number, maxEdge: number): Promise<string | null> {
  const source = thumbnailSource(db, dataRoot, id);
  if (source?.kind !== 'file') return null;

  try {
    const png = await sharp(await readFile(source.path))
      .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: false })
      .png()
      .toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
