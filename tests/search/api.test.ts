import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { buildSearchData, type SearchData } from './data';

// Route handlers read DATA_DIR and the model variables per request, so each suite sets them first.
let root: string;
let clip: SearchData;
let descriptor: SearchData;
let routes: {
  text: typeof import('@/app/api/search/text/route');
  image: typeof import('@/app/api/search/image/route');
  metadata: typeof import('@/app/api/search/route');
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'search-api-'));
  process.env.SEARCH_RATE_LIMIT_PER_MINUTE = '1000';
  clip = await buildSearchData(join(root, 'clip'), 'clip', 40);
  descriptor = await buildSearchData(join(root, 'descriptor'), 'descriptor', 40);
  routes = {
    text: await import('@/app/api/search/text/route'),
    image: await import('@/app/api/search/image/route'),
    metadata: await import('@/app/api/search/route'),
  };
}, 120_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function useData(data: SearchData) {
  process.env.DATA_DIR = data.dataDir;
  process.env.CLIP_MODEL_PATH = data.imageModelPath ?? join(root, 'no-model.onnx');
  process.env.CLIP_TEXT_MODEL_DIR = data.textModelDir ?? join(root, 'no-text-model');
}

function get(path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(new URL(path, 'http://127.0.0.1'), { headers });
}

function upload(bytes: Uint8Array, query = '', headers: Record<string, string> = {}): NextRequest {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(bytes)]), 'photo');
  return new NextRequest(new URL(`/api/search/image${query}`, 'http://127.0.0.1'), { method: 'POST', body: form, headers });
}

async function expectError(response: Response, status: number, code: string, message: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBe(message);
}

/** Returns a real Met photograph from the bundled sample, resized as a phone upload might be. */
function photo(): Promise<Buffer> {
  return sharp(join('sample', 'CRDImages', 'ad', 'web-large', 'DT2892.jpg')).resize(300).jpeg().toBuffer();
}

describe('GET /api/search/text with a CLIP index', () => {
  beforeEach(() => useData(clip));

  it('returns ranked matches', async () => {
    const response = await routes.text.GET(get('/api/search/text?q=a%20blue%20vase&limit=5'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.query).toBe('a blue vase');
    expect(body.results).toHaveLength(5);
    const similarities = body.results.map((result: { similarity: number }) => result.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
  });

  it('applies the department filter', async () => {
    const all = await (await routes.text.GET(get('/api/search/text?q=portrait&limit=50'))).json();
    const department: string = all.results[0].artwork.department;
    const body = await (await routes.text.GET(get(`/api/search/text?q=portrait&limit=50&dept=${encodeURIComponent(department)}`))).json();
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.every((result: { artwork: { department: string } }) => result.artwork.department === department)).toBe(true);
  });

  it('applies the year range', async () => {
    const body = await (await routes.text.GET(get('/api/search/text?q=portrait&limit=50&from=1800&to=1850'))).json();
    for (const result of body.results as Array<{ artwork: { beginYear: number | null; endYear: number | null } }>) {
      expect(result.artwork.endYear ?? result.artwork.beginYear).toBeGreaterThanOrEqual(1800);
      expect(result.artwork.beginYear ?? result.artwork.endYear).toBeLessThanOrEqual(1850);
    }
  });

  it('rejects a reversed year range', async () => {
    await expectError(await routes.text.GET(get('/api/search/text?q=vase&from=1900&to=1800')), 400, 'invalid_parameter', '"from" (1900) must not be later than "to" (1800).');
  });

  it('rejects an empty query', async () => {
    await expectError(await routes.text.GET(get('/api/search/text?q=%20')), 400, 'invalid_parameter', '"q" must be 1 to 200 characters of search text.');
  });

  it('names the download when the model is missing', async () => {
    process.env.CLIP_TEXT_MODEL_DIR = join(root, 'missing');
    await expectError(
      await routes.text.GET(get('/api/search/text?q=vase')),
      503,
      'model_missing',
      `Text search is unavailable: the CLIP text model is missing from ${join(root, 'missing')}. Run \`npm run model:download -- --text\`, or set CLIP_TEXT_MODEL_DIR to its folder.`,
    );
  });
});

describe('GET /api/search/text with a descriptor index', () => {
  beforeEach(() => useData(descriptor));

  it('answers 409', async () => {
    await expectError(
      await routes.text.GET(get('/api/search/text?q=vase')),
      409,
      'text_search_unavailable',
      'Text search is unavailable: this index was built with the descriptor-v1 embedder, which has no text model. ' +
        'Search titles, artists and cultures with the metadata search, or rebuild the index with `--embedder clip`.',
    );
  });

  it('keeps metadata search working', async () => {
    const response = routes.metadata.GET(get('/api/search?q=a'));
    expect(response.status).toBe(200);
  });
});

describe('POST /api/search/image', () => {
  for (const kind of ['clip', 'descriptor'] as const) {
    it(`returns neighbours with ${kind}`, async () => {
      useData(kind === 'clip' ? clip : descriptor);
      const response = await routes.image.POST(upload(await photo(), '?k=5'));
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.image.format).toBe('jpeg');
      expect(body.closest.artwork.id).toBe(body.nearest[0].artwork.id);
      expect(body.nearest).toHaveLength(5);
      for (const neighbour of body.unlikely) expect(neighbour.contrast.reasons.length).toBeGreaterThan(0);
    });
  }

  it('finds an indexed artwork by its own thumbnail', async () => {
    useData(clip);
    const index = (await import('@/lib/gallery/data')).galleryIndex()!;
    const { thumbnailOf } = await import('@/lib/gallery/objects');
    const { galleryDb } = await import('@/lib/gallery/data');
    const id = index.ids[0];
    const thumb = thumbnailOf(galleryDb(), id)!.thumbPath!;
    const bytes = await sharp(join(clip.dataDir, thumb)).png().toBuffer();
    const body = await (await routes.image.POST(upload(bytes))).json();
    expect(body.closest.artwork.id).toBe(id);
    expect(body.closest.contrast.similarity).toBeGreaterThan(0.99);
  });

  it('rejects a text file', async () => {
    useData(clip);
    await expectError(await routes.image.POST(upload(Buffer.from('not a picture'))), 400, 'unsupported_image', 'The file is not a supported image (found text); upload a JPEG, PNG, WebP or GIF.');
  });

  it('rejects a bad filter', async () => {
    useData(clip);
    await expectError(await routes.image.POST(upload(await photo(), '?k=0')), 400, 'invalid_parameter', '"k" must be an integer from 1 to 100; received "0".');
  });

  it('reports a model that differs from the index', async () => {
    useData(clip);
    process.env.CLIP_MODEL_PATH = join(descriptor.dataDir, 'met-twins.sqlite');
    const response = await routes.image.POST(upload(await photo()));
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('embedder_mismatch');
  });
});

describe('search rate limit', () => {
  it('answers 429 with Retry-After', async () => {
    useData(descriptor);
    const headers = { 'x-forwarded-for': '192.0.2.50' };
    // The limit is 1000 a minute (set above), so a burst past it must hit the limit; tokens refill meanwhile.
    let last: Response | undefined;
    for (let i = 0; i < 3000 && last?.status !== 429; i += 1) last = await routes.text.GET(get('/api/search/text?q=vase', headers));
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toBe('1');
    expect((await last!.json()).error.message).toBe('Too many searches from this address; try again in 1 s.');
  });
});
