/**
 * The one boundary module for faiss-node (0.5.1). faiss-node takes and returns plain number arrays,
 * so vectors cross this boundary in bounded chunks and results come back as Int32Array/Float32Array.
 * Every index uses inner product on L2-normalised vectors, which is cosine similarity.
 */
import { writeFileSync } from 'node:fs';

import faiss from 'faiss-node';

const { Index, MetricType } = faiss;
type FaissIndex = InstanceType<typeof Index>;

export const INDEX_KINDS = ['flat', 'ivf', 'hnsw'] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];

/** Rows per call into faiss-node; each call copies its rows into a JS number array (8 bytes a value). */
export const CHUNK_ROWS = 8192;

export interface SearchResult {
  rows: Int32Array; // n × k FAISS rows, -1 where fewer than k vectors exist
  similarities: Float32Array; // n × k inner products
}

/** A FAISS index over row-major float32 vectors; rows are numbered in the order they were added. */
export interface VectorSearchIndex {
  readonly dimension: number;
  size(): number;
  search(queries: Float32Array, k: number): SearchResult;
  write(path: string): void;
}

/**
 * Returns the IVF list count for `rows` vectors: 1,024 for a large collection, fewer when there are
 * not enough rows to train that many lists (FAISS wants about 39 training rows per list).
 */
export function ivfListCount(rows: number): number {
  return Math.max(1, Math.min(1024, Math.floor(rows / 39)));
}

/** Returns the faiss index_factory descriptor for `kind` over `rows` vectors. */
export function factoryDescriptor(kind: IndexKind, rows: number): string {
  if (kind === 'flat') return 'Flat';
  if (kind === 'ivf') return `IVF${ivfListCount(rows)},Flat`;
  return 'HNSW32';
}

function toNumbers(values: Float32Array, start: number, end: number): number[] {
  return Array.from(values.subarray(start, end));
}

/** Wraps a faiss-node index; `serialized`, when given, is what `write` stores instead of asking faiss-node. */
function wrap(index: FaissIndex, serialized?: Buffer): VectorSearchIndex {
  const dimension = index.getDimension();
  return {
    dimension,
    size: () => index.ntotal(),
    search(queries, k) {
      if (queries.length % dimension !== 0) {
        throw new Error(`invalid query: ${queries.length} values is not a multiple of the index dimension ${dimension}`);
      }
      const n = queries.length / dimension;
      const rows = new Int32Array(n * k);
      const similarities = new Float32Array(n * k);
      if (n === 0 || k === 0) return { rows, similarities };

      // faiss-node rejects k above ntotal, so ask for what exists and pad the rest with -1.
      const available = Math.min(k, index.ntotal());
      rows.fill(-1);
      similarities.fill(Number.NEGATIVE_INFINITY);
      for (let start = 0; start < n; start += CHUNK_ROWS) {
        const count = Math.min(CHUNK_ROWS, n - start);
        const result = available === 0 ? null : index.search(toNumbers(queries, start * dimension, (start + count) * dimension), available);
        for (let i = 0; i < count && result; i++) {
          for (let j = 0; j < available; j++) {
            rows[(start + i) * k + j] = result.labels[i * available + j];
            similarities[(start + i) * k + j] = result.distances[i * available + j];
          }
        }
      }
      return { rows, similarities };
    },
    write: (path) => (serialized ? writeFileSync(path, serialized) : index.write(path)),
  };
}

// Training rows per IVF list; FAISS's k-means samples at most 256 a list anyway, and fewer keeps the
// number array handed to faiss-node (8 bytes a value) at a few hundred MB for 1,024 lists of 512-d.
const TRAINING_ROWS_PER_LIST = 50;

/** Returns evenly spaced rows (all of them when few) as a number array for `train`. */
function trainingSample(vectors: Float32Array, dimension: number, descriptor: string): number[] {
  const rows = vectors.length / dimension;
  const lists = Number(/^IVF(\d+)/.exec(descriptor)?.[1] ?? 1);
  const wanted = Math.min(rows, lists * TRAINING_ROWS_PER_LIST);
  const step = rows / wanted;
  const sample: number[] = [];
  for (let i = 0; i < wanted; i++) {
    const row = Math.floor(i * step);
    for (let j = 0; j < dimension; j++) sample.push(vectors[row * dimension + j]);
  }
  return sample;
}

/** IVF lists searched per query by default: about 3% of 1,024 lists. NOTE: recall on real CLIP vectors is not measured yet. */
export const DEFAULT_IVF_PROBES = 32;

// Byte layout of a serialized IndexIVFFlat inner-product index (faiss 1.7.x index_write.cpp). It starts
// with the fourcc "IwFl" and the index header: d (int32), ntotal (int64), two int64 placeholders,
// is_trained (1 byte) and metric_type (int32). A metric argument follows only for metrics above L2.
// Then come nlist and nprobe, both size_t. withIvfProbes checks the fourcc, metric and nlist first,
// and tests/index checks that the rewritten nprobe changes recall.
const IVF_FLAT_FOURCC = 'IwFl';
const IVF_NLIST_OFFSET = 37;
const IVF_NPROBE_OFFSET = 45;

/**
 * Returns a copy of an IVF index that searches `probes` lists per query, and its serialized form.
 * faiss-node 0.5.1 exposes no setter for nprobe, but FAISS stores nprobe in the serialized index, so
 * the copy is the index written to a buffer with that field rewritten, then read back. The layout is
 * checked first. The serialized form is kept because faiss-node 0.5.1 crashes (SIGSEGV) when an index
 * it read back is written again.
 */
export function withIvfProbes(index: FaissIndex, lists: number, probes: number): { index: FaissIndex; serialized: Buffer } {
  const buffer = index.toBuffer();
  const fourcc = buffer.toString('latin1', 0, 4);
  const metric = buffer.readInt32LE(IVF_NLIST_OFFSET - 4);
  const storedLists = Number(buffer.readBigUInt64LE(IVF_NLIST_OFFSET));
  if (fourcc !== IVF_FLAT_FOURCC || metric !== MetricType.METRIC_INNER_PRODUCT || storedLists !== lists) {
    throw new Error(
      `unexpected serialized IVF index (fourcc "${fourcc}", metric ${metric}, nlist ${storedLists}, expected "${IVF_FLAT_FOURCC}", 0, ${lists}): ` +
        'this faiss build writes another layout; use --kind flat or hnsw',
    );
  }
  buffer.writeBigUInt64LE(BigInt(Math.min(probes, lists)), IVF_NPROBE_OFFSET);
  return { index: Index.fromBuffer(buffer), serialized: buffer };
}

/**
 * Builds an index of `kind` over row-major `vectors` (n × dimension). IVF first trains on a sample of
 * evenly spaced rows and then searches `ivfProbes` lists per query.
 * NOTE: faiss-node 0.5.1 cannot set efSearch, so HNSW keeps FAISS's default of 16; 'flat' is the
 * exact choice.
 */
export function buildIndex(
  kind: IndexKind,
  dimension: number,
  vectors: Float32Array,
  options: { ivfProbes?: number } = {},
): VectorSearchIndex {
  const rows = vectors.length / dimension;
  const index = Index.fromFactory(dimension, factoryDescriptor(kind, rows), MetricType.METRIC_INNER_PRODUCT);

  if (!index.isTrained()) index.train(trainingSample(vectors, dimension, factoryDescriptor(kind, rows)));
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const end = Math.min(rows, start + CHUNK_ROWS);
    index.add(toNumbers(vectors, start * dimension, end * dimension));
  }
  if (kind === 'ivf') {
    const probed = withIvfProbes(index, ivfListCount(rows), options.ivfProbes ?? DEFAULT_IVF_PROBES);
    return wrap(probed.index, probed.serialized);
  }
  return wrap(index);
}

/**
 * Reads an index written by `VectorSearchIndex.write`, for searching only: faiss-node 0.5.1 crashes
 * when an index it read is written again.
 */
export function readIndex(path: string): VectorSearchIndex {
  return wrap(Index.read(path));
}
