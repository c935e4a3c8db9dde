import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { HttpClient, HttpError } from '@/lib/http/client';
import { startMetServer, type MetServer } from '../helpers/met-server';

const IMAGE_PATH = '/CRDImages/ad/web-large/117995.jpg';

// Short delays keep the retry tests fast; the rate limit is high enough not to matter unless a test sets it.
const FAST = { baseDelayMs: 10, maxDelayMs: 2_000, timeoutMs: 2_000, requestsPerSecondPerHost: 1_000 };

describe('HttpClient', () => {
  let server: MetServer;
  let imageUrl: string;

  beforeAll(async () => {
    server = await startMetServer();
    imageUrl = `${server.baseUrl}${IMAGE_PATH}`;
  });
  afterEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server.close();
  });

  const requestsTo = (path: string) => server.requests.filter((request) => request.path === path);

  it('get returns body and status', async () => {
    const result = await new HttpClient(FAST).get(imageUrl);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(1);
    expect(result.body.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(result.headers.get('content-type')).toBe('image/jpeg');
  });

  it('sends the user agent', async () => {
    await new HttpClient({ ...FAST, userAgent: 'met-twins-test/1.0' }).get(imageUrl);
    expect(requestsTo(IMAGE_PATH)[0].userAgent).toBe('met-twins-test/1.0');
  });

  it('waits out 429 with Retry-After', async () => {
    server.failFirst(/117995/, 1, { kind: 'status', status: 429, retryAfter: '1' });
    const result = await new HttpClient(FAST).get(imageUrl);
    const [first, second] = requestsTo(IMAGE_PATH);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    server.failFirst(/117995/, 1, { kind: 'status', status: 503, retryAfter: inTwoSeconds });
    const result = await new HttpClient(FAST).get(imageUrl);
    const [first, second] = requestsTo(IMAGE_PATH);
    expect(result.status).toBe(200);
    // An HTTP date has whole-second precision, so the wait is between 1 and 2 seconds.
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
  });

  it('caps Retry-After at maxDelayMs', async () => {
    server.failFirst(/117995/, 1, { kind: 'status', status: 429, retryAfter: '3600' });
    const started = Date.now();
    const result = await new HttpClient({ ...FAST, maxDelayMs: 200 }).get(imageUrl);
    expect(result.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries a 403 storm then succeeds', async () => {
    server.failFirst(/117995/, 4, { kind: 'status', status: 403 });
    const result = await new HttpClient(FAST).get(imageUrl);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(5);
    expect(requestsTo(IMAGE_PATH)).toHaveLength(5);
  });

  it.each([500, 502, 503, 504])('retries status %i', async (status) => {
    server.failFirst(/117995/, 2, { kind: 'status', status });
    const result = await new HttpClient(FAST).get(imageUrl);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(3);
  });

  it('returns the last 503 after max attempts', async () => {
    server.failFirst(/117995/, 100, { kind: 'status', status: 503, body: 'busy' });
    const result = await new HttpClient({ ...FAST, maxAttempts: 3 }).get(imageUrl);
    expect(result.status).toBe(503);
    expect(result.attempts).toBe(3);
    expect(result.body.toString()).toBe('busy');
    expect(requestsTo(IMAGE_PATH)).toHaveLength(3);
  });

  it('does not retry 404', async () => {
    const path = '/CRDImages/ad/web-large/no-such-file.jpg';
    const result = await new HttpClient(FAST).get(`${server.baseUrl}${path}`);
    expect(result.status).toBe(404);
    expect(result.attempts).toBe(1);
    expect(requestsTo(path)).toHaveLength(1);
  });

  it('does not retry other 4xx', async () => {
    server.failFirst(/117995/, 100, { kind: 'status', status: 410 });
    const result = await new HttpClient(FAST).get(imageUrl);
    expect(result.status).toBe(410);
    expect(requestsTo(IMAGE_PATH)).toHaveLength(1);
  });

  it('retries a response slower than the timeout', async () => {
    server.failFirst(/117995/, 1, { kind: 'delay', ms: 3_000 });
    const result = await new HttpClient({ ...FAST, timeoutMs: 1_000 }).get(imageUrl);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(2);
  });

  it('rejects with timeout after max attempts', async () => {
    server.failFirst(/117995/, 100, { kind: 'hang' });
    const error = await new HttpClient({ ...FAST, timeoutMs: 200, maxAttempts: 2 }).get(imageUrl).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reason).toBe('timeout');
    expect((error as HttpError).attempts).toBe(2);
    expect((error as HttpError).message).toBe(`GET ${imageUrl} timed out after 200 ms (attempt 2)`);
    expect(requestsTo(IMAGE_PATH)).toHaveLength(2);
  });

  it('retries a truncated body', async () => {
    server.failFirst(/117995/, 2, { kind: 'truncate' });
    const result = await new HttpClient(FAST).get(imageUrl);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(3);
  });

  it('rejects truncated after max attempts', async () => {
    server.failFirst(/117995/, 100, { kind: 'truncate' });
    const error = await new HttpClient({ ...FAST, maxAttempts: 2 }).get(imageUrl).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reason).toBe('truncated');
    expect((error as HttpError).status).toBe(200);
  });

  it('rejects a network error after retries', async () => {
    const closed = await startMetServer();
    const url = `${closed.baseUrl}${IMAGE_PATH}`;
    await closed.close();
    const error = await new HttpClient({ ...FAST, maxAttempts: 2 }).get(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reason).toBe('network');
    expect((error as HttpError).attempts).toBe(2);
  });

  it('aborts a body over maxBytes by Content-Length', async () => {
    const error = await new HttpClient(FAST).get(imageUrl, { maxBytes: 1_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reason).toBe('too-large');
    expect((error as HttpError).message).toMatch(/^GET .* body is \d+ bytes \(Content-Length\), over the limit of 1000 bytes$/);
    expect(requestsTo(IMAGE_PATH)).toHaveLength(1);
  });

  it('aborts a chunked body over maxBytes', async () => {
    // A body without Content-Length can only be measured while it streams.
    const chunked = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      for (let i = 0; i < 10; i++) response.write(Buffer.alloc(1_000));
      response.end();
    });
    await new Promise<void>((ready) => chunked.listen(0, '127.0.0.1', ready));
    const url = `http://127.0.0.1:${(chunked.address() as AddressInfo).port}/image.jpg`;
    try {
      const error = await new HttpClient(FAST).get(url, { maxBytes: 4_000 }).catch((caught: unknown) => caught);
      expect((error as HttpError).reason).toBe('too-large');
      expect((error as HttpError).message).toBe(`GET ${url} body is more than 4000 bytes, over the limit of 4000 bytes`);
      const whole = await new HttpClient(FAST).get(url, { maxBytes: 10_000 });
      expect(whole.body.length).toBe(10_000);
    } finally {
      chunked.closeAllConnections();
      await new Promise((done) => chunked.close(done));
    }
  });

  it('aborts a request in flight', async () => {
    server.failFirst(/117995/, 100, { kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await new HttpClient({ ...FAST, timeoutMs: 10_000 }).get(imageUrl, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect((error as HttpError).reason).toBe('aborted');
    expect((error as HttpError).message).toBe(`GET ${imageUrl} aborted (attempt 1)`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(requestsTo(IMAGE_PATH)).toHaveLength(1);
  });

  it('rejects an invalid URL without a request', async () => {
    const error = await new HttpClient(FAST).get('ftp://example.invalid/x').catch((caught: unknown) => caught);
    expect((error as HttpError).reason).toBe('invalid-url');
    expect((error as HttpError).message).toBe('invalid URL "ftp://example.invalid/x": expected an absolute http(s) URL');
  });

  it('rejects aborted while waiting to retry', async () => {
    server.failFirst(/117995/, 100, { kind: 'status', status: 429, retryAfter: '30' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await new HttpClient({ ...FAST, maxDelayMs: 60_000 }).get(imageUrl, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect((error as HttpError).reason).toBe('aborted');
  });

  it('holds the per-host rate limit', async () => {
    const client = new HttpClient({ ...FAST, requestsPerSecondPerHost: 10, concurrency: 16 });
    await Promise.all(Array.from({ length: 20 }, () => client.get(imageUrl)));
    const times = requestsTo(IMAGE_PATH).map((request) => request.at);
    expect(times).toHaveLength(20);
    // 20 starts spaced 100 ms apart span 1.9 s; allow for timer granularity.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1_750);
  });

  it('limits requests in flight', async () => {
    server.addFault((path) => (path === IMAGE_PATH ? { kind: 'delay', ms: 300 } : undefined));
    const client = new HttpClient({ ...FAST, concurrency: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => client.get(imageUrl)));
    // Four 300 ms responses, two at a time, need two rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('rejects invalid options', () => {
    expect(() => new HttpClient({ maxAttempts: 0, requestsPerSecondPerHost: -1 })).toThrow(
      'invalid HTTP client options: maxAttempts 0 (expected a whole number ≥ 1); requestsPerSecondPerHost -1 (expected a number above 0)',
    );
  });
});
