import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CdnImageSource, encodePathSegments, FolderImageSource, imageSourceFor } from '@/lib/fetch/source';
import { startMetServer, type MetServer } from '../helpers/met-server';

describe('encodePathSegments', () => {
  it.each([
    ['ad/web-large/ap10.106.jpg', 'ad/web-large/ap10.106.jpg'],
    ['ao/web-large/1978.412.591_a.JPG', 'ao/web-large/1978.412.591_a.JPG'],
    ['gr/web-large/DP101660%20%2074.51.1594.jpg', 'gr/web-large/DP101660%20%2074.51.1594.jpg'],
    ['aa/web-large/sfrl42.50.35a,%20b_127370.jpg', 'aa/web-large/sfrl42.50.35a,%20b_127370.jpg'],
    ['ep/web-large/two words.jpg', 'ep/web-large/two%20words.jpg'],
    ['ep/web-large/a#b?c.jpg', 'ep/web-large/a%23b%3Fc.jpg'],
    ['ep/web-large/100%.jpg', 'ep/web-large/100%25.jpg'],
    ['ep/web-large/Dürer.jpg', 'ep/web-large/D%C3%BCrer.jpg'],
  ])('encodes %s', (path, expected) => {
    expect(encodePathSegments(path)).toBe(expected);
  });
});

describe('CdnImageSource', () => {
  let server: MetServer;
  beforeAll(async () => {
    server = await startMetServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('locates the web-large rendition', () => {
    const source = new CdnImageSource('https://images.metmuseum.org/CRDImages/', 'web-large');
    expect(source.locate('ao/original/1978.412.591_a.JPG')).toBe('https://images.metmuseum.org/CRDImages/ao/web-large/1978.412.591_a.JPG');
  });

  it('locates the original rendition', () => {
    const source = new CdnImageSource('https://images.metmuseum.org/CRDImages', 'original');
    expect(source.locate('ep/original/DT1567.jpg')).toBe('https://images.metmuseum.org/CRDImages/ep/original/DT1567.jpg');
  });

  it('downloads a percent-encoded name', async () => {
    const source = new CdnImageSource(server.imageBaseUrl, 'web-large');
    const download = await source.download('gr/original/DP101660%20%2074.51.1594.jpg');
    expect(download.ok).toBe(true);
    expect(server.requests.at(-1)?.path).toBe('/CRDImages/gr/web-large/DP101660%20%2074.51.1594.jpg');
  });

  it('reports 404 as its status', async () => {
    const download = await new CdnImageSource(server.imageBaseUrl, 'web-large').download('ad/original/missing.jpg');
    expect(download).toEqual({ ok: false, reason: 'http 404', httpStatus: 404, aborted: undefined });
  });
});

describe('FolderImageSource', () => {
  const emptyFolder = mkdtempSync(join(tmpdir(), 'crdimages-'));
  afterAll(() => rmSync(emptyFolder, { recursive: true, force: true }));

  it('reads the file as the source spells it', async () => {
    const download = await new FolderImageSource('sample/CRDImages', 'web-large').download('gr/original/DP101660%20%2074.51.1594.jpg');
    expect(download.ok).toBe(true);
  });

  it('reports a missing file', async () => {
    const download = await new FolderImageSource(emptyFolder, 'web-large').download('ad/original/117995.jpg');
    expect(download).toEqual({ ok: false, reason: 'file not found', httpStatus: null });
  });

  it('rejects a path outside the folder', async () => {
    const download = await new FolderImageSource(emptyFolder, 'original').download('../original/../../etc/passwd');
    expect(download).toEqual({ ok: false, reason: 'invalid image path: outside the image folder', httpStatus: null });
  });
});

describe('imageSourceFor', () => {
  it('chooses by the base', () => {
    expect(imageSourceFor('https://images.metmuseum.org/CRDImages/', 'web-large')).toBeInstanceOf(CdnImageSource);
    expect(imageSourceFor('sample/CRDImages', 'web-large')).toBeInstanceOf(FolderImageSource);
  });

  it('rejects another scheme', () => {
    expect(() => imageSourceFor('ftp://example.org/CRDImages', 'web-large')).toThrow(
      'invalid image base "ftp://example.org/CRDImages": expected an http(s) URL or a local folder path',
    );
  });
});
