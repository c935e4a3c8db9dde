/**
 * Index benchmark: all-pairs top-k over n seeded random unit vectors. Compares the index stage's
 * neighbour computation (computeNeighbours over the stage's flat index) with a bare faiss-node
 * IndexFlatIP search of the same queries, and both with this machine's matrix-multiply rate.
 */
import faiss from 'faiss-node';

import { describeMachine, report, timed } from '../../lib/bench/measure';
import { buildIndex } from '../../lib/index/faiss';
import { computeNeighbours, DEFAULT_NEIGHBOUR_BATCH_ROWS } from '../../lib/index/stage';
import { fillRandomUnitVectors } from '../../lib/synthetic/vectors';

export interface IndexBenchOptions {
  n: number;
  dimension: number;
  k: number;
  seed: number;
  /** Time each side twice in the order stage, bare, bare, stage and report the means. */
  repeat: boolean;
}

// Rows per bare faiss-node call; the same bound as the stage's chunks, so both copy the same
// number[] sizes into faiss-node and the ratio isolates the stage's own overhead.
const BARE_BLOCK_ROWS = 8192;

/**
 * Returns the GFLOP/s of a flat inner-product search with k = 1 of `queries` × `base` rows. FAISS
 * runs that as one BLAS sgemm per block plus a trivial max, so it measures the sgemm rate through
 * the same library and threads the stage uses. FLOPs = 2 · queries · base · d.
 */
async function measureMatmulRate(dimension: number, seed: number): Promise<number> {
  const queries = 4096;
  const base = 50_000;
  const baseVectors = new Float32Array(base * dimension);
  fillRandomUnitVectors(baseVectors, dimension, seed + 100);
  const queryVectors = new Float32Array(queries * dimension);
  fillRandomUnitVectors(queryVectors, dimension, seed + 101);

  const index = new faiss.IndexFlatIP(dimension);
  index.add(Array.from(baseVectors));
  const input = Array.from(queryVectors);
  index.search(input.slice(0, 64 * dimension), 1); // warm-up: thread pool and BLAS buffers

  const { ms } = await timed(() => index.search(input, 1));
  return (2 * queries * base * dimension) / (ms / 1000) / 1e9;
}

export async function runIndexBench(options: IndexBenchOptions): Promise<void> {
  const { n, dimension, k } = options;
  console.log(`index benchmark: n=${n}, d=${dimension}, k=${k}, ${options.repeat ? 'ABBA order' : 'one run each'}; ${describeMachine()}`);
  const vectors = new Float32Array(n * dimension);
  fillRandomUnitVectors(vectors, dimension, options.seed);

  const matmulGflops = await measureMatmulRate(dimension, options.seed);

  // The index stage: its flat index, then computeNeighbours with its default batch size.
  const index = buildIndex('flat', dimension, vectors);
  const runStage = () => timed(() => computeNeighbours(index, vectors, k, DEFAULT_NEIGHBOUR_BATCH_ROWS));

  // Bare faiss-node: one IndexFlatIP, the same queries in 8,192-row calls, results left as returned.
  const bare = new faiss.IndexFlatIP(dimension);
  for (let start = 0; start < n; start += BARE_BLOCK_ROWS) {
    bare.add(Array.from(vectors.subarray(start * dimension, Math.min(n, start + BARE_BLOCK_ROWS) * dimension)));
  }
  const runBare = () =>
    timed(() => {
      let found = 0;
      for (let start = 0; start < n; start += BARE_BLOCK_ROWS) {
        const block = vectors.subarray(start * dimension, Math.min(n, start + BARE_BLOCK_ROWS) * dimension);
        found += bare.search(Array.from(block), k + 1).labels.length;
      }
      return found;
    });

  // Order stage, bare, bare, stage (ABBA) when repeating, so a load that drifts during the run on a
  // shared machine adds about equally to both sides.
  const first = await runStage();
  const bareRuns = [await runBare()];
  if (options.repeat) bareRuns.push(await runBare());
  const stageRuns = options.repeat ? [first, await runStage()] : [first];
  const stageMs = stageRuns.reduce((sum, run) => sum + run.ms, 0) / stageRuns.length;
  const bareMs = bareRuns.reduce((sum, run) => sum + run.ms, 0) / bareRuns.length;
  const stage = { result: first.result, ms: stageMs };
  const bareRun = { ms: bareMs };

  // Sanity check that both found the same neighbours for the first row (self excluded).
  const check = bare.search(Array.from(vectors.subarray(0, dimension)), k + 1).labels.filter((row) => row !== 0).slice(0, k);
  const same = check.every((row, j) => row === stage.result.rows[j]);

  const flops = 2 * n * n * dimension;
  report('index: all-pairs top-k', {
    'stage neighbours (s)': stage.ms / 1000,
    'bare faiss-node search (s)': bareRun.ms / 1000,
    'ratio stage / bare (target <= 1.2)': stage.ms / bareRun.ms,
    'stage GFLOP/s': flops / (stage.ms / 1000) / 1e9,
    'bare GFLOP/s': flops / (bareRun.ms / 1000) / 1e9,
    'machine sgemm GFLOP/s (faiss k=1)': matmulGflops,
    'stage share of sgemm rate': flops / (stage.ms / 1000) / 1e9 / matmulGflops,
    'first row neighbours identical': same ? 'yes' : 'NO',
  });
}
