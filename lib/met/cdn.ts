/**
 * Paths on the Met's image CDN. An image path is relative to the CRDImages base and names the
 * `original` rendition, for example `ep/original/DT1567.jpg`; other renditions swap that folder.
 */

/** The CDN base every image path is relative to. */
export const DEFAULT_IMAGE_BASE_URL = 'https://images.metmuseum.org/CRDImages/';

const ORIGINAL_SEGMENT = '/original/';

/**
 * Returns the path of the `web-large` rendition (long edge about 1,000 px) of an `original` path.
 * The file name is kept byte for byte, percent escapes included, because the CDN matches it exactly.
 * Throws when the path does not contain an `/original/` folder.
 */
export function webLargePath(imagePath: string): string {
  const at = imagePath.indexOf(ORIGINAL_SEGMENT);
  if (at < 0) {
    throw new Error(`invalid image path "${imagePath}": expected an original rendition such as "ep/original/DT1567.jpg"`);
  }
  return `${imagePath.slice(0, at)}/web-large/${imagePath.slice(at + ORIGINAL_SEGMENT.length)}`;
}

/**
 * Joins a CDN base URL and an image path with exactly one slash between them. The path is not
 * re-encoded: the sources already percent-encode names such as `DP101660%20%2074.51.1594.jpg`.
 */
export function imageUrl(baseUrl: string, imagePath: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${imagePath.replace(/^\/+/, '')}`;
}

/**
 * Converts a full CDN URL (as the Collection API returns it) to a path relative to CRDImages, or null
 * when the value is empty or does not point into CRDImages.
 */
export function imagePathFromUrl(url: string | null | undefined): string | null {
  const value = url?.trim();
  if (!value) return null;

  const marker = '/CRDImages/';
  const at = value.indexOf(marker);
  if (at < 0) return null;

  const path = value.slice(at + marker.length).split(/[?#]/)[0];
  return path.length > 0 ? path : null;
}
