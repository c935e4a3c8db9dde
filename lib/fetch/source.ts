import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

import { HttpClient, HttpError, type HttpClientOptions } from '../http/client';
import { MAX_IMAGE_BYTES } from '../images/decode';
import { imageUrl, webLargePath } from '../met/cdn';

/** CDN renditions the fetch stage can download; `original` is the full-size scan. */
export const RENDITIONS = ['web-large', 'original'] as const;
export type Rendition = (typeof RENDITIONS)[number];

/** Bytes of one image, or why there are none. `httpStatus` is null for files read from disk. */
export type ImageDownload =
  | { ok: true; bytes: Buffer; contentType: string | null; httpStatus: number | null }
  | { ok: false; reason: string; httpStatus: number | null; aborted?: boolean };

/** A provider of image bytes: the Met's CDN over http(s), or a local folder laid out like sample/CRDImages. */
export interface ImageSource {
  /** Returns the URL or file path of the image at `imagePath` (an `original` CDN path). */
  locate(imagePath: string): string;
  download(imagePath: string, signal?: AbortSignal): Promise<ImageDownload>;
}

export function renditionPath(imagePath: string, rendition: Rendition): string {
  return rendition === 'web-large' ? webLargePath(imagePath) : imagePath;
}

/**
 * Percent-encodes the characters that are not allowed in a URL path segment, leaving existing
 * escapes alone: the sources already spell some names encoded (`DP101660%20%2074.51.1594.jpg`), and
 * encoding those again would request a different file. Case and everything else is kept as is.
 */
export function encodePathSegments(path: string): string {
  return path
    .split('/')
    .map((segment) => segment.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@%]/gu, (character) => encodeURIComponent(character)))
    .join('/');
}

/** Images from an http(s) base URL such as https://images.metmuseum.org/CRDImages/. */
export class CdnImageSource implements ImageSource {
  private readonly client: HttpClient;

  constructor(
    private readonly baseUrl: string,
    private readonly rendition: Rendition,
    httpOptions: Partial<HttpClientOptions> = {},
  ) {
    this.client = new HttpClient(httpOptions);
  }

  locate(imagePath: string): string {
    return imageUrl(this.baseUrl, encodePathSegments(renditionPath(imagePath, this.rendition)));
  }

  async download(imagePath: string, signal?: AbortSignal): Promise<ImageDownload> {
    const url = this.locate(imagePath);
    try {
      const result = await this.client.get(url, { accept: 'image/*', maxBytes: MAX_IMAGE_BYTES, signal });
      if (result.status < 200 || result.status > 299) {
        const suffix = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
        return { ok: false, reason: `http ${result.status}${suffix}`, httpStatus: result.status };
      }
      return { ok: true, bytes: result.body, contentType: result.headers.get('content-type'), httpStatus: result.status };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return { ok: false, reason: describeHttpError(error), httpStatus: error.status ?? null, aborted: error.reason === 'aborted' };
    }
  }
}

/** The failure reason recorded for a request that got no usable response. */
function describeHttpError(error: HttpError): string {
  const after = `after ${error.attempts} ${error.attempts === 1 ? 'attempt' : 'attempts'}`;
  switch (error.reason) {
    case 'timeout':
      return `timeout ${after}`;
    case 'network':
      return `network error ${after}`;
    case 'truncated':
      return `truncated body ${after}`;
    case 'too-large':
      return `too large: over ${MAX_IMAGE_BYTES} bytes`;
    case 'invalid-url':
      return `invalid URL: ${error.url}`;
    case 'aborted':
      return 'aborted';
  }
}

/**
 * Images from a local folder laid out like the CDN (`<dept>/web-large/<file>`), for the offline
 * quickstart. File names are used exactly as the source spells them, percent escapes included,
 * which is how sample/CRDImages stores them.
 */
export class FolderImageSource implements ImageSource {
  private readonly root: string;

  constructor(
    folder: string,
    private readonly rendition: Rendition,
  ) {
    this.root = resolve(folder);
  }

  locate(imagePath: string): string {
    return resolve(this.root, renditionPath(imagePath, this.rendition));
  }

  async download(imagePath: string): Promise<ImageDownload> {
    const file = this.locate(imagePath);
    if (!file.startsWith(this.root + sep)) {
      return { ok: false, reason: 'invalid image path: outside the image folder', httpStatus: null };
    }

    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'file not found', httpStatus: null };
      throw error;
    }
    if (size > MAX_IMAGE_BYTES) {
      return { ok: false, reason: `too large: ${size} bytes (limit ${MAX_IMAGE_BYTES})`, httpStatus: null };
    }
    return { ok: true, bytes: await readFile(file), contentType: null, httpStatus: null };
  }
}

/** Chooses the source from `base`: an http(s) URL is the CDN, anything else a local folder. */
export function imageSourceFor(base: string, rendition: Rendition, httpOptions: Partial<HttpClientOptions> = {}): ImageSource {
  if (/^https?:\/\//i.test(base)) return new CdnImageSource(base, rendition, httpOptions);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) {
    throw new Error(`invalid image base "${base}": expected an http(s) URL or a local folder path`);
  }
  return new FolderImageSource(base, rendition);
}
