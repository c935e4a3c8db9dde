/** Response helpers shared by the text and image query routes; bodies follow lib/gallery/http.ts. */
import type { ApiErrorBody } from '@/lib/gallery/http';
import { ImageRejectedError } from '@/lib/images/decode';
import { childLogger } from '@/lib/log';
import { SearchUnavailable } from './embedding';
import { clientAddress, searchRateLimiter } from './rate-limit';
import { UploadError } from './upload';

const log = childLogger('search');

export function errorResponse(status: number, code: string, message: string, headers?: HeadersInit): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers });
}

/** Spends one of the client's tokens; returns the 429 response to send when none is left, else null. */
export function checkRateLimit(request: Request): Response | null {
  const client = clientAddress(request.headers);
  const decision = searchRateLimiter().take(client);
  if (decision.allowed) return null;

  log.warn({ client, retryAfterSeconds: decision.retryAfterSeconds }, 'search: rate limit exceeded');
  const message = `Too many searches from this address; try again in ${decision.retryAfterSeconds} s.`;
  return errorResponse(429, 'rate_limited', message, { 'Retry-After': String(decision.retryAfterSeconds) });
}

/** Maps the errors a query can raise to responses; anything unexpected is logged and returned as a 500. */
export function searchErrorResponse(error: unknown, route: string): Response {
  if (error instanceof UploadError || error instanceof SearchUnavailable) {
    log.info({ route, status: error.status, code: error.code }, 'search: request rejected');
    return errorResponse(error.status, error.code, error.message);
  }
  if (error instanceof ImageRejectedError) {
    log.info({ route, kind: error.kind }, 'search: upload could not be decoded');
    return errorResponse(400, 'invalid_image', `The image could not be decoded (${error.message}); upload another JPEG, PNG, WebP or GIF.`);
  }

  log.error({ err: error, route }, 'search: query failed');
  return errorResponse(500, 'internal_error', 'The search failed on the server; try again, and report it if it keeps failing.');
}
