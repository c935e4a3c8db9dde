import type { NextRequest } from 'next/server';

import { galleryDb } from '@/lib/gallery/data';
import { badRequest } from '@/lib/gallery/http';
import { listDepartments } from '@/lib/gallery/objects';
import { listPairs } from '@/lib/gallery/pairs';
import { parsePairQuery } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

/** GET /api/pairs: curated pairs filtered, sorted and paged like the home page. */
export function GET(request: NextRequest): Response {
  const db = galleryDb();
  const parsed = parsePairQuery(request.nextUrl.searchParams, listDepartments(db));
  if (!parsed.ok) return badRequest(parsed.error);
  return Response.json(listPairs(db, parsed.value));
}
