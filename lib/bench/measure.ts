/**
 * Shared helpers for `npm run bench`: wall-clock timing, percentiles and a uniform result line. Every
 * ratio is computed from two measurements taken in the same process run, never from stored numbers.
 */
import os from 'node:os';

/** Runs `work` and returns its result with the elapsed wall-clock time in milliseconds. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Returns the p-th percentile (0..100) of `values` by the nearest-rank method. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** One line naming the machine, so a printed result can be copied into BENCHMARKS.md as it is. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${new Date().toISOString()}`;
}

/** Prints a benchmark's measurements as aligned `name: value` lines under a heading. */
export function report(title: string, rows: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(rows).map((key) => key.length));
  console.log(`\n## ${title}`);
  for (const [key, value] of Object.entries(rows)) {
    let text = String(value);
    if (typeof value === 'number' && !Number.isInteger(value)) text = value.toFixed(3);
    console.log(`  ${key.padEnd(width)}  ${text}`);
  }
}
