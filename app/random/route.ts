import { galleryDb } from '@/lib/gallery/data';
import { randomPair } from '@/lib/gallery/pairs';

export const dynamic = 'force-dynamic';

/** Redirects to a random curated pair, or to the home page when none has been curated yet. */
export function GET(): Response {
  const pair = randomPair(galleryDb());
  const target = pair ? `/pair/${pair.aId}/${pair.bId}` : '/';
  return new Response(null, { status: 307, headers: { Location: target, 'Cache-Control': 'no-store' } });
}
