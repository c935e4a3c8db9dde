import { readFile } from 'node:fs/promises';

import { galleryDb, galleryPaths } from '@/lib/gallery/data';
import { badRequest, notFound } from '@/lib/gallery/http';
import { thumbnailSource } from '@/lib/gallery/images';
import { invalidIdError, parseObjectId } from '@/lib/gallery/params';
import { childLogger } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** A thumbnail never changes for a given id (the fetch stage rewrites it only with the same source). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const log = childLogger('gallery');

/** GET /api/thumbs/:id: the local WebP thumbnail, or a redirect to the Met CDN when there is none. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id: segment } = await context.params;
  const id = parseObjectId(segment);
  if (id === null) return badRequest(invalidIdError('id', segment));

  const source = thumbnailSource(galleryDb(), galleryPaths().root, id);
  if (!source || source.kind === 'none') return notFound(`No image for artwork ${id}.`);
  if (source.kind === 'remote') {
    return new Response(null, { status: 302, headers: { Location: source.url, 'Cache-Control': 'public, max-age=86400' } });
  }

  try {
    const body = await readFile(source.path);
    return new Response(new Uint8Array(body), { headers: { 'Content-Type': 'image/webp', 'Cache-Control': IMMUTABLE } });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    log.warn({ objectId: id, path: source.path }, 'thumbnail file missing');
    return notFound(`The thumbnail of artwork ${id} is missing from the data directory; rerun the fetch stage.`);
  }
}
