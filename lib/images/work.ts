/**
 * A process-wide limit on image pipelines (decode, resize, encode) that run at once. With no model
 * running there is no limit beyond libuv's thread pool. While CLIP inference runs on some cores, the
 * embed stage reserves them: the fetch and embed stages' pipelines then share the other cores, one
 * libvips thread each, instead of taking turns with onnxruntime on the cores it computes on.
 */
import { availableParallelism } from 'node:os';

import pLimit from 'p-limit';
import sharp from 'sharp';

const limit = pLimit(Number.POSITIVE_INFINITY);
const defaultLibvipsThreads = sharp.concurrency();
let reserved = 0;

/** Runs one image pipeline under the process-wide limit. */
export function runImageWork<T>(task: () => Promise<T>): Promise<T> {
  return limit(task);
}

/** Sets the limit and libvips' threads for the cores reserved now; none reserved means no limit. */
function applyReservations(): void {
  limit.concurrency = reserved === 0 ? Number.POSITIVE_INFINITY : Math.max(1, availableParallelism() - reserved);
  sharp.concurrency(reserved === 0 ? defaultLibvipsThreads : 1);
}

/**
 * Keeps `cores` cores free of image work until the returned function is called: at most the
 * remaining cores (at least one) run pipelines, with one libvips thread each.
 */
export function reserveCores(cores: number): () => void {
  reserved += cores;
  applyReservations();

  let released = false;
  return () => {
    if (released) return;
    released = true;
    reserved -= cores;
    applyReservations();
  };
}

/** Returns the number of image pipelines allowed at once now (Infinity when no cores are reserved). */
export function imageWorkConcurrency(): number {
  return limit.concurrency;
}
