/**
 * NumPy .npy format version 1.0 for the dtypes the pipeline stores: float32, int32 and int64,
 * little-endian, C order. The header matches what numpy 2.x writes byte for byte, so files diff
 * cleanly against numpy's own output.
 */
import { readFileSync } from 'node:fs';

import { writeFileAtomic } from './files';

export type NpyDtype = 'float32' | 'int32' | 'int64';
export type NpyData = Float32Array | Int32Array | BigInt64Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // "\x93NUMPY"
const PREFIX_LENGTH = 10; // magic (6) + version (2) + header length (uint16)
const ALIGNMENT = 64; // numpy pads the header so that the data starts on a 64-byte boundary
// numpy leaves room for the first axis to grow to 21 digits so the header can be rewritten in place.
const GROWTH_AXIS_MAX_DIGITS = 21;

const DESCRIPTORS: Record<NpyDtype, string> = { float32: '<f4', int32: '<i4', int64: '<i8' };
const BYTES_PER_ELEMENT: Record<NpyDtype, number> = { float32: 4, int32: 4, int64: 8 };

function dtypeOf(data: NpyData): NpyDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Builds the 10-byte prefix and padded header for an array of `dtype` and `shape`. */
export function encodeNpyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  let header = `{'descr': '${DESCRIPTORS[dtype]}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  if (shape.length > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);

  // The header ends with a newline, and spaces before it pad the whole prefix + header to 64 bytes.
  const unpadded = PREFIX_LENGTH + header.length + 1;
  const padding = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
  const text = `${header}${' '.repeat(padding)}\n`;
  if (text.length > 0xffff) throw new Error(`npy header of ${text.length} bytes does not fit format version 1.0`);

  const prefix = Buffer.alloc(PREFIX_LENGTH);
  MAGIC.copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(text.length, 8);
  return Buffer.concat([prefix, Buffer.from(text, 'latin1')]);
}

/** Encodes `data` with `shape` (C order) as .npy bytes. */
export function encodeNpy(data: NpyData, shape: readonly number[]): Buffer {
  const elements = shape.reduce((product, size) => product * size, 1);
  if (elements !== data.length) {
    throw new Error(`npy shape ${formatShape(shape)} needs ${elements} elements but the data has ${data.length}`);
  }

  const header = encodeNpyHeader(dtypeOf(data), shape);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([header, body]);
}

export function writeNpy(path: string, data: NpyData, shape: readonly number[]): void {
  writeFileAtomic(path, encodeNpy(data, shape));
}

export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the first element, for reading rows in place. */
  dataOffset: number;
}

/** Parses the header of .npy bytes; `source` names the file in errors. */
export function decodeNpyHeader(bytes: Uint8Array, source = 'npy data'): NpyHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < PREFIX_LENGTH || !buffer.subarray(0, 6).equals(MAGIC)) {
    throw new Error(`${source} is not a .npy file: the magic string is missing`);
  }

  const major = buffer[6];
  if (major !== 1) throw new Error(`${source} uses .npy format version ${major}.${buffer[7]}; only 1.0 is supported`);
  const headerLength = buffer.readUInt16LE(8);
  const header = buffer.subarray(PREFIX_LENGTH, PREFIX_LENGTH + headerLength).toString('latin1');

  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`${source} has an invalid .npy header: ${JSON.stringify(header.trim())}`);
  }

  const dtype = (Object.keys(DESCRIPTORS) as NpyDtype[]).find((key) => DESCRIPTORS[key] === descr);
  if (!dtype) throw new Error(`${source} has dtype ${descr}; supported: ${Object.values(DESCRIPTORS).join(', ')}`);
  if (fortran === 'True') throw new Error(`${source} is in Fortran order; only C order is supported`);

  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(Number);
  return { dtype, shape, dataOffset: PREFIX_LENGTH + headerLength };
}

/** Decodes .npy bytes into a typed array that owns a copy of the data, so it is aligned. */
export function decodeNpy(bytes: Uint8Array, source = 'npy data'): NpyArray {
  const { dtype, shape, dataOffset } = decodeNpyHeader(bytes, source);
  const elements = shape.reduce((product, size) => product * size, 1);
  const byteLength = elements * BYTES_PER_ELEMENT[dtype];
  if (bytes.byteLength - dataOffset !== byteLength) {
    throw new Error(
      `${source} is truncated or padded: shape ${formatShape(shape)} needs ${byteLength} data bytes but ${bytes.byteLength - dataOffset} follow the header`,
    );
  }

  const copy = new ArrayBuffer(byteLength);
  new Uint8Array(copy).set(bytes.subarray(dataOffset, dataOffset + byteLength));
  if (dtype === 'float32') return { dtype, shape, data: new Float32Array(copy) };
  if (dtype === 'int32') return { dtype, shape, data: new Int32Array(copy) };
  return { dtype, shape, data: new BigInt64Array(copy) };
}

export function readNpy(path: string): NpyArray {
  return decodeNpy(readFileSync(path), path);
}
