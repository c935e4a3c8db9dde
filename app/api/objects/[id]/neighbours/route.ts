import type { NextRequest } from 'next/server';

import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { badRequest, notFound, unavailable } from '@/lib/gallery/http';
import { findNeighbours } from '@/lib/gallery/neighbours';
import { getObjectRow, listDepartments } from '@/lib/gallery/objects';
import { invalidIdError, parseNeighbourQuery, parseObjectId } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

/** GET /api/objects/:id/neighbours: live nearest neighbours under the contrast filters, plus unfiltered ones. */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id: segment } = await context.params;
  const id = parseObjectId(segment);
  if (id === null) return badRequest(invalidIdError('id', segment));

  const db = galleryDb();
  const parsed = parseNeighbourQuery(request.nextUrl.searchParams, listDepartments(db));
  if (!parsed.ok) return badRequest(parsed.error);

  const row = getObjectRow(db, id);
  if (!row) return notFound(`No artwork with id ${id} in this collection.`);

  const index = galleryIndex();
  if (!index) return unavailable('The vector index has not been built; run `npm run pipeline` first.');
  return Response.json(findNeighbours(db, index, row, parsed.value));
}
