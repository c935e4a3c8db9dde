import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import { childLogger } from '../log';

const log = childLogger('met-source');

// NOTE: both defaults are the published locations as of 2024; they could not be fetched from the
// machine this was written on (no internet), so override them when a download fails.
/** MetObjects.csv through GitHub's LFS media host; raw.githubusercontent.com serves only the LFS pointer. */
export const DEFAULT_CSV_URL = 'https://media.githubusercontent.com/media/metmuseum/openaccess/master/MetObjects.csv';
/** The community `id,urlpath` map from Object ID to the CDN path of the original image. */
export const DEFAULT_IMAGE_MAP_URL =
  'https://raw.githubusercontent.com/aaronland/go-metmuseum-openaccess/main/data/met-openaccess-images.csv';

export const DEFAULT_USER_AGENT = 'met-twins/0.1 (+visual twin explorer; node)';

export interface OpenSourceOptions {
  /** Folder for cached downloads (DATA_DIR/downloads); without it nothing is cached. */
  downloadsDir?: string;
  /** Caches the download and revalidates it with ETag / Last-Modified. Default: true for https URLs. */
  cache?: boolean;
  userAgent?: string;
  /** Limit for the response headers to arrive, in ms; the body may then take as long as it needs. */
  headersTimeoutMs?: number;
}

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/**
 * Opens a source given as a local path or an http(s) URL as a byte stream. The body is streamed, never
 * held in memory whole. The stream fails with a clear error when the content is a Git LFS pointer or an
 * HTML page instead of data.
 */
export async function openSource(location: string, options: OpenSourceOptions = {}): Promise<Readable> {
  let stream: Readable;
  if (!isUrl(location)) {
    if (!existsSync(location) || !statSync(location).isFile()) {
      throw new Error(`source file not found: ${location}; give an existing file or an http(s) URL`);
    }
    stream = createReadStream(location);
  } else {
    const cache = options.cache ?? location.toLowerCase().startsWith('https:');
    stream = cache && options.downloadsDir ? await openCached(location, options.downloadsDir, options) : await openUrl(location, options);
  }
  // A read error reaches the reader with the source named; a reader that stops early releases the source.
  const sniffer = new ContentSniffer(location);
  stream.on('error', (error) => sniffer.destroy(new Error(`reading ${location} failed: ${error.message}`, { cause: error })));
  sniffer.on('close', () => stream.destroy());
  return stream.pipe(sniffer);
}

async function request(url: string, options: OpenSourceOptions, headers: Record<string, string> = {}): Promise<Response> {
  const controller = new AbortController();
  const timeoutMs = options.headersTimeoutMs ?? 60_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(url, {
      headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...headers },
      signal: controller.signal,
    });
  } catch (error) {
    const detail = controller.signal.aborted ? `no response within ${timeoutMs} ms` : String((error as Error).cause ?? error);
    throw new Error(`GET ${url} failed: ${detail}; check the URL and the network`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function bodyStream(response: Response): Readable {
  return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
}

async function openUrl(url: string, options: OpenSourceOptions): Promise<Readable> {
  const response = await request(url, options);
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`GET ${url} failed with HTTP ${response.status}; check the URL`);
  }
  return bodyStream(response);
}

interface CacheEntry {
  url: string;
  etag: string | null;
  lastModified: string | null;
  bytes: number;
  downloadedAt: string;
}

/** Returns a stable cache file per URL: the URL's own file name after a short hash, so two URLs never collide. */
export function cacheFileFor(url: string, downloadsDir: string): string {
  const name = basename(new URL(url).pathname) || 'download';
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 10);
  return join(downloadsDir, `${hash}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
}

function readCacheEntry(metaFile: string, file: string, url: string): CacheEntry | null {
  if (!existsSync(metaFile) || !existsSync(file)) return null;
  try {
    const entry = JSON.parse(readFileSync(metaFile, 'utf8')) as CacheEntry;
    return entry.url === url && statSync(file).size === entry.bytes ? entry : null;
  } catch {
    return null;
  }
}

/**
 * Downloads `url` into the cache folder (revalidating an earlier copy with If-None-Match /
 * If-Modified-Since) and returns a stream of the cached file. The download goes to a `.part` file
 * that is renamed only once complete, so an interrupted run never leaves a truncated cache entry.
 */
async function openCached(url: string, downloadsDir: string, options: OpenSourceOptions): Promise<Readable> {
  mkdirSync(downloadsDir, { recursive: true });
  const file = cacheFileFor(url, downloadsDir);
  const metaFile = `${file}.json`;
  const cached = readCacheEntry(metaFile, file, url);

  const headers: Record<string, string> = {};
  if (cached?.etag) headers['if-none-match'] = cached.etag;
  if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;

  let response: Response;
  try {
    response = await request(url, options, headers);
  } catch (error) {
    if (!cached) throw error;
    log.warn({ url, file, err: error }, 'revalidation failed; using the cached download');
    return createReadStream(file);
  }

  if (response.status === 304 && cached) {
    log.info({ url, file }, 'cached download is current');
    return createReadStream(file);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`GET ${url} failed with HTTP ${response.status}; check the URL`);
  }

  const partFile = `${file}.part`;
  log.info({ url, file }, 'downloading');
  try {
    await pipeline(bodyStream(response), createWriteStream(partFile));
  } catch (error) {
    rmSync(partFile, { force: true });
    throw new Error(`download of ${url} was interrupted: ${(error as Error).message}; run again to retry`, { cause: error });
  }

  const bytes = statSync(partFile).size;
  const expected = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(expected) && expected !== bytes) {
    rmSync(partFile, { force: true });
    throw new Error(`download of ${url} is incomplete: ${bytes} of ${expected} bytes; run again to retry`);
  }
  renameSync(partFile, file);

  const entry: CacheEntry = {
    url,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    bytes,
    downloadedAt: new Date().toISOString(),
  };
  writeFileSync(metaFile, `${JSON.stringify(entry, null, 2)}\n`);
  log.info({ url, file, bytes }, 'download complete');
  return createReadStream(file);
}

const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/';
const SNIFF_BYTES = 512;

/**
 * Passes bytes through unchanged after checking the first ones: a Git LFS pointer (what GitHub's raw
 * host serves for LFS files) or an HTML page (an error page sent with status 200) fails the stream.
 */
class ContentSniffer extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private checked = false;

  constructor(private readonly location: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.checked) return callback(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return callback();
    this.release(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.checked) return this.release(callback);
    callback();
  }

  private release(callback: TransformCallback): void {
    this.checked = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    const text = head.subarray(0, SNIFF_BYTES).toString('utf8').replace(/^\uFEFF/, '').trimStart();

    if (text.startsWith(LFS_POINTER_PREFIX)) {
      return callback(
        new Error(
          `${this.location} is a Git LFS pointer, not the data file: use the LFS media URL ` +
            `(for MetObjects.csv, ${DEFAULT_CSV_URL}) or run "git lfs pull" in a clone`,
        ),
      );
    }
    if (/^<(!doctype html|html|head|body)\b/i.test(text)) {
      return callback(new Error(`${this.location} returned an HTML page, not CSV data; check the URL`));
    }
    callback(null, head);
  }
}
