/**
 * Checks an uploaded query image before anything decodes it: the byte count, the format from its
 * magic bytes, and the pixel count from sharp's header read. Uploads stay in memory and are never
 * written to disk.
 */
import sharp, { type Metadata } from 'sharp';

import { sniffImageFormat } from '@/lib/images/decode';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_PIXELS = 50_000_000;

/** Formats accepted for a query image; the pipeline's decoder also reads TIFF, which uploads may not use. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

export type UploadErrorCode = 'missing_image' | 'unsupported_image' | 'invalid_image' | 'image_too_large';

/** A rejected upload: `status` is 400 for a bad image and 413 when it has too many bytes or pixels. */
export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: UploadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const MESSAGES = {
  missing: 'No image received: send multipart/form-data with the picture in a field named "image".',
  tooManyBytes: (bytes: number) =>
    `The image is ${formatMegabytes(bytes)} MB; the limit is 10 MB. Resize or recompress it and upload it again.`,
  unsupported: (found: string) => `The file is not a supported image (found ${found}); upload a JPEG, PNG, WebP or GIF.`,
  unreadable: (format: ImageFormat) => `The file starts like a ${format.toUpperCase()} image but could not be read; it may be truncated or damaged.`,
  tooManyPixels: (width: number, height: number) =>
    `The image is ${width} × ${height} pixels (${formatMegapixels(width * height)} megapixels); the limit is 50 megapixels. Resize it and upload it again.`,
} as const;

function formatMegabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function formatMegapixels(pixels: number): string {
  return (pixels / 1_000_000).toFixed(2);
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((value, i) => bytes[offset + i] === value);
}

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/** Names a rejected file's kind for the error message, from its leading bytes. */
function describeUnsupported(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  if (startsWith(bytes, ascii('BM'))) return 'a BMP image';
  if (startsWith(bytes, ascii('%PDF'))) return 'a PDF document';
  if (startsWith(bytes, ascii('ftyp'), 4)) return 'an HEIF/AVIF or MP4 file';
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8');
  if (/^<\?xml|<svg[\s>]/i.test(head.trimStart())) return 'an SVG or XML document';
  if (!head.includes('\uFFFD') && !/[\u0000-\u0008\u000e-\u001f]/.test(head)) return 'text';
  return 'unknown binary data';
}

export interface CheckedImage {
  format: ImageFormat;
  width: number;
  /** Height of one frame; an animated GIF or WebP is searched by its first frame. */
  height: number;
}

/** Validates an upload's size, format and dimensions; throws UploadError with the message to show. */
export async function checkUpload(bytes: Uint8Array): Promise<CheckedImage> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadError(413, 'image_too_large', MESSAGES.tooManyBytes(bytes.length));

  const sniffed = sniffImageFormat(bytes);
  if (sniffed === 'tiff') throw new UploadError(400, 'unsupported_image', MESSAGES.unsupported('a TIFF image'));
  const format = sniffed;
  if (format === undefined) throw new UploadError(400, 'unsupported_image', MESSAGES.unsupported(describeUnsupported(bytes)));

  // metadata() reads the header only, so a pixel bomb is rejected before any pixel is decoded.
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new UploadError(400, 'invalid_image', MESSAGES.unreadable(format));
  }
  if (metadata.format !== format) {
    throw new UploadError(400, 'invalid_image', MESSAGES.unreadable(format));
  }

  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  if (width <= 0 || height <= 0) throw new UploadError(400, 'invalid_image', MESSAGES.unreadable(format));
  if (width * height > MAX_UPLOAD_PIXELS) throw new UploadError(413, 'image_too_large', MESSAGES.tooManyPixels(width, height));
  return { format, width, height };
}

/**
 * Reads a request body into memory, stopping with a 413 UploadError once it passes `maxBytes`, so an
 * oversized upload is never buffered whole. A Content-Length above the limit is rejected at once.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new UploadError(413, 'image_too_large', MESSAGES.tooManyBytes(declared));
  if (!request.body) return Buffer.alloc(0);

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new UploadError(413, 'image_too_large', MESSAGES.tooManyBytes(total));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Room for the multipart boundary and part headers around the image itself. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Extracts the `image` field of a multipart/form-data request, within the upload limits. */
export async function readImageField(request: Request): Promise<Uint8Array> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) throw new UploadError(400, 'missing_image', MESSAGES.missing);

  const body = await readLimitedBody(request, MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new UploadError(400, 'missing_image', MESSAGES.missing);
  }

  const field = form.get('image');
  if (!(field instanceof Blob)) throw new UploadError(400, 'missing_image', MESSAGES.missing);
  return new Uint8Array(await field.arrayBuffer());
}
