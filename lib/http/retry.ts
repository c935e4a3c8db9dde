/**
 * Retry policy for the Met's hosts: throttling and server errors are transient, every other 4xx is final.
 * NOTE: 403 is retried on the assumption that the image CDN uses it to throttle bursts. The Met does
 * not document this, so a permanent 403 costs maxAttempts requests before it is returned.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([403, 429, 500, 502, 503, 504]);

/**
 * Parses a Retry-After header (delay in seconds, or an HTTP date) into milliseconds from `now`.
 * Returns undefined when the header is absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;

  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a uniform random delay in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))).
 * `attempt` is the 1-based number of the attempt that just failed.
 */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The wait before the next attempt: the server's Retry-After when given (capped at maxDelayMs), else backoff. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: { baseDelayMs: number; maxDelayMs: number },
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs);
  return backoffDelayMs(attempt, options.baseDelayMs, options.maxDelayMs);
}
