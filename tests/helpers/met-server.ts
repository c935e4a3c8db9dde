import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * A loopback stand-in for every Met source the pipeline reads, serving a sample folder laid out like
 * sample/ (MetObjects.csv, met-openaccess-images.csv, api/, CRDImages/), with switchable faults.
 *
 * Routes (paths mirror the real hosts after their base URL):
 *   /openaccess/MetObjects.csv                  the Open Access CSV
 *   /map/met-openaccess-images.csv              the id,urlpath image map
 *   /api/public/collection/v1/objects[/<id>]    the Collection API
 *   /CRDImages/<dept>/<rendition>/<file>        the image CDN (only web-large files exist on disk)
 *
 * Files are sent with an ETag and Last-Modified; a request whose If-None-Match matches gets 304.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'delay'; ms: number } // responds normally after `ms` milliseconds
  | { kind: 'hang' } // sends nothing until the client gives up
  | { kind: 'truncate'; sendBytes?: number } // announces the full length, sends part, then drops the socket
  | { kind: 'html200' } // an HTML error page sent with status 200
  | { kind: 'contentType'; contentType: string } // the real body under another content type
  | { kind: 'body'; body: Buffer; contentType: string }; // any body, status 200

/** Chooses the fault for a request: `attempt` counts requests to the same path, from 1. */
export type FaultRule = (path: string, attempt: number) => Fault | undefined;

export interface RecordedRequest {
  method: string;
  path: string;
  at: number; // ms since the epoch
  userAgent: string | undefined;
  range: string | undefined;
  ifNoneMatch: string | undefined;
}

export interface MetServer {
  baseUrl: string;
  csvUrl: string;
  imageMapUrl: string;
  apiBaseUrl: string; // ends in /public/collection/v1
  imageBaseUrl: string; // ends in /CRDImages/
  requests: RecordedRequest[];
  /** Adds a rule; rules are tried in order and the first fault returned wins. */
  addFault(rule: FaultRule): void;
  /** Fails the first `times` requests to each path matching `pattern` with `fault`. */
  failFirst(pattern: RegExp, times: number, fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a request path to a file under `root`, or undefined when it is outside `root` or absent. */
function fileFor(root: string, path: string): string | undefined {
  let relative: string | undefined;
  if (path === '/openaccess/MetObjects.csv') relative = 'MetObjects.csv';
  else if (path === '/map/met-openaccess-images.csv') relative = 'met-openaccess-images.csv';
  else if (path === '/api/public/collection/v1/objects') relative = 'api/objects.json';
  else if (path.startsWith('/api/public/collection/v1/objects/')) {
    const id = path.slice('/api/public/collection/v1/objects/'.length);
    if (/^\d+$/.test(id)) relative = `api/objects/${id}.json`;
  } else if (path.startsWith('/CRDImages/')) {
    // sample/CRDImages names files exactly as the image map spells their paths, percent escapes
    // included (`DP101660%20%2074.51.1594.jpg`), so the path as sent is tried before its decoded form.
    const asSent = existingFile(root, path.slice(1));
    if (asSent) return asSent;
    relative = decodeURIComponent(path.slice(1));
  }
  if (!relative) return undefined;
  return existingFile(root, relative);
}

function existingFile(root: string, relative: string): string | undefined {
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function applyFault(fault: Fault, file: string | undefined, response: ServerResponse): boolean {
  switch (fault.kind) {
    case 'status': {
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      response.writeHead(fault.status, headers).end(fault.body ?? `fault: status ${fault.status}`);
      return true;
    }
    case 'hang':
      return true;
    case 'html200':
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html><body><h1>Service Unavailable</h1><p>Please try again later.</p></body></html>');
      return true;
    case 'body':
      response.writeHead(200, { 'content-type': fault.contentType, 'content-length': fault.body.length }).end(fault.body);
      return true;
    case 'truncate': {
      if (!file) return false;
      const size = statSync(file).size;
      const sendBytes = Math.min(fault.sendBytes ?? Math.floor(size / 2), size - 1);
      response.writeHead(200, { 'content-type': contentTypeOf(file), 'content-length': size });
      createReadStream(file, { start: 0, end: sendBytes - 1 })
        .on('end', () => response.socket?.destroy())
        .pipe(response, { end: false });
      return true;
    }
    case 'contentType':
    case 'delay':
      return false; // handled by the normal file response
  }
}

export async function startMetServer(options: { root?: string } = {}): Promise<MetServer> {
  const root = resolve(options.root ?? 'sample');
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  let rules: FaultRule[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({
      method: request.method ?? 'GET',
      path,
      at: Date.now(),
      userAgent: request.headers['user-agent'],
      range: request.headers.range,
      ifNoneMatch: request.headers['if-none-match'],
    });
    const attempt = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, attempt);

    const file = fileFor(root, path);
    const fault = rules.map((rule) => rule(path, attempt)).find((candidate) => candidate !== undefined);
    if (fault?.kind === 'delay') await new Promise((done) => setTimeout(done, fault.ms));
    if (fault && applyFault(fault, file, response)) return;

    if (!file) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not a valid object"}');
      return;
    }
    const contentType = fault?.kind === 'contentType' ? fault.contentType : contentTypeOf(file);
    const { size, mtime } = statSync(file);
    // Validators for conditional requests, so clients that cache downloads can be tested.
    const etag = `"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
    const lastModified = mtime.toUTCString();
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range && Number(range[1]) < size) {
      const start = Number(range[1]);
      response.writeHead(206, {
        'content-type': contentType,
        'content-length': size - start,
        'content-range': `bytes ${start}-${size - 1}/${size}`,
      });
      createReadStream(file, { start }).pipe(response);
      return;
    }
    response.writeHead(200, {
      'content-type': contentType,
      'content-length': size,
      'accept-ranges': 'bytes',
      etag,
      'last-modified': lastModified,
    });
    createReadStream(file).pipe(response);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    csvUrl: `${baseUrl}/openaccess/MetObjects.csv`,
    imageMapUrl: `${baseUrl}/map/met-openaccess-images.csv`,
    apiBaseUrl: `${baseUrl}/api/public/collection/v1`,
    imageBaseUrl: `${baseUrl}/CRDImages/`,
    requests,
    addFault(rule) {
      rules.push(rule);
    },
    failFirst(pattern, times, fault) {
      rules.push((path, attempt) => (pattern.test(path) && attempt <= times ? fault : undefined));
    },
    clearFaults() {
      rules = [];
      attempts.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
