/**
 * Image decoding and CLIP preprocessing with sharp (libvips), following OpenAI CLIP's transform.
 * The steps: convert to RGB, resize the shortest side to 224 with bicubic filtering, centre crop
 * 224 × 224, scale to [0, 1], normalise per channel, and lay out as NCHW float32.
 */
import sharp, { type OutputInfo } from 'sharp';

import { CLIP_VIT_B32, type ClipModelSpec } from './models';

/** Interleaved 8-bit sRGB pixels, 3 channels, row-major. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes any format sharp reads into 8-bit sRGB RGB: applies the EXIF orientation, converts CMYK,
 * greyscale and 16-bit images to sRGB, reads only the first frame of an animation, and drops alpha.
 * Dropping alpha (not compositing it) matches PIL's `convert("RGB")`, which CLIP uses.
 */
export async function decodeRgb(input: Buffer | string): Promise<RgbImage> {
  const { data, info } = await sharp(input, { pages: 1 })
    .autoOrient()
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });

  if (info.channels !== 3) {
    throw new Error(`decoded image has ${info.channels} channels after sRGB conversion; expected 3`);
  }
  return { data, width: info.width, height: info.height };
}

function rawInput(image: RgbImage) {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

export interface TrimOptions {
  /** Maximum difference from the corner colour that still counts as backdrop (sharp's default is 10). */
  threshold?: number;
  /** Smallest share of the original area the trimmed image may keep; below it the original is kept. */
  minKeptShare?: number;
}

export const DEFAULT_TRIM: Required<TrimOptions> = { threshold: 10, minKeptShare: 0.3 };

export interface TrimResult {
  image: RgbImage;
  /** True when the returned image is the trimmed one. */
  trimmed: boolean;
  /** Area of the trimmed box divided by the original area (1 when nothing was trimmed). */
  keptShare: number;
  /** Why the original was kept: 'nothing to trim', 'below min share', or the sharp error message. */
  keptOriginalReason?: string;
}

// Long edge of the copy the backdrop is detected on. sharp's trim cost grows faster than the pixel
// count (about 4 ms at 128 px but 35-100 ms at 512 px, sharp 0.35 on one core), and a uniform
// backdrop is just as visible at this size.
const TRIM_DETECT_SIZE = 128;

/** Bounding box of the non-backdrop pixels, in `image` coordinates, or null when sharp finds none. */
async function findTrimBox(image: RgbImage, threshold: number) {
  const scale = Math.min(1, TRIM_DETECT_SIZE / Math.max(image.width, image.height));
  const small = { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };

  // Two pipelines, because sharp always trims before it resizes within one.
  const detect = scale < 1 ? await rawInput(image).resize(small.width, small.height, { fit: 'fill' }).raw().toBuffer() : image.data;
  const { info } = await sharp(detect, { raw: { ...small, channels: 3 } })
    .trim({ threshold })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width === small.width && info.height === small.height) return null;

  // sharp reports the offsets as negative numbers. Map the box back and widen it by one small
  // pixel on each side, so rounding never cuts into the object.
  const scaleX = image.width / small.width;
  const scaleY = image.height / small.height;
  const left = Math.max(0, Math.floor((-(info.trimOffsetLeft ?? 0) - 1) * scaleX));
  const top = Math.max(0, Math.floor((-(info.trimOffsetTop ?? 0) - 1) * scaleY));
  const right = Math.min(image.width, Math.ceil((-(info.trimOffsetLeft ?? 0) + info.width + 1) * scaleX));
  const bottom = Math.min(image.height, Math.ceil((-(info.trimOffsetTop ?? 0) + info.height + 1) * scaleY));
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Crops a uniform studio backdrop around the object with sharp's `trim`, which compares pixels with
 * the top-left one, run on a copy at most 128 px long. Keeps the original when the crop would keep
 * less than `minKeptShare` of the area (the "backdrop" was part of the picture) or when sharp fails.
 */
export async function trimBackdrop(image: RgbImage, options: TrimOptions = {}): Promise<TrimResult> {
  const { threshold, minKeptShare } = { ...DEFAULT_TRIM, ...options };

  let box: Awaited<ReturnType<typeof findTrimBox>>;
  try {
    box = await findTrimBox(image, threshold);
  } catch (error) {
    return { image, trimmed: false, keptShare: 1, keptOriginalReason: error instanceof Error ? error.message : String(error) };
  }
  if (!box || (box.width === image.width && box.height === image.height)) {
    return { image, trimmed: false, keptShare: 1, keptOriginalReason: 'nothing to trim' };
  }

  const keptShare = (box.width * box.height) / (image.width * image.height);
  if (keptShare < minKeptShare) {
    return { image, trimmed: false, keptShare, keptOriginalReason: 'below min share' };
  }

  const { data, info } = await rawInput(image).extract(box).raw().toBuffer({ resolveWithObject: true });
  return { image: { data, width: info.width, height: info.height }, trimmed: true, keptShare };
}

/** Python's round(): halves go to the nearest even integer, as in torchvision's CenterCrop. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Size after torchvision's Resize(size) with an int size: the shorter side becomes `size` and the
 * longer side is scaled and truncated toward zero.
 */
export function resizedSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/** Top-left corner of a centred `size` × `size` crop, rounded as torchvision's CenterCrop does. */
export function centreCropOffset(width: number, height: number, size: number): { left: number; top: number } {
  return { left: roundHalfToEven((width - size) / 2), top: roundHalfToEven((height - size) / 2) };
}

/**
 * Resizes and crops `image` to the model's square input and returns it normalised as CHW float32
 * (3 × size × size). sharp's `cubic` kernel is a Catmull-Rom spline (sharp 0.35 docs), which is
 * Keys' cubic with a = -0.5, the kernel of PIL's BICUBIC (Pillow libImaging/Resample.c).
 * On 12 sample thumbnails it differs from a PIL reference by 0.15 levels on average (max 10, at
 * sharp edges), against 0.88 for `mitchell` (tests/embed/pil-reference.ts).
 * NOTE: from 4× downscaling up, the gap grows (1.6 levels against 0.6 at 2× on a synthetic
 * high-frequency pattern), which fits libvips box-shrinking before the cubic pass where PIL convolves
 * at once. From 512-px thumbnails the factor is at most about 2.3.
 */
export async function clipTensor(image: RgbImage, spec: ClipModelSpec = CLIP_VIT_B32): Promise<Float32Array> {
  const size = spec.inputSize;
  const resized = resizedSize(image.width, image.height, size);
  const crop = centreCropOffset(resized.width, resized.height, size);

  const { data, info } = await rawInput(image)
    .resize(resized.width, resized.height, { kernel: 'cubic', fit: 'fill' })
    .extract({ left: crop.left, top: crop.top, width: size, height: size })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== size || info.height !== size || info.channels !== 3) {
    throw new Error(`preprocessed image is ${info.width}×${info.height}×${info.channels}; expected ${size}×${size}×3`);
  }

  return normalizeToChw(data, size, spec);
}

/** Converts interleaved 8-bit RGB (size × size × 3) to CHW float32 with the model's mean and std. */
export function normalizeToChw(pixels: Uint8Array, size: number, spec: ClipModelSpec = CLIP_VIT_B32): Float32Array {
  const plane = size * size;
  const tensor = new Float32Array(3 * plane);
  for (let channel = 0; channel < 3; channel++) {
    const mean = spec.mean[channel];
    const std = spec.std[channel];
    for (let i = 0; i < plane; i++) tensor[channel * plane + i] = (pixels[i * 3 + channel] / 255 - mean) / std;
  }
  return tensor;
}
