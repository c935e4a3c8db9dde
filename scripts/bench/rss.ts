/** Peak resident memory of running processes, from Linux's /proc/<pid>/status (VmHWM). */
import { existsSync, readFileSync } from 'node:fs';

function peakRssKiB(pid: number): number {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return 0;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(path, 'utf8'));
  return match ? Number(match[1]) : 0;
}

function childPids(pid: number): number[] {
  const path = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Returns the largest peak RSS (KiB) of `pid` and its descendants, which is the server process under a launcher. */
export function processTreeMaxRssKiB(pid: number): number {
  let largest = peakRssKiB(pid);
  for (const child of childPids(pid)) largest = Math.max(largest, processTreeMaxRssKiB(child));
  return largest;
}
