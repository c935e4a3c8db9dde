import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedGallery, type SeedResult } from './seed';

// Route handlers read DATA_DIR on first use, so it is set before they are imported.
let dataDir: string;
let seed: SeedResult;
let routes: {
  pairs: typeof import('@/app/api/pairs/route');
  pair: typeof import('@/app/api/pairs/[a]/[b]/route');
  object: typeof import('@/app/api/objects/[id]/route');
  neighbours: typeof import('@/app/api/objects/[id]/neighbours/route');
  search: typeof import('@/app/api/search/route');
  thumbs: typeof import('@/app/api/thumbs/[id]/route');
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gallery-api-'));
  seed = await seedGallery(dataDir, 80);
  process.env.DATA_DIR = dataDir;
  process.env.MET_IMAGE_BASE_URL = 'http://127.0.0.1:9/';
  routes = {
    pairs: await import('@/app/api/pairs/route'),
    pair: await import('@/app/api/pairs/[a]/[b]/route'),
    object: await import('@/app/api/objects/[id]/route'),
    neighbours: await import('@/app/api/objects/[id]/neighbours/route'),
    search: await import('@/app/api/search/route'),
    thumbs: await import('@/app/api/thumbs/[id]/route'),
  };
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function request(path: string): NextRequest {
  return new NextRequest(new URL(path, 'http://127.0.0.1'));
}

function params<T>(value: T): { params: Promise<T> } {
  return { params: Promise.resolve(value) };
}

async function expectError(response: Response, status: number, code: string, message: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBe(message);
}

describe('GET /api/pairs', () => {
  it('returns a page', async () => {
    const response = routes.pairs.GET(request('/api/pairs?perPage=3&sort=similarity'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.pairs).toHaveLength(3);
    expect(body.total).toBe(seed.pairCount);
  });

  it('rejects a bad sort', async () => {
    const response = routes.pairs.GET(request('/api/pairs?sort=newest'));
    await expectError(response, 400, 'invalid_parameter', '"sort" must be one of curated, score, similarity, years; received "newest".');
  });

  it('rejects an unknown department', async () => {
    const response = routes.pairs.GET(request('/api/pairs?dept=Nowhere'));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^"dept" must be one of .*; received "Nowhere"\.$/);
  });
});

describe('GET /api/pairs/:a/:b', () => {
  it('rejects a malformed id', async () => {
    const response = await routes.pair.GET(request('/api/pairs/x/1'), params({ a: 'x', b: '1' }));
    await expectError(response, 400, 'invalid_parameter', '"a" must be a Met object id (a positive integer); received "x".');
  });

  it('rejects equal ids', async () => {
    const id = String(seed.embeddedIds[0]);
    const response = await routes.pair.GET(request(`/api/pairs/${id}/${id}`), params({ a: id, b: id }));
    await expectError(response, 400, 'invalid_parameter', `"b" must differ from "a"; both are ${id}.`);
  });

  it('returns 404 for an unknown id', async () => {
    const id = String(seed.embeddedIds[0]);
    const response = await routes.pair.GET(request(`/api/pairs/${id}/999999999`), params({ a: id, b: '999999999' }));
    await expectError(response, 404, 'not_found', `No artwork with id ${id} or 999999999 in this collection.`);
  });

  it('computes similarity for any pair', async () => {
    const [a, b] = seed.embeddedIds.map(String);
    const response = await routes.pair.GET(request(`/api/pairs/${b}/${a}`), params({ a: b, b: a }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.contrast.similarity).toBeGreaterThan(-1);
    expect(body.a.id).toBeLessThan(body.b.id);
  });
});

describe('GET /api/objects/:id', () => {
  it('returns the artwork', async () => {
    const id = String(seed.embeddedIds[0]);
    const response = await routes.object.GET(request(`/api/objects/${id}`), params({ id }));
    expect(response.status).toBe(200);
    expect((await response.json()).artwork.id).toBe(Number(id));
  });

  it('returns 404 for an unknown id', async () => {
    const response = await routes.object.GET(request('/api/objects/5'), params({ id: '5' }));
    await expectError(response, 404, 'not_found', 'No artwork with id 5 in this collection.');
  });
});

describe('GET /api/objects/:id/neighbours', () => {
  it('returns k neighbours', async () => {
    const id = String(seed.embeddedIds[0]);
    const response = await routes.neighbours.GET(request(`/api/objects/${id}/neighbours?k=4`), params({ id }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.neighbours).toHaveLength(4);
    expect(body.searched).toBe(seed.embeddedIds.length);
  });

  it('rejects k of zero', async () => {
    const id = String(seed.embeddedIds[0]);
    const response = await routes.neighbours.GET(request(`/api/objects/${id}/neighbours?k=0`), params({ id }));
    await expectError(response, 400, 'invalid_parameter', '"k" must be an integer from 1 to 100; received "0".');
  });
});

describe('GET /api/search', () => {
  it('rejects a missing query', async () => {
    const response = routes.search.GET(request('/api/search'));
    await expectError(response, 400, 'invalid_parameter', '"q" must be 1 to 200 characters of search text.');
  });
});

describe('GET /api/thumbs/:id', () => {
  it('serves the WebP file', async () => {
    const id = String(seed.embeddedIds[0]);
    const response = await routes.thumbs.GET(request(`/api/thumbs/${id}`), params({ id }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await response.arrayBuffer()).subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('redirects to the CDN without a thumbnail', async () => {
    const db = (await import('@/lib/gallery/data')).galleryDb();
    const failed = db.$client.prepare("select id, image_path from objects where thumb_path is null limit 1").get() as {
      id: number;
      image_path: string;
    };
    const id = String(failed.id);
    const response = await routes.thumbs.GET(request(`/api/thumbs/${id}`), params({ id }));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:9/${failed.image_path.replace('/original/', '/web-large/')}`);
  });
});
