/** A loopback http server that serves files from one folder, standing in for the image CDN. */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface StaticServer {
  url: string; // base URL ending in '/'
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Serve the folder's first file for every path, so any image path of a synthetic collection works. */
  fallbackFile?: boolean;
  /**
   * Serve the folder's files (subfolders included) in turn: a path whose file name ends in the number
   * n gets file n mod count, so a synthetic collection larger than the folder gets real, varied images.
   */
  cycleFiles?: boolean;
}

/** Returns a function from request path to the file to serve (a missing file is a 404). */
function fileChooser(folder: string, options: ServeOptions): (path: string) => string {
  if (options.fallbackFile) {
    const first = join(folder, readdirSync(folder).sort()[0]);
    return () => first;
  }
  if (options.cycleFiles) {
    const files = (readdirSync(folder, { recursive: true }) as string[])
      .map((name) => join(folder, name))
      .filter((file) => statSync(file).isFile())
      .sort();
    return (path) => {
      const number = Number(/(\d+)\.\w+$/.exec(path)?.[1] ?? 0);
      return files[number % files.length];
    };
  }
  return (path) => join(folder, path);
}

export async function serveFolder(folder: string, options: ServeOptions = {}): Promise<StaticServer> {
  const choose = fileChooser(folder, options);
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname));
    const file = choose(path);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': size });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
