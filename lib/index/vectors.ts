/**
 * vectors.npy: float32 (n, d) embeddings in FAISS row order. It is written in chunks and read one row
 * at a time by byte offset, so neither side needs the whole file in memory.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { decodeNpyHeader, encodeNpyHeader } from '../embed/npy';


/** Writes row-major float32 `vectors` (rows × dimension) as .npy through a temporary file and a rename. */
export function writeVectorFile(path: string, vectors: Float32Array, dimension: number): void {
  const rows = vectors.length / dimension;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, encodeNpyHeader('float32', [rows, dimension]));
    const chunkValues = 8192 * dimension; // bounded writes, so no second full-size buffer exists
    for (let start = 0; start < vectors.length; start += chunkValues) {
      const chunk = vectors.subarray(start, Math.min(vectors.length, start + chunkValues));
      writeSync(fd, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** An open row-major .npy matrix that reads rows by byte offset. Close it when done. */
export interface MatrixFile<T extends Float32Array | Int32Array> {
  readonly rows: number;
  readonly columns: number;
  /** Reads `count` rows from `start` into a new typed array (count × columns). */
  readRows(start: number, count: number): T;
  close(): void;
}

/** An open vectors.npy: a float32 matrix whose columns are the embedding dimension. */
export interface VectorFile extends MatrixFile<Float32Array> {
  readonly dimension: number;
}

const ARRAY_TYPES = { float32: Float32Array, int32: Int32Array } as const;

/** Opens a two-dimensional .npy file of `dtype`; throws naming the file when it contains anything else. */
export function openMatrixFile(path: string, dtype: 'float32'): MatrixFile<Float32Array>;
export function openMatrixFile(path: string, dtype: 'int32'): MatrixFile<Int32Array>;
export function openMatrixFile(path: string, dtype: 'float32' | 'int32'): MatrixFile<Float32Array | Int32Array> {
  const fd = openSync(path, 'r');
  try {
    const prefix = Buffer.alloc(10);
    readSync(fd, prefix, 0, 10, 0);
    const headerBytes = Buffer.alloc(10 + prefix.readUInt16LE(8));
    readSync(fd, headerBytes, 0, headerBytes.length, 0);
    const header = decodeNpyHeader(headerBytes, path);
    if (header.dtype !== dtype || header.shape.length !== 2) {
      throw new Error(`${path} contains ${header.dtype} (${header.shape.join(', ')}) but must be ${dtype} (n, k); run the index stage again`);
    }
    const [rows, columns] = header.shape;
    const ArrayType = ARRAY_TYPES[dtype];

    return {
      rows,
      columns,
      readRows(start, count) {
        if (!Number.isInteger(start) || start < 0 || count < 0 || start + count > rows) {
          throw new Error(`rows ${start}..${start + count - 1} are outside ${path}, which has ${rows} rows`);
        }
        const values = new ArrayType(count * columns);
        const bytes = Buffer.from(values.buffer);
        readSync(fd, bytes, 0, bytes.length, header.dataOffset + start * columns * ArrayType.BYTES_PER_ELEMENT);
        return values;
      },
      close: () => closeSync(fd),
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

export function openVectorFile(path: string): VectorFile {
  const matrix = openMatrixFile(path, 'float32');
  return {
    rows: matrix.rows,
    columns: matrix.columns,
    dimension: matrix.columns,
    readRows: (start, count) => matrix.readRows(start, count),
    close: () => matrix.close(),
  };
}
