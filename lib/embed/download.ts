/**
 * Downloads an ONNX model over HTTP(S) into a `.part` file, resuming an interrupted transfer with a
 * Range request, checks its SHA-256, and renames it into place only when the hash matches.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';

import { childLogger } from '../log';
import { sha256File } from './clip';
import { CLIP_VIT_B32, embedderSpec, type ClipModelSpec } from './models';

const log = childLogger('model-download');

export const DEFAULT_MODELS_DIR = './models';

export interface DownloadModelOptions {
  /** Registry name of the model; default clip-vit-b32. */
  model?: string;
  /** Overrides the spec's download URL. */
  url?: string;
  /** Full target path; default <outputDir>/<spec file name>. */
  outputPath?: string;
  outputDir?: string;
  /** Expected lower-case hex SHA-256; overrides the spec's. When neither is known, nothing is checked. */
  sha256?: string | null;
  /** Requests made before giving up, counting resumed ones; default 5. */
  maxAttempts?: number;
  /** Wait before a retry, doubled each time; default 1000 ms. */
  retryDelayMs?: number;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  bytes: number;
  /** True when the hash was checked against an expected value. */
  verified: boolean;
  /** False when the file was already in place and nothing was downloaded. */
  downloaded: boolean;
}

function clipSpec(name: string): ClipModelSpec {
  const spec = embedderSpec(name);
  if (spec.kind !== 'onnx') throw new Error(`embedder "${name}" has no model file to download`);
  return spec;
}

/** Size of the whole file from a 206 response's `Content-Range: bytes a-b/total`, if given. */
function totalFromContentRange(header: string | null): number | null {
  const match = header ? /\/(\d+)\s*$/.exec(header) : null;
  return match ? Number(match[1]) : null;
}

/**
 * Fetches `url` into `partPath`, starting at the bytes already there, and returns once the server
 * has sent the whole body. On an HTTP error or a broken connection it throws and leaves the part
 * file for a resumed attempt.
 */
async function fetchIntoPart(url: string, partPath: string): Promise<void> {
  const already = existsSync(partPath) ? statSync(partPath).size : 0;
  const headers: Record<string, string> = already > 0 ? { Range: `bytes=${already}-` } : {};
  const response = await fetch(url, { headers, redirect: 'follow' });

  if (response.status === 416 && already > 0) {
    // The part file already has every byte (or more): the server has nothing after `already`.
    const total = totalFromContentRange(response.headers.get('content-range'));
    await response.body?.cancel();
    if (total === already) return;
    rmSync(partPath, { force: true });
    throw new Error(`server rejected range ${already}- for ${url} (file size ${total ?? 'unknown'}); restarting from 0`);
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw new Error(`download of ${url} failed: HTTP ${response.status} ${response.statusText}`);
  }
  if (!response.body) throw new Error(`download of ${url} failed: the response has no body`);

  // 200 means the server ignored the range and is sending the whole file, so start over.
  const append = response.status === 206;
  if (already > 0) log.info({ url, offset: already, resumed: append }, append ? 'resuming download' : 'server ignored the range; restarting');

  const file = createWriteStream(partPath, { flags: append ? 'a' : 'w' });
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!file.write(value)) await once(file, 'drain');
    }
  } finally {
    file.end();
    await once(file, 'close');
  }
}

/** Downloads the model unless it is already in place; see DownloadModelOptions for the defaults. */
export async function downloadModel(options: DownloadModelOptions = {}): Promise<DownloadResult> {
  const spec = clipSpec(options.model ?? CLIP_VIT_B32.name);
  const url = options.url ?? spec.downloadUrl;
  const path = resolve(options.outputPath ?? join(options.outputDir ?? DEFAULT_MODELS_DIR, spec.fileName));
  const expected = (options.sha256 === undefined ? spec.sha256 : options.sha256)?.toLowerCase() ?? null;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;

  if (existsSync(path)) {
    const actual = await sha256File(path);
    if (expected === null || actual === expected) {
      return { path, sha256: actual, bytes: statSync(path).size, verified: expected !== null, downloaded: false };
    }
    log.warn({ path, expected, actual }, 'existing model file has the wrong SHA-256; downloading again');
  }

  mkdirSync(dirname(path), { recursive: true });
  const partPath = `${path}.part`;
  for (let attempt = 1; ; attempt++) {
    try {
      log.info({ url, path, attempt }, 'downloading model');
      await fetchIntoPart(url, partPath);
      break;
    } catch (error) {
      if (attempt >= maxAttempts) {
        throw new Error(
          `download of ${url} failed after ${attempt} attempts: ${error instanceof Error ? error.message : String(error)}; ` +
            (existsSync(partPath) ? `run the command again to resume from ${partPath}` : 'check the network and the URL, then run the command again'),
        );
      }
      log.warn({ url, attempt, err: error }, 'download interrupted; retrying with a range request');
      await new Promise((done) => setTimeout(done, retryDelayMs * 2 ** (attempt - 1)));
    }
  }

  const actual = await sha256File(partPath);
  if (expected !== null && actual !== expected) {
    rmSync(partPath, { force: true });
    throw new Error(
      `SHA-256 mismatch for ${url}: expected ${expected}, got ${actual}; the download was deleted. ` +
        'Check --url, or pass --sha256 with the hash published for that file',
    );
  }
  if (expected === null) {
    log.warn({ path, sha256: actual }, 'no expected SHA-256 is known for this model; record the computed hash after checking it');
  }

  renameSync(partPath, path);
  return { path, sha256: actual, bytes: statSync(path).size, verified: expected !== null, downloaded: true };
}
