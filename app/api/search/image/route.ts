import type { NextRequest } from 'next/server';

import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { badRequest, unavailable } from '@/lib/gallery/http';
import { listDepartments } from '@/lib/gallery/objects';
import { parseNeighbourQuery } from '@/lib/gallery/params';
import { embedImage } from '@/lib/search/embedding';
import { checkRateLimit, searchErrorResponse } from '@/lib/search/http';
import { nearestToImage } from '@/lib/search/nearest';
import { checkUpload, MAX_UPLOAD_PIXELS, readImageField } from '@/lib/search/upload';

export const dynamic = 'force-dynamic';

/**
 * POST /api/search/image (multipart/form-data, field `image`; the artwork page's filters in the query
 * string): the artworks nearest the uploaded picture. The upload is held in memory for this request only.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const limited = checkRateLimit(request);
  if (limited) return limited;

  const db = galleryDb();
  const parsed = parseNeighbourQuery(request.nextUrl.searchParams, listDepartments(db));
  if (!parsed.ok) return badRequest(parsed.error);

  try {
    const bytes = await readImageField(request);
    const image = await checkUpload(bytes);

    const index = galleryIndex();
    if (!index) return unavailable('The vector index has not been built; run `npm run pipeline`.');
    const vector = await embedImage(db, bytes, MAX_UPLOAD_PIXELS);
    return Response.json({ image, ...nearestToImage(db, index, vector, parsed.value) });
  } catch (error) {
    return searchErrorResponse(error, 'image');
  }
}
