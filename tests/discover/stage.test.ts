import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../../lib/db/client';
import { runDiscover, type DiscoverOptions } from '../../lib/discover/stage';
import { readMetObjects } from '../../lib/met/csv';
import { dataPaths } from '../../lib/paths';
import { startMetServer, type MetServer } from '../helpers/met-server';

const LOCAL_SOURCES = {
  csv: 'sample/MetObjects.csv',
  imageMap: 'sample/met-openaccess-images.csv',
  apiBaseUrl: 'sample/api',
};
const FAST_RETRIES = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 };

/*
 * Counts expected from the sample (see sample/README.md). It has 843 rows. 32 rows are marked not
 * public domain: 30 objects, two of them repeated. 150 sparse rows leave `Is Public Domain` empty, so
 * they count as not public domain. Of the 661 public-domain rows, 635 are in the image map and the
 * Collection API resolves the other 26.
 */
const SAMPLE_COUNTS = {
  rowsRead: 843,
  malformed: 0,
  notPublicDomain: 182,
  ofThemPublicDomainFlagEmpty: 150,
  noImagePath: 0,
  imageMapRows: 782,
  apiLookups: 26,
  apiResolved: 26,
  kept: 661,
};

function queryObjects(dataDir: string, sql: string, ...params: unknown[]) {
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    return db.$client.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    db.$client.close();
  }
}

describe('runDiscover', () => {
  let server: MetServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startMetServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'met-discover-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    server.clearFaults();
    server.requests.length = 0;
  });

  const httpSources = (): Partial<DiscoverOptions> => ({
    csv: server.csvUrl,
    imageMap: server.imageMapUrl,
    apiBaseUrl: server.apiBaseUrl,
    http: FAST_RETRIES,
  });
  const apiRequests = () => server.requests.filter((request) => request.path.includes('/objects/')).length;

  it('discovers the sample from local paths', async () => {
    const result = await runDiscover({ dataDir, ...LOCAL_SOURCES });

    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ ...SAMPLE_COUNTS, inserted: 661, upserted: 661, unchanged: 0 });
    expect(result.failures).toEqual({});
    expect(queryObjects(dataDir, 'SELECT image_source, status, count(*) AS n FROM objects GROUP BY 1, 2 ORDER BY 1')).toEqual([
      { image_source: 'api', status: 'pending', n: 26 },
      { image_source: 'map', status: 'pending', n: 635 },
    ]);
  });

  it('stores normalised metadata', async () => {
    await runDiscover({ dataDir, ...LOCAL_SOURCES });
    const [row] = queryObjects(dataDir, 'SELECT * FROM objects WHERE id = 10166');
    expect(row).toMatchObject({
      accession_number: '95.14.116',
      title: 'Daniel Webster',
      artist: 'William Russell Birch',
      department: 'The American Wing',
      date_text: 'after 1833',
      begin_year: 1822,
      end_year: 1832,
      image_path: 'ad/original/ap95.14.116.jpg',
      image_source: 'map',
      status: 'pending',
    });
  });

  it('discovers the sample over http', async () => {
    const result = await runDiscover({ dataDir, ...httpSources() });
    expect(result.counts).toMatchObject({ ...SAMPLE_COUNTS, apiRequests: 26, apiCacheHits: 0 });
    expect(apiRequests()).toBe(26);
  });

  it('re-run sends no API request twice', async () => {
    await runDiscover({ dataDir, ...httpSources() });
    const second = await runDiscover({ dataDir, ...httpSources() });

    expect(second.counts).toMatchObject({ kept: 661, apiLookups: 26, apiCacheHits: 26, apiRequests: 0, upserted: 0, unchanged: 661 });
    expect(apiRequests()).toBe(26);
  });

  it('retries 429s during the API fallback', async () => {
    server.failFirst(/\/objects\/\d+$/, 2, { kind: 'status', status: 429, retryAfter: '1' });
    const result = await runDiscover({ dataDir, ...httpSources() });

    expect(result.counts).toMatchObject({ apiResolved: 26, kept: 661 });
    expect(result.failures).toEqual({});
    expect(apiRequests()).toBe(26 * 3);
  });

  it('counts API failures by reason', async () => {
    server.failFirst(/\/objects\/198220$/, 3, { kind: 'status', status: 503 });
    const first = await runDiscover({ dataDir, ...httpSources() });
    expect(first.counts).toMatchObject({ apiResolved: 25, kept: 660 });
    expect(first.failures).toEqual({ 'API returned HTTP 503': 1 });

    // The failure was not cached, so the next run sends the request again and succeeds.
    const second = await runDiscover({ dataDir, ...httpSources() });
    expect(second.counts).toMatchObject({ apiRequests: 1, inserted: 1, kept: 661 });
  });

  it('caches API 404s', async () => {
    // Object 10076 is renumbered to an id that neither the map nor the API contains.
    const csv = join(dataDir, 'renumbered.csv');
    writeFileSync(csv, readFileSync(LOCAL_SOURCES.csv, 'utf8').replace(',10076,', ',99999999,'));
    const options = { dataDir, ...httpSources(), csv };

    const first = await runDiscover(options);
    expect(first.counts).toMatchObject({ noImagePath: 1, apiLookups: 27, apiRequests: 27, kept: 660 });
    const second = await runDiscover(options);
    expect(second.counts).toMatchObject({ noImagePath: 1, apiRequests: 0, apiCacheHits: 27 });
    expect(queryObjects(dataDir, 'SELECT http_status FROM api_cache WHERE object_id = 99999999')).toEqual([{ http_status: 404 }]);
  });

  it('resumes after a cut-off CSV download', async () => {
    // With batches of 50, the rows in the first 150 KB are written before the connection drops.
    server.failFirst(/MetObjects\.csv$/, 1, { kind: 'truncate', sendBytes: 150_000 });
    await expect(runDiscover({ dataDir, ...httpSources(), batchSize: 50 })).rejects.toThrow(`reading ${server.csvUrl} failed: terminated`);
    const written = queryObjects(dataDir, 'SELECT count(*) AS n FROM objects')[0].n as number;
    expect(written).toBeGreaterThan(0);

    const second = await runDiscover({ dataDir, ...httpSources() });
    expect(second.counts).toMatchObject({ kept: 661, inserted: 661 - written, unchanged: written });
  });

  it('skips unmapped objects without fallback', async () => {
    const result = await runDiscover({ dataDir, ...LOCAL_SOURCES, useApiFallback: false });
    expect(result.counts).toMatchObject({ noImagePath: 26, apiLookups: 0, kept: 635 });
  });

  it('keeps the first n with --limit', async () => {
    const expected: number[] = [];
    for await (const item of readMetObjects(createReadStream(LOCAL_SOURCES.csv))) {
      if (item.kind === 'object' && item.object.publicDomain === true && expected.length < 40) expected.push(item.object.id);
    }

    const result = await runDiscover({ dataDir, ...LOCAL_SOURCES, limit: 40, batchSize: 7 });
    expect(result.counts).toMatchObject({ kept: 40, inserted: 40 });
    const ids = queryObjects(dataDir, 'SELECT id FROM objects ORDER BY id').map((row) => row.id);
    expect(ids).toEqual([...expected].sort((a, b) => a - b));
  });

  it('keeps the fetch status on re-run', async () => {
    await runDiscover({ dataDir, ...LOCAL_SOURCES });
    queryObjects(dataDir, "UPDATE objects SET status = 'embedded', thumb_path = 'thumbs/076/10076.webp', title = 'stale' WHERE id = 10076 RETURNING id");

    const second = await runDiscover({ dataDir, ...LOCAL_SOURCES });
    expect(second.counts).toMatchObject({ updated: 1, unchanged: 660, imageChanged: 0, inserted: 0 });
    expect(queryObjects(dataDir, 'SELECT status, thumb_path, title FROM objects WHERE id = 10076')).toEqual([
      { status: 'embedded', thumb_path: 'thumbs/076/10076.webp', title: 'James Topham Brady' },
    ]);
  });

  it('resets the status when the image changes', async () => {
    await runDiscover({ dataDir, ...LOCAL_SOURCES });
    queryObjects(dataDir, "UPDATE objects SET status = 'fetched', bytes = 5, image_path = 'ad/original/old.jpg' WHERE id = 10076 RETURNING id");

    const second = await runDiscover({ dataDir, ...LOCAL_SOURCES });
    expect(second.counts).toMatchObject({ imageChanged: 1, unchanged: 660 });
    expect(queryObjects(dataDir, 'SELECT status, bytes, image_path FROM objects WHERE id = 10076')).toEqual([
      { status: 'pending', bytes: null, image_path: 'ad/original/ap10.106.jpg' },
    ]);
  });

  it('counts malformed rows and goes on', async () => {
    const [header, ...rows] = readFileSync(LOCAL_SOURCES.csv, 'utf8').split('\r\n');
    const csv = join(dataDir, 'malformed.csv');
    writeFileSync(csv, [header, rows[0], '10999,True,short', rows[1], 'x1,True', rows[2], ''].join('\r\n'));

    const result = await runDiscover({ dataDir, ...LOCAL_SOURCES, csv });
    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ rowsRead: 5, malformed: 2, kept: 3 });
    expect(result.failures).toEqual({ 'malformed CSV row': 2 });
  });

  it('rejects a CSV without required columns', async () => {
    const csv = join(dataDir, 'columns.csv');
    writeFileSync(csv, 'Object ID,Title\n1,x\n');
    await expect(runDiscover({ dataDir, ...LOCAL_SOURCES, csv })).rejects.toThrow(
      `${csv} is missing required columns "Is Public Domain", "Object Number", "Artist Display Name", "Culture", ` +
        '"Department", "Classification", "Object Name", "Medium", "Portfolio", "Object Date", "Object Begin Date", ' +
        '"Object End Date", "Link Resource"; found 2 columns: "Object ID", "Title". ' +
        'Check that the source is the Met Open Access MetObjects.csv.',
    );
  });
});
