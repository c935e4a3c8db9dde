/** Text query run by both GET /api/search/text and the search page, so they return the same results. */
import type { Db } from '@/lib/db/client';
import type { VectorIndex } from '@/lib/index/loader';
import { embedText, SearchUnavailable } from './embedding';
import { nearestMatching, type TextSearchResult } from './nearest';
import type { TextQuery } from './params';

/** Embeds the query with the CLIP text tower and returns the nearest artworks that pass its filters. */
export async function runTextSearch(db: Db, index: VectorIndex | null, query: TextQuery): Promise<TextSearchResult> {
  if (!index) throw new SearchUnavailable(503, 'index_unavailable', 'The vector index has not been built; run `npm run pipeline`.');
  const vector = await embedText(db, query.q, index.dimension);
  return nearestMatching(db, index, vector, query, query.limit);
}
