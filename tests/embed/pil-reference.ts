/**
 * A reference of PIL's `Image.resize(size, BICUBIC)` for 8-bit RGB, written from the algorithm in
 * Pillow's libImaging/Resample.c: a separable convolution with Keys' cubic (a = -0.5) whose support
 * widens by the scale factor when shrinking, horizontal pass first, rounding to 8 bits between and
 * after the passes. Floating point replaces Pillow's 22-bit fixed point, so a value may differ by 1.
 */
import type { RgbImage } from '../../lib/embed/preprocess';

function keysCubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** Weights of each output index over the input indexes [start, start + weights.length). */
function coefficients(inSize: number, outSize: number): Array<{ start: number; weights: number[] }> {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const result: Array<{ start: number; weights: number[] }> = [];
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale;
    const start = Math.max(Math.trunc(centre - support + 0.5), 0);
    const end = Math.min(Math.trunc(centre + support + 0.5), inSize);
    const weights: number[] = [];
    for (let x = start; x < end; x++) weights.push(keysCubic((x - centre + 0.5) / filterScale));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    result.push({ start, weights: weights.map((weight) => weight / total) });
  }
  return result;
}

const clip8 = (value: number) => Math.min(255, Math.max(0, Math.round(value)));

export function pilResizeBicubic(image: RgbImage, width: number, height: number): RgbImage {
  const horizontal = coefficients(image.width, width);
  const across = Buffer.alloc(width * image.height * 3);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const { start, weights } = horizontal[x];
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        weights.forEach((weight, k) => (sum += weight * image.data[(y * image.width + start + k) * 3 + c]));
        across[(y * width + x) * 3 + c] = clip8(sum);
      }
    }
  }

  const vertical = coefficients(image.height, height);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const { start, weights } = vertical[y];
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        weights.forEach((weight, k) => (sum += weight * across[((start + k) * width + x) * 3 + c]));
        data[(y * width + x) * 3 + c] = clip8(sum);
      }
    }
  }
  return { data, width, height };
}
