import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { runFetch } from '@/lib/fetch/stage';
import { idsForShard } from '@/lib/pipeline/shard';
import { startMetServer, type MetServer } from '../helpers/met-server';
import { idsWithStatus, pickSampleImages, readObjects, seededDataDir, TEST_HTTP } from './cases';

const { present, missing } = pickSampleImages(16, 2);
const images = [...present, ...missing];
const presentIds = present.map((image) => image.id).sort((a, b) => a - b);

/** Polls `check` every 50 ms until it returns true, failing after `timeoutMs`. */
async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('runFetch resume', () => {
  let server: MetServer;
  const dataDirs: string[] = [];
  const freshDataDir = () => {
    const dataDir = seededDataDir(images);
    dataDirs.push(dataDir);
    return dataDir;
  };

  beforeAll(async () => {
    server = await startMetServer();
  });
  afterEach(() => {
    server.clearFaults();
  });
  afterAll(async () => {
    await server.close();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  it('abort keeps unfinished objects pending', async () => {
    server.addFault((path) => (path.startsWith('/CRDImages/') ? { kind: 'delay', ms: 150 } : undefined));
    const dataDir = freshDataDir();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);

    const aborted = await runFetch({ dataDir, imageBaseUrl: server.imageBaseUrl, concurrency: 2, http: TEST_HTTP, signal: controller.signal });
    const afterAbort = readObjects(dataDir);
    expect(aborted.ok).toBe(false);
    expect(idsWithStatus(afterAbort, 'pending').length).toBeGreaterThan(0);
    expect(afterAbort.filter((row) => row.status === 'failed' && row.failureReason !== 'http 404')).toEqual([]);

    server.clearFaults();
    const resumed = await runFetch({ dataDir, imageBaseUrl: server.imageBaseUrl, http: TEST_HTTP });
    const final = readObjects(dataDir);
    expect(resumed.ok).toBe(true);
    expect(resumed.counts.fetched + aborted.counts.fetched).toBe(present.length);
    expect(idsWithStatus(final, 'fetched')).toEqual(presentIds);
    expect(idsWithStatus(final, 'pending')).toEqual([]);
  });

  it('SIGKILL then re-run fetches the same set', async () => {
    server.addFault((path) => (path.startsWith('/CRDImages/') ? { kind: 'delay', ms: 200 } : undefined));
    const dataDir = freshDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/fetch.ts', '--concurrency', '2'], {
      env: { ...process.env, DATA_DIR: dataDir, IMAGE_BASE_URL: server.imageBaseUrl, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

    await waitFor(() => idsWithStatus(readObjects(dataDir), 'fetched').length >= 3, 30_000, 'the child to fetch 3 objects');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = readObjects(dataDir);
    expect(idsWithStatus(afterKill, 'pending').length).toBeGreaterThan(0);

    server.clearFaults();
    await runFetch({ dataDir, imageBaseUrl: server.imageBaseUrl, http: TEST_HTTP });
    const final = readObjects(dataDir);
    expect(idsWithStatus(final, 'fetched')).toEqual(presentIds);
    expect(idsWithStatus(final, 'failed')).toEqual(missing.map((image) => image.id).sort((a, b) => a - b));
    for (const row of final.filter((candidate) => candidate.status === 'fetched')) {
      expect(existsSync(join(dataDir, row.thumbPath!)), `thumbnail of ${row.id}`).toBe(true);
      expect(row.attempts).toBe(1);
    }
  });

  it('limit takes the lowest ids', async () => {
    const dataDir = freshDataDir();
    const result = await runFetch({ dataDir, imageBaseUrl: 'sample/CRDImages', limit: 3 });
    const lowest = images.map((image) => image.id).sort((a, b) => a - b).slice(0, 3);
    expect(result.counts.selected).toBe(3);
    expect(readObjects(dataDir).filter((row) => row.status !== 'pending').map((row) => row.id)).toEqual(lowest);
  });

  it('shards split the objects', async () => {
    const dataDir = freshDataDir();
    const allIds = images.map((image) => image.id);
    const shardZero = idsForShard(allIds, { index: 0, count: 2 });

    await runFetch({ dataDir, imageBaseUrl: 'sample/CRDImages', shard: { index: 0, count: 2 } });
    const afterFirst = readObjects(dataDir);
    expect(afterFirst.filter((row) => row.status !== 'pending').map((row) => row.id)).toEqual(shardZero);

    const second = await runFetch({ dataDir, imageBaseUrl: 'sample/CRDImages', shard: { index: 1, count: 2 } });
    expect(second.counts.selected).toBe(allIds.length - shardZero.length);
    expect(idsWithStatus(readObjects(dataDir), 'pending')).toEqual([]);
  });

  it('reads a local folder', async () => {
    const dataDir = freshDataDir();
    const result = await runFetch({ dataDir, imageBaseUrl: 'sample/CRDImages' });
    const rows = readObjects(dataDir);
    expect(result.counts.fetched).toBe(present.length);
    expect(result.failures).toEqual({ 'file not found': missing.length });
    expect(rows.find((row) => row.status === 'fetched')?.httpStatus).toBeNull();
  });

  it('CLI prints the summary', async () => {
    const dataDir = freshDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/fetch.ts', '--limit', '2', '--image-base-url', 'sample/CRDImages'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fetch: done in /);
    expect(stdout).toContain('  fetched: 2\n');
  });
});
