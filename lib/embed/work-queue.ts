/**
 * Hands the embed stage its objects a batch at a time. Alone, the stage takes the objects that were
 * fetched when it started. Run next to the fetch stage it follows that stage: it keeps taking objects
 * as they are fetched, until the fetch settles and nothing is left.
 */
import type { ObjectToEmbed } from './state';

/** Interval between database reads while the queue waits for the fetch stage to fill a batch. */
export const FOLLOW_POLL_MS = 250;

export interface WorkQueueOptions {
  /** Returns the objects that are ready to embed now, in id order, including ones taken before. */
  select: () => ObjectToEmbed[];
  batchSize: number;
  /** Take at most this many objects in all. */
  limit?: number;
  /** Settles when the fetch stage is over; without it, only the objects ready at the first call are taken. */
  follow?: Promise<unknown>;
}

export interface WorkQueue {
  /** Takes the objects that are ready now, without waiting, and returns how many were taken in all. */
  prime(): number;
  /** Resolves with the next batch, or null when there is no more work. */
  take(): Promise<ObjectToEmbed[] | null>;
  /** Returns the number of objects taken so far. */
  takenCount(): number;
}

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const takenIds = new Set<number>();
  const buffer: ObjectToEmbed[] = [];
  const limit = options.limit ?? Infinity;
  let selectedOnce = false;
  let followSettled = options.follow === undefined;
  // The caller that runs the fetch handles its rejection. Here a failed fetch only means no more objects.
  const settled = options.follow?.then(
    () => undefined,
    () => undefined,
  );
  void settled?.then(() => {
    followSettled = true;
  });

  const refill = () => {
    if (selectedOnce && options.follow === undefined) return;
    selectedOnce = true;
    for (const object of options.select()) {
      if (takenIds.size >= limit) break;
      if (takenIds.has(object.id)) continue;
      takenIds.add(object.id);
      buffer.push(object);
    }
  };

  return {
    prime() {
      refill();
      return takenIds.size;
    },
    async take() {
      for (;;) {
        // Read before selecting, so that objects fetched before the fetch stage ended are seen.
        const finished = followSettled;
        // Each read returns every fetched object not yet embedded (tens of thousands at full scale),
        // so the database is read only when the buffer cannot fill a batch.
        if (buffer.length < options.batchSize) refill();
        if (buffer.length >= options.batchSize || takenIds.size >= limit) break;
        if (finished) break;

        // A partial batch while the fetch stage runs: wait for more objects or for its end.
        await Promise.race([new Promise((done) => setTimeout(done, FOLLOW_POLL_MS)), settled]);
      }
      return buffer.length > 0 ? buffer.splice(0, options.batchSize) : null;
    },
    takenCount: () => takenIds.size,
  };
}
