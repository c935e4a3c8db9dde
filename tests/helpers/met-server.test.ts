import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startMetServer, type MetServer } from './met-server';

describe('met test server', () => {
  let server: MetServer;
  beforeAll(async () => {
    server = await startMetServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the CSV and an image', async () => {
    const csv = await fetch(server.csvUrl);
    expect(csv.status).toBe(200);
    expect((await csv.text()).startsWith('Object Number,')).toBe(true);

    const image = await fetch(`${server.imageBaseUrl}ad/web-large/117995.jpg`);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });

  it('answers 404 for paths outside the sample', async () => {
    const response = await fetch(`${server.baseUrl}/CRDImages/..%2F..%2Fpackage.json`);
    expect(response.status).toBe(404);
  });

  it('fails the first requests then recovers', async () => {
    server.failFirst(/objects\/10076$/, 2, { kind: 'status', status: 429, retryAfter: '1' });
    const first = await fetch(`${server.apiBaseUrl}/objects/10076`);
    const second = await fetch(`${server.apiBaseUrl}/objects/10076`);
    const third = await fetch(`${server.apiBaseUrl}/objects/10076`);
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('1');
    server.clearFaults();
  });
});
