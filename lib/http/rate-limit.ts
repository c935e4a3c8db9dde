/**
 * Per-host request pacing: a token bucket with a capacity of one token, refilled at `ratePerSecond`.
 * With no burst allowance, requests to one host start at least 1000 / ratePerSecond ms apart, so a
 * server that counts requests per second never receives more than the configured rate.
 */
export class HostRateLimiter {
  private readonly intervalMs: number;
  // Earliest start time (ms since the epoch) of the next request, per host.
  private readonly nextStartAt = new Map<string, number>();

  constructor(ratePerSecond: number) {
    if (!(ratePerSecond > 0)) {
      throw new Error(`invalid requestsPerSecondPerHost ${ratePerSecond}: expected a number above 0`);
    }
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Waits until `host` may receive another request and reserves that start time. */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const startAt = Math.max(now, this.nextStartAt.get(host) ?? now);
    this.nextStartAt.set(host, startAt + this.intervalMs);
    await sleep(startAt - now, signal);
  }
}

/** Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
