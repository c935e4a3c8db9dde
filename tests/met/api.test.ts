import { eq } from 'drizzle-orm';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase, type Db } from '../../lib/db/client';
import { apiCache } from '../../lib/db/schema';
import { MetApiClient, parseApiObject } from '../../lib/met/api';
import { startMetServer, type MetServer } from '../helpers/met-server';

// Short waits so that retries do not slow the tests; Retry-After is capped by maxDelayMs.
const FAST_RETRIES = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 };

describe('MetApiClient', () => {
  let server: MetServer;
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    server = await startMetServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'met-api-'));
    db = openDatabase(join(dir, 'test.sqlite'));
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    server.clearFaults();
    server.requests.length = 0;
  });
  const client = () => new MetApiClient({ baseUrl: server.apiBaseUrl, db, httpOptions: FAST_RETRIES });
  const objectRequests = () => server.requests.filter((request) => request.path.includes('/objects/')).length;

  it('converts a record', async () => {
    const lookup = await client().getObject(10076);
    expect(lookup).toMatchObject({
      kind: 'found',
      cached: false,
      record: {
        primaryImagePath: 'ad/original/ap10.106.jpg',
        primaryImageSmallPath: 'ad/web-large/ap10.106.jpg',
        object: { id: 10076, publicDomain: true, title: 'James Topham Brady', artist: 'Joseph Alexander Ames', beginYear: 1869 },
      },
    });
  });

  it('sends no request twice', async () => {
    await client().getObject(10076);
    const again = await client().getObject(10076);
    expect(again).toMatchObject({ kind: 'found', cached: true });
    expect(objectRequests()).toBe(1);
  });

  it('caches a 404 as not found', async () => {
    expect(await client().getObject(99999999)).toEqual({ kind: 'not-found', cached: false });
    expect(await client().getObject(99999999)).toEqual({ kind: 'not-found', cached: true });
    expect(objectRequests()).toBe(1);
    const row = db.select().from(apiCache).where(eq(apiCache.objectId, 99999999)).get();
    expect(row?.httpStatus).toBe(404);
    expect(row?.body).toBe('{"message":"Not a valid object"}');
  });

  it('retries a 429 then resolves', async () => {
    server.failFirst(/objects\/10076$/, 2, { kind: 'status', status: 429, retryAfter: '1' });
    const api = client();
    expect(await api.getObject(10076)).toMatchObject({ kind: 'found' });
    expect(objectRequests()).toBe(3);
    expect(api.requestsSent).toBe(1);
  });

  it('leaves failures uncached', async () => {
    server.failFirst(/objects\/10076$/, 3, { kind: 'status', status: 503 });
    expect(await client().getObject(10076)).toEqual({ kind: 'failed', reason: 'API returned HTTP 503' });
    expect(db.select().from(apiCache).all()).toEqual([]);

    expect(await client().getObject(10076)).toMatchObject({ kind: 'found', cached: false });
  });

  it('rejects a body that is not JSON', async () => {
    server.failFirst(/objects\/10076$/, 1, { kind: 'html200' });
    expect(await client().getObject(10076)).toEqual({ kind: 'failed', reason: 'invalid API response: the body is not JSON' });
    expect(db.select().from(apiCache).all()).toEqual([]);
  });

  it('paces requests at 80 per second', async () => {
    const ids = readdirSync('sample/api/objects').slice(0, 17).map((name) => Number(name.replace('.json', '')));
    const api = new MetApiClient({ baseUrl: server.apiBaseUrl });
    await Promise.all(ids.map((id) => api.getObject(id)));
    const times = server.requests.map((request) => request.at);
    // 17 request starts at least 12.5 ms apart span at least 200 ms; unpaced they would span a few ms.
    // The server stamps arrivals, which a loaded machine can bunch, so allow 50 ms of jitter.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(150);
  });

  it('reads a local folder', async () => {
    const api = new MetApiClient({ baseUrl: 'sample/api' });
    expect(await api.getObject(10076)).toMatchObject({ kind: 'found', record: { primaryImagePath: 'ad/original/ap10.106.jpg' } });
    expect(await api.getObject(1)).toEqual({ kind: 'not-found', cached: false });
  });

  it('rejects an invalid folder', () => {
    expect(() => new MetApiClient({ baseUrl: 'sample/CRDImages' })).toThrow(
      'invalid Collection API base "sample/CRDImages": expected an http(s) URL or a folder containing objects/<id>.json',
    );
  });
});

describe('parseApiObject', () => {
  it('rejects a mismatched objectID', () => {
    expect(parseApiObject('{"objectID": 5}', 6)).toEqual({ ok: false, reason: 'invalid API response: objectID 5 for object 6' });
  });

  it('rejects a missing objectID', () => {
    expect(parseApiObject('{"title": "x"}', 6)).toMatchObject({ ok: false });
  });

  it('reads an empty image as null', () => {
    const result = parseApiObject('{"objectID": 6, "isPublicDomain": false, "primaryImage": "", "primaryImageSmall": ""}', 6);
    expect(result).toMatchObject({ ok: true, record: { primaryImagePath: null, primaryImageSmallPath: null, object: { publicDomain: false } } });
  });
});
