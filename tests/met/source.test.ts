import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { openSource } from '../../lib/met/source';
import { startMetServer, type MetServer } from '../helpers/met-server';

const SAMPLE_MAP = 'sample/met-openaccess-images.csv';
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:1b3f\nsize 314572800\n';

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('openSource', () => {
  let server: MetServer;
  let downloadsDir: string;
  beforeAll(async () => {
    server = await startMetServer();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.clearFaults();
    server.requests.length = 0;
    if (downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
  });
  const freshDownloadsDir = () => (downloadsDir = mkdtempSync(join(tmpdir(), 'met-downloads-')));

  it('streams a local file', async () => {
    expect(await readText(await openSource(SAMPLE_MAP))).toBe(readFileSync(SAMPLE_MAP, 'utf8'));
  });

  it('rejects a missing file', async () => {
    await expect(openSource('sample/none.csv')).rejects.toThrow(
      'source file not found: sample/none.csv; give an existing file or an http(s) URL',
    );
  });

  it('streams an http URL', async () => {
    expect(await readText(await openSource(server.imageMapUrl))).toBe(readFileSync(SAMPLE_MAP, 'utf8'));
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an HTTP error status', async () => {
    const url = `${server.baseUrl}/openaccess/missing.csv`;
    await expect(openSource(url)).rejects.toThrow(`GET ${url} failed with HTTP 404; check the URL`);
  });

  it('detects a Git LFS pointer', async () => {
    server.failFirst(/MetObjects\.csv$/, 1, { kind: 'body', body: Buffer.from(LFS_POINTER), contentType: 'text/plain' });
    await expect(readText(await openSource(server.csvUrl))).rejects.toThrow(
      `${server.csvUrl} is a Git LFS pointer, not the data file: use the LFS media URL ` +
        '(for MetObjects.csv, https://media.githubusercontent.com/media/metmuseum/openaccess/master/MetObjects.csv) ' +
        'or run "git lfs pull" in a clone',
    );
  });

  it('detects an HTML page', async () => {
    server.failFirst(/MetObjects\.csv$/, 1, { kind: 'html200' });
    await expect(readText(await openSource(server.csvUrl))).rejects.toThrow(
      `${server.csvUrl} returned an HTML page, not CSV data; check the URL`,
    );
  });

  it('caches and revalidates a download', async () => {
    const dir = freshDownloadsDir();
    const first = await readText(await openSource(server.imageMapUrl, { downloadsDir: dir, cache: true }));
    const second = await readText(await openSource(server.imageMapUrl, { downloadsDir: dir, cache: true }));

    expect(second).toBe(first);
    expect(first).toBe(readFileSync(SAMPLE_MAP, 'utf8'));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].ifNoneMatch).toBeUndefined();
    expect(server.requests[1].ifNoneMatch).toMatch(/^".+"$/);
  });

  it('discards a truncated download', async () => {
    const dir = freshDownloadsDir();
    server.failFirst(/images\.csv$/, 1, { kind: 'truncate', sendBytes: 1000 });
    await expect(openSource(server.imageMapUrl, { downloadsDir: dir, cache: true })).rejects.toThrow(
      `download of ${server.imageMapUrl} was interrupted`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('uses the cache when offline', async () => {
    const dir = freshDownloadsDir();
    const other = await startMetServer();
    await readText(await openSource(other.imageMapUrl, { downloadsDir: dir, cache: true }));
    await other.close();

    const text = await readText(await openSource(other.imageMapUrl, { downloadsDir: dir, cache: true }));
    expect(text).toBe(readFileSync(SAMPLE_MAP, 'utf8'));
    expect(existsSync(dir)).toBe(true);
  });
});

describe('openSource over a broken connection', () => {
  it('names the source when the body is cut off', async () => {
    const server = await startMetServer();
    try {
      server.failFirst(/MetObjects\.csv$/, 1, { kind: 'truncate', sendBytes: 5000 });
      await expect(readText(await openSource(server.csvUrl))).rejects.toThrow(`reading ${server.csvUrl} failed: terminated`);
    } finally {
      await server.close();
    }
  });
});
