import type { NextRequest } from 'next/server';

import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { badRequest } from '@/lib/gallery/http';
import { listDepartments } from '@/lib/gallery/objects';
import { checkRateLimit, searchErrorResponse } from '@/lib/search/http';
import { parseTextQuery } from '@/lib/search/params';
import { runTextSearch } from '@/lib/search/text-search';

export const dynamic = 'force-dynamic';

/** GET /api/search/text?q=…&dept=…&culture=…&type=…&from=…&to=…&limit=…: artworks that look like the words describe. */
export async function GET(request: NextRequest): Promise<Response> {
  const limited = checkRateLimit(request);
  if (limited) return limited;

  const db = galleryDb();
  const parsed = parseTextQuery(request.nextUrl.searchParams, listDepartments(db));
  if (!parsed.ok) return badRequest(parsed.error);

  try {
    const { matches, searched } = await runTextSearch(db, galleryIndex(), parsed.value);
    return Response.json({ query: parsed.value.q, searched, results: matches });
  } catch (error) {
    return searchErrorResponse(error, 'text');
  }
}
