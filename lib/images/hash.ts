import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** SHA-256 of the bytes, as 64 lowercase hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Raw interleaved 8-bit pixels, as `decodeImage` returns them. */
export interface RawPixels {
  pixels: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Computes a 64-bit difference hash (dHash) as 16 lowercase hex digits: the image is reduced to a 9×8
 * greyscale grid (aspect ratio ignored), and each of the 64 bits is 1 when a cell is brighter than its
 * right-hand neighbour. Bits are ordered row by row, most significant first. Near-duplicate images
 * differ in few bits, so the Hamming distance measures how alike two images look.
 */
export async function differenceHash(image: RawPixels): Promise<string> {
  const grid = await sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .greyscale()
    .resize(9, 8, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });

  if (grid.info.channels !== 1 || grid.data.length !== 72) {
    throw new Error(`dHash grid has ${grid.data.length} bytes in ${grid.info.channels} channels, expected 72 in 1`);
  }

  let hash = 0n;
  for (let row = 0; row < 8; row++) {
    for (let column = 0; column < 8; column++) {
      const left = grid.data[row * 9 + column];
      const right = grid.data[row * 9 + column + 1];
      hash = (hash << 1n) | (left > right ? 1n : 0n);
    }
  }
  return hash.toString(16).padStart(16, '0');
}

const HASH_PATTERN = /^[0-9a-f]{16}$/i;

/** Number of differing bits between two 64-bit hashes given as 16 hex digits (0 = identical, 64 = inverse). */
export function hammingDistance(a: string, b: string): number {
  for (const hash of [a, b]) {
    if (!HASH_PATTERN.test(hash)) throw new Error(`invalid perceptual hash "${hash}": expected 16 hex digits`);
  }

  let difference = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (difference > 0n) {
    count += Number(difference & 1n);
    difference >>= 1n;
  }
  return count;
}
