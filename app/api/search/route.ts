import type { NextRequest } from 'next/server';

import { galleryDb } from '@/lib/gallery/data';
import { badRequest } from '@/lib/gallery/http';
import { parseSearchQuery } from '@/lib/gallery/params';
import { searchArtworks } from '@/lib/gallery/search';

export const dynamic = 'force-dynamic';

/** GET /api/search?q=…&limit=…: artworks whose title, artist, culture, object type, medium or accession number match, or whose Met id is q. */
export function GET(request: NextRequest): Response {
  const parsed = parseSearchQuery(request.nextUrl.searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  return Response.json({ query: parsed.value.q, results: searchArtworks(galleryDb(), parsed.value.q, parsed.value.limit) });
}
