import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { loadImageMap } from '../../lib/met/image-map';
import { openSource } from '../../lib/met/source';
import { startMetServer } from '../helpers/met-server';

function load(text: string) {
  return loadImageMap(Readable.from([Buffer.from(text)]), { source: 'map.csv' });
}

describe('loadImageMap', () => {
  it('loads the sample map', async () => {
    const map = await loadImageMap(createReadStream('sample/met-openaccess-images.csv'));
    expect(map.rows).toBe(782);
    expect(map.paths.size).toBe(782);
    expect(map.invalid).toBe(0);
    expect(map.paths.get(10076)).toBe('ad/original/ap10.106.jpg');
  });

  it('keeps unquoted commas in paths', async () => {
    const map = await loadImageMap(createReadStream('sample/met-openaccess-images.csv'));
    expect(map.paths.get(24703)).toBe('aa/original/sfrl42.50.35a,%20b_127370.jpg');
  });

  it('unquotes a quoted path', async () => {
    const map = await load('id,urlpath\r\n7,"ep/original/a,b.jpg"\r\n');
    expect(map.paths.get(7)).toBe('ep/original/a,b.jpg');
  });

  it('counts and skips invalid rows', async () => {
    const map = await load('id,urlpath\n1,ep/original/a.jpg\nabc,ep/original/b.jpg\n2,\n-3,ep/original/c.jpg\n4\n\n5,ep/original/e.jpg\n');
    expect([...map.paths.entries()]).toEqual([
      [1, 'ep/original/a.jpg'],
      [5, 'ep/original/e.jpg'],
    ]);
    expect(map.rows).toBe(6);
    expect(map.invalid).toBe(4);
  });

  it('keeps the first duplicate', async () => {
    const map = await load('id,urlpath\n1,ep/original/a.jpg\n1,ep/original/b.jpg\n');
    expect(map.paths.get(1)).toBe('ep/original/a.jpg');
    expect(map.duplicates).toBe(1);
  });

  it('rejects a wrong header', async () => {
    await expect(load('Object ID,Title\n1,x\n')).rejects.toThrow(
      'map.csv has the header "Object ID,Title": expected "id,urlpath"; check the image map URL or path',
    );
  });

  it('rejects an empty source', async () => {
    await expect(load('')).rejects.toThrow('map.csv is empty: expected a header "id,urlpath" and one row per object');
  });
});

describe('loadImageMap over http', () => {
  it('rejects a cut-off download', async () => {
    const server = await startMetServer();
    try {
      server.failFirst(/images\.csv$/, 1, { kind: 'truncate', sendBytes: 2000 });
      await expect(loadImageMap(await openSource(server.imageMapUrl))).rejects.toThrow(
        `reading ${server.imageMapUrl} failed: terminated`,
      );
    } finally {
      await server.close();
    }
  });
});
