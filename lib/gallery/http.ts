import type { ParamError } from './params';

/** JSON error body of every API failure: a stable `code` for programs and a `message` for people. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function badRequest(error: ParamError): Response {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  return Response.json(body, { status: 400 });
}

export function notFound(message: string): Response {
  const body: ApiErrorBody = { error: { code: 'not_found', message } };
  return Response.json(body, { status: 404 });
}

export function unavailable(message: string): Response {
  const body: ApiErrorBody = { error: { code: 'index_unavailable', message } };
  return Response.json(body, { status: 503 });
}
