import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { downloadModel } from '../../lib/embed/download';
import { writeTestModel } from '../../lib/embed/test-model';
import { makeTempDir } from './fixtures';

// The loopback server serves one model file from disk, honours Range requests, and can cut the
// connection half way through its next response.
const temp = makeTempDir('download-');
const sourcePath = join(temp.path, 'source.onnx');
let body: Buffer;
let sha256: string;
let server: Server;
let baseUrl: string;
let requests: Array<{ range: string | undefined }>;
let cutNextResponse: boolean;

function handle(request: IncomingMessage, response: import('node:http').ServerResponse) {
  requests.push({ range: request.headers.range });
  if (request.url !== '/model.onnx') {
    response.writeHead(404).end();
    return;
  }

  const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  const start = match ? Number(match[1]) : 0;
  if (start >= body.length && match) {
    response.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
    return;
  }
  const headers: Record<string, string | number> = { 'Content-Length': body.length - start, 'Content-Type': 'application/octet-stream' };
  if (match) headers['Content-Range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
  response.writeHead(match ? 206 : 200, headers);

  if (cutNextResponse) {
    cutNextResponse = false;
    const half = Math.floor((body.length - start) / 2);
    // end() sends FIN after the data, where destroy() may send RST and make the client drop bytes it
    // has not read yet.
    response.write(body.subarray(start, start + half), () => response.socket?.end());
    return;
  }
  response.end(body.subarray(start));
}

beforeAll(async () => {
  writeTestModel(sourcePath);
  body = readFileSync(sourcePath);
  sha256 = createHash('sha256').update(body).digest('hex');
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  temp.remove();
});

let out: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  out = makeTempDir('models-');
  requests = [];
  cutNextResponse = false;
});
afterEach(() => out.remove());

describe('downloadModel', () => {
  it('downloads and verifies the file', async () => {
    const result = await downloadModel({ url: `${baseUrl}/model.onnx`, outputDir: out.path, sha256 });
    expect(result).toMatchObject({ sha256, bytes: body.length, verified: true, downloaded: true });
    expect(result.path).toBe(join(out.path, 'clip-vit-b32-vision.onnx'));
    expect(readFileSync(result.path).equals(body)).toBe(true);
    expect(existsSync(`${result.path}.part`)).toBe(false);
    expect(requests).toEqual([{ range: undefined }]);
  });

  it('resumes a cut connection with Range', async () => {
    cutNextResponse = true;
    const result = await downloadModel({ url: `${baseUrl}/model.onnx`, outputDir: out.path, sha256, retryDelayMs: 1 });
    expect(readFileSync(result.path).equals(body)).toBe(true);
    expect(requests).toHaveLength(2);
    expect(requests[0].range).toBeUndefined();
    // The resume offset is what reached the part file: the half the server sent, less any last
    // chunk that fetch dropped when the connection closed.
    const offset = Number(/^bytes=(\d+)-$/.exec(requests[1].range ?? '')?.[1]);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(Math.floor(body.length / 2));
  });

  it('resumes a part file from an earlier run', async () => {
    const target = join(out.path, 'clip-vit-b32-vision.onnx');
    writeFileSync(`${target}.part`, body.subarray(0, 1000));
    await downloadModel({ url: `${baseUrl}/model.onnx`, outputPath: target, sha256 });
    expect(requests).toEqual([{ range: 'bytes=1000-' }]);
    expect(readFileSync(target).equals(body)).toBe(true);
  });

  it('hash mismatch deletes the download', async () => {
    const wrong = '0'.repeat(64);
    const target = join(out.path, 'clip-vit-b32-vision.onnx');
    await expect(downloadModel({ url: `${baseUrl}/model.onnx`, outputPath: target, sha256: wrong })).rejects.toThrow(
      `SHA-256 mismatch for ${baseUrl}/model.onnx: expected ${wrong}, got ${sha256}; the download was deleted. ` +
        'Check --url, or pass --sha256 with the hash published for that file',
    );
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.part`)).toBe(false);
  });

  it('unknown hash keeps the file and reports it', async () => {
    const result = await downloadModel({ url: `${baseUrl}/model.onnx`, outputDir: out.path, sha256: null });
    expect(result.verified).toBe(false);
    expect(result.sha256).toBe(sha256);
    expect(statSync(result.path).size).toBe(body.length);
  });

  it('present file is not downloaded again', async () => {
    await downloadModel({ url: `${baseUrl}/model.onnx`, outputDir: out.path, sha256 });
    const again = await downloadModel({ url: `${baseUrl}/model.onnx`, outputDir: out.path, sha256 });
    expect(again.downloaded).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it('HTTP error names the status', async () => {
    await expect(downloadModel({ url: `${baseUrl}/missing.onnx`, outputDir: out.path, maxAttempts: 1 })).rejects.toThrow(
      `download of ${baseUrl}/missing.onnx failed after 1 attempts: download of ${baseUrl}/missing.onnx failed: HTTP 404 Not Found; ` +
        'check the network and the URL, then run the command again',
    );
  });
});
