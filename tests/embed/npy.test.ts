import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { decodeNpy, encodeNpy, encodeNpyHeader, readNpy, writeNpy } from '../../lib/embed/npy';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'npy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npy', () => {
  it('header matches numpy byte for byte', () => {
    // numpy 2.4: np.save(f, np.zeros((3, 4), dtype='<f4')) writes this 128-byte prefix.
    const expected = Buffer.concat([
      Buffer.from([0x93]),
      Buffer.from('NUMPY\x01\x00\x76\x00', 'latin1'),
      Buffer.from(`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }${' '.repeat(58)}\n`, 'latin1'),
    ]);
    const header = encodeNpyHeader('float32', [3, 4]);
    expect(header.length).toBe(128);
    expect(header.equals(expected)).toBe(true);
  });

  it('one-dimensional header has trailing comma', () => {
    const header = encodeNpyHeader('int64', [5]).toString('latin1');
    expect(header).toContain("{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }");
    expect(header.length % 64).toBe(0);
  });

  it('round trip float32 matrix', () => {
    const data = Float32Array.from({ length: 6 }, (_, i) => i / 3 - 1);
    const path = join(dir, 'a.npy');
    writeNpy(path, data, [2, 3]);
    const array = readNpy(path);
    expect(array.dtype).toBe('float32');
    expect(array.shape).toEqual([2, 3]);
    expect(Array.from(array.data as Float32Array)).toEqual(Array.from(data));
  });

  it('round trip int32 and int64', () => {
    const ints = Int32Array.from([-2, 0, 2147483647]);
    const decodedInts = decodeNpy(encodeNpy(ints, [3]));
    expect(decodedInts.dtype).toBe('int32');
    expect(Array.from(decodedInts.data as Int32Array)).toEqual([-2, 0, 2147483647]);

    const longs = BigInt64Array.from([1n, 9007199254740993n, -5n]);
    const decodedLongs = decodeNpy(encodeNpy(longs, [3]));
    expect(decodedLongs.dtype).toBe('int64');
    expect(Array.from(decodedLongs.data as BigInt64Array)).toEqual([1n, 9007199254740993n, -5n]);
  });

  it('data starts on a 64-byte boundary', () => {
    const bytes = encodeNpy(new Float32Array(10 * 512), [10, 512]);
    expect(bytes.length).toBe(128 + 10 * 512 * 4);
  });

  it('shape mismatch is rejected', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow('npy shape (2, 3) needs 6 elements but the data has 5');
  });

  it('truncated file is rejected', () => {
    const path = join(dir, 'short.npy');
    writeNpy(path, new Float32Array(4), [4]);
    const bytes = readFileSync(path).subarray(0, 128 + 8);
    expect(() => decodeNpy(bytes, 'short.npy')).toThrow(
      'short.npy is truncated or padded: shape (4,) needs 16 data bytes but 8 follow the header',
    );
  });

  it('unsupported dtype is rejected', () => {
    const bytes = encodeNpy(new Float32Array(1), [1]);
    bytes.write("'<f8'", bytes.indexOf("'<f4'"), 'latin1');
    expect(() => decodeNpy(bytes, 'x.npy')).toThrow('x.npy has dtype <f8; supported: <f4, <i4, <i8');
  });
});
