import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ObjectRow } from '@/lib/db/schema';
import { runFetch } from '@/lib/fetch/stage';
import type { StageResult } from '@/lib/pipeline/types';
import { startMetServer, type Fault, type MetServer } from '../helpers/met-server';
import { cdnPath, corruptJpeg, idsWithStatus, pickSampleImages, readObjects, sampleFile, seededDataDir, TEST_HTTP } from './cases';

const { present, missing } = pickSampleImages(14, 3);

/**
 * One fault per present image: `times` failed requests before the real file, and the row the run
 * must end with (a failure reason, or null for fetched).
 */
const FAULTS: { fault: Fault; times: number; reason: string | RegExp | null; httpStatus: number | null }[] = [
  { fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1, reason: null, httpStatus: 200 },
  { fault: { kind: 'status', status: 403 }, times: 2, reason: null, httpStatus: 200 },
  { fault: { kind: 'status', status: 503 }, times: 99, reason: 'http 503 after 4 attempts', httpStatus: 503 },
  { fault: { kind: 'status', status: 504 }, times: 1, reason: null, httpStatus: 200 },
  { fault: { kind: 'hang' }, times: 99, reason: 'timeout after 4 attempts', httpStatus: null },
  { fault: { kind: 'delay', ms: 4_000 }, times: 1, reason: null, httpStatus: 200 },
  { fault: { kind: 'truncate' }, times: 1, reason: null, httpStatus: 200 },
  { fault: { kind: 'truncate' }, times: 99, reason: 'truncated body after 4 attempts', httpStatus: 200 },
  { fault: { kind: 'html200' }, times: 99, reason: 'not an image: text/html', httpStatus: 200 },
  { fault: { kind: 'contentType', contentType: 'application/octet-stream' }, times: 99, reason: 'not an image: application/octet-stream', httpStatus: 200 },
  { fault: { kind: 'body', body: corruptJpeg(), contentType: 'image/jpeg' }, times: 99, reason: /^decode failed: \S/, httpStatus: 200 },
  { fault: { kind: 'body', body: Buffer.alloc(500, 1), contentType: 'image/jpeg' }, times: 99, reason: 'too small: 500 bytes', httpStatus: 200 },
];

describe('runFetch with faults', () => {
  let server: MetServer;
  let dataDir: string;
  let first: StageResult;
  let rows: Map<number, ObjectRow>;

  beforeAll(async () => {
    server = await startMetServer();
    FAULTS.forEach(({ fault, times }, i) => {
      const path = cdnPath(present[i]);
      server.addFault((requested, attempt) => (requested === path && attempt <= times ? fault : undefined));
    });
    dataDir = seededDataDir([...present, ...missing]);
    first = await runFetch({ dataDir, imageBaseUrl: server.imageBaseUrl, concurrency: 6, http: TEST_HTTP });
    rows = new Map(readObjects(dataDir).map((row) => [row.id, row]));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no object pending', () => {
    expect(idsWithStatus([...rows.values()], 'pending')).toEqual([]);
    expect(rows.size).toBe(present.length + missing.length);
  });

  it('records each fault outcome', () => {
    FAULTS.forEach(({ reason, httpStatus }, i) => {
      const row = rows.get(present[i].id)!;
      expect(row.status, `object ${row.id}: ${row.failureReason}`).toBe(reason === null ? 'fetched' : 'failed');
      if (reason instanceof RegExp) expect(row.failureReason).toMatch(reason);
      else expect(row.failureReason, `object ${row.id}`).toBe(reason);
      expect(row.httpStatus, `object ${row.id}`).toBe(httpStatus);
      expect(row.attempts).toBe(1);
    });
  });

  it('records 404 without retrying', () => {
    for (const image of missing) {
      expect(rows.get(image.id)?.failureReason).toBe('http 404');
      expect(rows.get(image.id)?.httpStatus).toBe(404);
      expect(server.requests.filter((request) => request.path === cdnPath(image))).toHaveLength(1);
    }
  });

  it('stores hashes, size and thumbnail', () => {
    for (const image of present.slice(FAULTS.length)) {
      const row = rows.get(image.id)!;
      const bytes = readFileSync(sampleFile(image)!);
      expect(row.status).toBe('fetched');
      expect(row.bytes).toBe(bytes.length);
      expect(row.contentHash).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
      expect(row.width).toBeGreaterThan(0);
      expect(row.height).toBeGreaterThan(0);
      expect(row.thumbPath).toBe(`thumbs/${String(image.id % 1000).padStart(3, '0')}/${image.id}.webp`);
      expect(existsSync(join(dataDir, row.thumbPath!))).toBe(true);
      expect(row.failureReason).toBeNull();
    }
  });

  it('counts outcomes and groups failures', () => {
    const failedCount = FAULTS.filter((entry) => entry.reason !== null).length + missing.length;
    expect(first.ok).toBe(true);
    expect(first.counts.fetched).toBe(present.length + missing.length - failedCount);
    expect(first.counts.failed).toBe(failedCount);
    expect(first.failures['http 404']).toBe(missing.length);
    expect(first.failures['timeout after 4 attempts']).toBe(1);
    expect(first.counts.bytes).toBe(
      [...rows.values()].filter((row) => row.status === 'fetched').reduce((sum, row) => sum + (row.bytes ?? 0), 0),
    );
  });

  it('re-run fetches nothing', async () => {
    const requestsBefore = server.requests.length;
    const again = await runFetch({ dataDir, imageBaseUrl: server.imageBaseUrl, http: TEST_HTTP });
    expect(again.counts.fetched).toBe(0);
    expect(again.counts.failed).toBe(0);
    expect(again.counts.skipped).toBe(rows.size);
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('retry-failed retries only failures', async () => {
    server.clearFaults();
    server.requests.length = 0;
    const failedIds = idsWithStatus([...rows.values()], 'failed');

    const retry = await runFetch({ dataDir, imageBaseUrl: server.imageBaseUrl, retryFailed: true, http: TEST_HTTP });
    const after = readObjects(dataDir);
    const requestedPaths = new Set(server.requests.map((request) => request.path));
    const failedPaths = new Set([...present, ...missing].filter((image) => failedIds.includes(image.id)).map(cdnPath));

    expect(requestedPaths).toEqual(failedPaths);
    expect(retry.counts.selected).toBe(failedIds.length);
    expect(idsWithStatus(after, 'failed')).toEqual(missing.map((image) => image.id));
    for (const row of after) {
      const expectedAttempts = failedIds.includes(row.id) ? 2 : 1;
      expect(row.attempts, `object ${row.id}`).toBe(expectedAttempts);
    }
  });
});
