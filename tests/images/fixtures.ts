import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Builders for test images. Every image has noisy pixels, so even small ones encode to more than the
 * 1 KB minimum that decodeImage accepts.
 */

/** Deterministic noise in [0, 1), so fixtures are identical on every run. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Raw RGB pixels near one colour: each channel within ±20 of `rgb`. */
export function noisyPixels(width: number, height: number, rgb: [number, number, number], seed = 1): Buffer {
  const random = noise(seed);
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = rgb[channel] + Math.round((random() - 0.5) * 40);
      pixels[i * 3 + channel] = Math.max(0, Math.min(255, value));
    }
  }
  return pixels;
}

export function noisyImage(width: number, height: number, rgb: [number, number, number] = [180, 120, 60], seed = 1) {
  return sharp(noisyPixels(width, height, rgb, seed), { raw: { width, height, channels: 3 } });
}

/** Two frames stacked vertically: the first near red, the second near blue. */
export function twoFrameImage(size: number) {
  const frames = Buffer.concat([noisyPixels(size, size, [220, 20, 20], 2), noisyPixels(size, size, [20, 20, 220], 3)]);
  return sharp(frames, { raw: { width: size, height: size * 2, channels: 3, pageHeight: size } });
}

/** Mean of each channel of raw interleaved pixels. */
export function meanColour(pixels: Buffer, channels = 3): number[] {
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < pixels.length; i++) sums[i % channels] += pixels[i];
  return sums.map((sum) => sum / (pixels.length / channels));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A decompression bomb: a PNG of a few KB whose header declares `width` × `height` RGB pixels. Its
 * single IDAT chunk holds only the first rows, so a decoder that trusted it would allocate the full
 * size before finding out.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const comment = Buffer.from(`Comment\0${'x'.repeat(2048)}`, 'latin1');
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', comment),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
