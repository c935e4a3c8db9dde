import { eq } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

import type { Db } from '../db/client';
import { apiCache } from '../db/schema';
import { HttpClient, HttpError, type HttpClientOptions } from '../http/client';
import { imagePathFromUrl } from './cdn';
import { normalizeObject } from './normalize';
import { isUrl } from './source';
import type { MetApiObject } from './types';

export const DEFAULT_API_BASE_URL = 'https://collectionapi.metmuseum.org/public/collection/v1';

/** The Met's published limit for the Collection API, in requests per second. */
export const MET_API_REQUESTS_PER_SECOND = 80;

/** A JSON object record is a few KB; anything near this is not one. */
const MAX_RECORD_BYTES = 2 * 1024 * 1024;

/** Outcome of one object lookup. `failed` is not cached, so a later run sends the request again. */
export type ApiLookup =
  | { kind: 'found'; record: MetApiObject; cached: boolean }
  | { kind: 'not-found'; cached: boolean }
  | { kind: 'failed'; reason: string };

const text = z.union([z.string(), z.number()]).nullish().transform((value) => (value == null ? '' : String(value)));

/** The fields of `GET /objects/{id}` that we read; others are ignored. */
const apiObjectSchema = z.object({
  objectID: z.number().int().positive(),
  isPublicDomain: z.boolean().nullish(),
  accessionNumber: text,
  title: text,
  artistDisplayName: text,
  culture: text,
  department: text,
  classification: text,
  objectName: text,
  medium: text,
  portfolio: text,
  objectDate: text,
  objectBeginDate: text,
  objectEndDate: text,
  linkResource: text,
  objectURL: text,
  primaryImage: z.string().nullish(),
  primaryImageSmall: z.string().nullish(),
});

/** Converts a Collection API object body to our record type, or returns why it is not one. */
export function parseApiObject(body: string, expectedId: number): { ok: true; record: MetApiObject } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'invalid API response: the body is not JSON' };
  }
  const parsed = apiObjectSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `invalid API response: ${parsed.error.issues[0]?.path.join('.') || 'body'} ${parsed.error.issues[0]?.message}` };

  const api = parsed.data;
  if (api.objectID !== expectedId) return { ok: false, reason: `invalid API response: objectID ${api.objectID} for object ${expectedId}` };

  const normalized = normalizeObject({
    objectId: String(api.objectID),
    isPublicDomain: api.isPublicDomain == null ? '' : String(api.isPublicDomain),
    accessionNumber: api.accessionNumber,
    title: api.title,
    artist: api.artistDisplayName,
    culture: api.culture,
    department: api.department,
    classification: api.classification,
    objectName: api.objectName,
    medium: api.medium,
    portfolio: api.portfolio,
    dateText: api.objectDate,
    beginYear: api.objectBeginDate,
    endYear: api.objectEndDate,
    linkResource: api.linkResource || api.objectURL,
  });
  if (!normalized.ok) return { ok: false, reason: `invalid API response: ${normalized.reason}` };

  return {
    ok: true,
    record: {
      object: normalized.object,
      primaryImagePath: imagePathFromUrl(api.primaryImage),
      primaryImageSmallPath: imagePathFromUrl(api.primaryImageSmall),
    },
  };
}

export interface MetApiClientOptions {
  /** An http(s) base URL, or a local folder laid out like sample/api (objects/<id>.json). */
  baseUrl?: string;
  /** Database whose `api_cache` table stores final responses; without it every lookup sends a request. */
  db?: Db;
  /** The client to send requests through; by default one paced at the Met's 80 requests per second. */
  http?: HttpClient;
  httpOptions?: Partial<HttpClientOptions>;
}

/**
 * Collection API client for single objects. Responses that will not change on a re-run (a record, or 404
 * "Not a valid object") are stored in `api_cache`, so a resumed run sends no request twice. Transient
 * failures (5xx or throttling after the HttpClient's retries, no response) are returned, not cached.
 */
export class MetApiClient {
  readonly baseUrl: string;
  /** Requests sent over HTTP by this client, retries excluded (cache hits and local reads are not counted). */
  requestsSent = 0;
  private readonly db: Db | undefined;
  private readonly http: HttpClient | undefined;
  private readonly localFolder: string | undefined;

  constructor(options: MetApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
    this.db = options.db;
    if (isUrl(this.baseUrl)) {
      this.http = options.http ?? new HttpClient({ requestsPerSecondPerHost: MET_API_REQUESTS_PER_SECOND, ...options.httpOptions });
    } else {
      this.localFolder = resolve(this.baseUrl);
      if (!existsSync(join(this.localFolder, 'objects'))) {
        throw new Error(`invalid Collection API base "${this.baseUrl}": expected an http(s) URL or a folder containing objects/<id>.json`);
      }
    }
  }

  async getObject(id: number): Promise<ApiLookup> {
    if (this.localFolder) return this.readLocal(id);

    const cached = this.db?.select().from(apiCache).where(eq(apiCache.objectId, id)).get();
    if (cached) return this.interpret(id, cached.httpStatus, cached.body ?? '', true);

    const url = `${this.baseUrl}/objects/${id}`;
    let status: number;
    let body: string;
    try {
      this.requestsSent += 1;
      const response = await this.http!.get(url, { accept: 'application/json', maxBytes: MAX_RECORD_BYTES });
      status = response.status;
      body = response.body.toString('utf8');
    } catch (error) {
      if (error instanceof HttpError) return { kind: 'failed', reason: `API request failed: ${error.reason}` };
      throw error;
    }

    const lookup = this.interpret(id, status, body, false);
    const final = lookup.kind !== 'failed';
    if (final && this.db) {
      this.db
        .insert(apiCache)
        .values({ objectId: id, httpStatus: status, body, fetchedAt: new Date() })
        .onConflictDoUpdate({ target: apiCache.objectId, set: { httpStatus: status, body, fetchedAt: new Date() } })
        .run();
    }
    return lookup;
  }

  private interpret(id: number, status: number, body: string, cached: boolean): ApiLookup {
    if (status === 404) return { kind: 'not-found', cached };
    if (status !== 200) return { kind: 'failed', reason: `API returned HTTP ${status}` };

    const parsed = parseApiObject(body, id);
    return parsed.ok ? { kind: 'found', record: parsed.record, cached } : { kind: 'failed', reason: parsed.reason };
  }

  /** Reads objects/<id>.json from the local folder on every call, uncached, because a local read costs no request. */
  private readLocal(id: number): ApiLookup {
    const file = join(this.localFolder!, 'objects', `${id}.json`);
    if (!existsSync(file)) return { kind: 'not-found', cached: false };
    return this.interpret(id, 200, readFileSync(file, 'utf8'), false);
  }
}
