/**
 * Downloads the text model's files from a loopback server that serves a generated model and a
 * tokenizer.json built from the real-vocabulary fixture, then loads the result with the encoder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { downloadTextModel, textModelFileUrl } from '@/lib/text/download';
import { createClipTextEncoder } from '@/lib/text/encoder';
import { textModelDir } from '@/lib/text/model';
import { buildTextTestModel } from '@/lib/text/test-model';

const fixtureDir = fileURLToPath(new URL('./fixtures/clip-head/', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'clip-text-download-'));

const files = new Map<string, Buffer>();
const requested: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  const vocab = JSON.parse(readFileSync(join(fixtureDir, 'vocab.json'), 'utf8')) as Record<string, number>;
  const merges = readFileSync(join(fixtureDir, 'merges.txt'), 'utf8').trimEnd().split('\n').slice(1);
  files.set('/repo/model.onnx', Buffer.from(buildTextTestModel()));
  files.set('/repo/tokenizer.json', Buffer.from(JSON.stringify({ model: { type: 'BPE', vocab, merges } })));

  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

describe('downloadTextModel', () => {
  it('fetches a loadable model folder', async () => {
    const modelsDir = join(workDir, 'models');
    const results = await downloadTextModel({ baseUrl: `${baseUrl}/repo/`, modelsDir });

    expect(results.map((result) => result.path)).toEqual([
      join(textModelDir(modelsDir), 'model.onnx'),
      join(textModelDir(modelsDir), 'tokenizer.json'),
    ]);
    expect(results.every((result) => result.downloaded)).toBe(true);

    const encoder = await createClipTextEncoder(textModelDir(modelsDir));
    expect(encoder.tokenizer.tokenize('a photo of a cat').slice(0, 7)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect(await encoder.encodeText('a photo of a cat')).toHaveLength(512);
    await encoder.release();
  });

  it('skips files already in place', async () => {
    const modelsDir = join(workDir, 'again');
    await downloadTextModel({ baseUrl: `${baseUrl}/repo`, modelsDir });
    requested.length = 0;

    const results = await downloadTextModel({ baseUrl: `${baseUrl}/repo`, modelsDir });
    expect(results.map((result) => result.downloaded)).toEqual([false, false]);
    expect(requested).toEqual([]);
  });

  it('reports a missing file', async () => {
    await expect(
      downloadTextModel({ baseUrl: `${baseUrl}/absent`, modelsDir: join(workDir, 'absent'), maxAttempts: 1 }),
    ).rejects.toThrow(`download of ${baseUrl}/absent/model.onnx failed after 1 attempts: download of ${baseUrl}/absent/model.onnx failed: HTTP 404 Not Found`);
  });
});

describe('textModelFileUrl', () => {
  it('uses the published URL by default', () => {
    expect(textModelFileUrl('model.onnx', 'https://example.org/model.onnx')).toBe('https://example.org/model.onnx');
  });

  it('joins a base URL and file name', () => {
    expect(textModelFileUrl('tokenizer.json', 'unused', 'http://127.0.0.1:9/repo//')).toBe('http://127.0.0.1:9/repo/tokenizer.json');
  });
});
