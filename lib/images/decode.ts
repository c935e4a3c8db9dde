import sharp, { type Metadata } from 'sharp';

/** Smallest body taken for an image: anything shorter is an error page or an empty placeholder. */
export const MIN_IMAGE_BYTES = 1024;
/** Largest body taken for an image (16 MiB), which bounds the memory of each download in flight. */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
/** Pixel limit checked against the header before decoding, so a decompression bomb is never expanded. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** Long edge of the decoded pixels the pipeline keeps, in pixels (the thumbnail size). */
export const DEFAULT_MAX_EDGE = 512;

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff';

export type ImageRejection = 'not-an-image' | 'too-small' | 'too-large' | 'too-many-pixels' | 'decode-failed';

/** Bytes that are not a usable image; `message` is the failure reason the fetch stage records. */
export class ImageRejectedError extends Error {
  readonly kind: ImageRejection;

  constructor(kind: ImageRejection, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ImageRejectedError';
    this.kind = kind;
  }
}

/** A decoded image, normalised to 8-bit sRGB without alpha, upright, first frame only. */
export interface DecodedImage {
  format: ImageFormat;
  /** Size of the full image after EXIF rotation, in pixels. */
  width: number;
  height: number;
  /** Raw RGB pixels (3 bytes each, row-major) scaled to fit `maxEdge`, never enlarged. */
  pixels: Buffer;
  pixelWidth: number;
  pixelHeight: number;
}

export interface DecodeOptions {
  /** The HTTP Content-Type; omit for files read from disk, which have none. */
  contentType?: string | null;
  maxPixels?: number;
  maxEdge?: number;
}

/** Identifies the container from its leading bytes (its magic number). */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const startsWith = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  const ascii = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');

  if (startsWith(0xff, 0xd8, 0xff)) return 'jpeg';
  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (startsWith(0x49, 0x49, 0x2a, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return undefined;
}

/** Validates the bytes' size, Content-Type and magic number; throws ImageRejectedError naming the problem. */
export function validateImageBytes(bytes: Uint8Array, contentType?: string | null): ImageFormat {
  if (contentType) {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (!mediaType.startsWith('image/')) throw new ImageRejectedError('not-an-image', `not an image: ${mediaType}`);
  }
  if (bytes.length < MIN_IMAGE_BYTES) {
    throw new ImageRejectedError('too-small', `too small: ${bytes.length} bytes`);
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageRejectedError('too-large', `too large: ${bytes.length} bytes (limit ${MAX_IMAGE_BYTES})`);
  }

  const format = sniffImageFormat(bytes);
  if (!format) {
    const signature = Buffer.from(bytes.subarray(0, 8)).toString('hex');
    throw new ImageRejectedError('not-an-image', `not an image: unknown file signature ${signature}`);
  }
  return format;
}

/**
 * Validates and decodes downloaded image bytes: CMYK and greyscale become sRGB, 16-bit becomes 8-bit,
 * alpha is flattened onto white, EXIF orientation is applied and only the first frame of an animation
 * is read. Throws ImageRejectedError; a decode error carries sharp's message.
 */
export async function decodeImage(bytes: Buffer, options: DecodeOptions = {}): Promise<DecodedImage> {
  const format = validateImageBytes(bytes, options.contentType);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxEdge = options.maxEdge ?? DEFAULT_MAX_EDGE;

  // failOn 'error' rejects truncated or corrupt pixel data but tolerates the harmless warnings
  // (extra bytes after the end marker, unknown markers) that real scans often carry.
  const input = { failOn: 'error', limitInputPixels: maxPixels, pages: 1 } as const;

  let metadata: Metadata;
  try {
    // The header is read without the pixel limit so that an oversized image gets its own reason below.
    metadata = await sharp(bytes, { ...input, limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new ImageRejectedError('decode-failed', `decode failed: ${messageOf(cause)}`, { cause });
  }

  // metadata() reads only the header, so this check runs before any pixel is decompressed.
  const declaredPixels = metadata.width * metadata.height;
  if (declaredPixels > maxPixels) {
    throw new ImageRejectedError(
      'too-many-pixels',
      `too many pixels: ${metadata.width}×${metadata.height} is over the limit of ${maxPixels}`,
    );
  }

  try {
    const { data, info } = await sharp(bytes, input)
      .autoOrient()
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });

    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion to sRGB, got ${info.channels}`);
    return {
      format,
      width: metadata.autoOrient.width,
      height: metadata.autoOrient.height,
      pixels: data,
      pixelWidth: info.width,
      pixelHeight: info.height,
    };
  } catch (cause) {
    throw new ImageRejectedError('decode-failed', `decode failed: ${messageOf(cause)}`, { cause });
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // libvips messages span several lines; the first names the problem.
  return text.split('\n')[0].trim();
}
