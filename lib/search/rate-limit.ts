/**
 * Per-client token buckets for the query endpoints, kept in this process's memory. Each client starts
 * with `capacity` tokens, spends one per request and regains them at `capacity` per `windowMs`, so
 * short bursts pass and a steady client is held to the average rate.
 * NOTE: buckets are per server process, so N processes behind a load balancer allow N times the rate.
 */

export interface RateLimitOptions {
  /** Requests a client may make at once; also the number regained per window. */
  capacity: number;
  /** Window over which `capacity` tokens are regained, in milliseconds. */
  windowMs: number;
  /** Buckets kept at most; the ones idle longest are dropped first when it is reached. */
  maxClients?: number;
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one token of `key`'s bucket, or reports how long until one is regained. */
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const DEFAULT_MAX_CLIENTS = 10_000;

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { capacity, windowMs } = options;
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`rate limit capacity must be a positive integer; received ${capacity}`);
  if (!(windowMs > 0)) throw new Error(`rate limit window must be a positive number of milliseconds; received ${windowMs}`);

  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const tokensPerMs = capacity / windowMs;
  // A Map iterates in insertion order; re-inserting on every use keeps the idlest bucket first.
  const buckets = new Map<string, Bucket>();

  return {
    take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, updatedMs: time };
      buckets.delete(key);

      bucket.tokens = Math.min(capacity, bucket.tokens + (time - bucket.updatedMs) * tokensPerMs);
      bucket.updatedMs = time;

      let decision: RateDecision;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        decision = { allowed: true, remaining: Math.floor(bucket.tokens) };
      } else {
        decision = { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / tokensPerMs / 1000)) };
      }

      buckets.set(key, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
      return decision;
    },
  };
}

/**
 * Returns the client address: the first entry of x-forwarded-for, else x-real-ip, else "unknown".
 * `next start` fills x-forwarded-for with the socket's remote address when a request arrives without
 * one, so a direct client is keyed by its socket address.
 * NOTE: behind a proxy that does not overwrite x-forwarded-for, a client can choose its own key.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  return headers.get('x-real-ip')?.trim() || 'unknown';
}

/** Reads SEARCH_RATE_LIMIT_PER_MINUTE (default 30): requests per minute and burst size per client. */
export function searchRateLimitFromEnv(env: Record<string, string | undefined> = process.env): RateLimitOptions {
  const text = env.SEARCH_RATE_LIMIT_PER_MINUTE;
  const capacity = text === undefined || text === '' ? 30 : Number(text);
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new Error(`SEARCH_RATE_LIMIT_PER_MINUTE must be a positive integer (requests per minute); received "${text}"`);
  }
  return { capacity, windowMs: 60_000 };
}

let shared: RateLimiter | undefined;

/** Returns the process-wide limiter that the text and image query endpoints share. */
export function searchRateLimiter(): RateLimiter {
  shared ??= createRateLimiter(searchRateLimitFromEnv());
  return shared;
}
