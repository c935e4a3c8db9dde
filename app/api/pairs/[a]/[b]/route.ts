import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { badRequest, notFound } from '@/lib/gallery/http';
import { similarityOf } from '@/lib/gallery/neighbours';
import { getPair } from '@/lib/gallery/pairs';
import { invalidIdError, parseObjectId } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

/** GET /api/pairs/:a/:b: any two artworks in either order, with their contrast and its reasons. */
export async function GET(_request: Request, context: { params: Promise<{ a: string; b: string }> }): Promise<Response> {
  const { a, b } = await context.params;
  const first = parseObjectId(a);
  if (first === null) return badRequest(invalidIdError('a', a));
  const second = parseObjectId(b);
  if (second === null) return badRequest(invalidIdError('b', b));
  if (first === second) {
    return badRequest({ code: 'invalid_parameter', parameter: 'b', message: `"b" must differ from "a"; both are ${first}.` });
  }

  const index = galleryIndex();
  const pair = getPair(galleryDb(), first, second, () => (index ? similarityOf(index, first, second) : null));
  if (!pair) return notFound(`No artwork with id ${first} or ${second} in this collection.`);
  return Response.json(pair);
}
