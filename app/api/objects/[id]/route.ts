import { galleryDb } from '@/lib/gallery/data';
import { badRequest, notFound } from '@/lib/gallery/http';
import { getArtwork } from '@/lib/gallery/objects';
import { pairsOf } from '@/lib/gallery/pairs';
import { invalidIdError, parseObjectId } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

/** Curated twins listed with an artwork; the rest are reachable through /api/pairs. */
const TWINS_LISTED = 20;

/** GET /api/objects/:id: one artwork's metadata and the curated pairs it belongs to. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id: segment } = await context.params;
  const id = parseObjectId(segment);
  if (id === null) return badRequest(invalidIdError('id', segment));

  const db = galleryDb();
  const artwork = getArtwork(db, id);
  if (!artwork) return notFound(`No artwork with id ${id} in this collection.`);
  return Response.json({ artwork, twins: pairsOf(db, id, TWINS_LISTED) });
}
