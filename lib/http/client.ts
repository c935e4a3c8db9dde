import pLimit, { type LimitFunction } from 'p-limit';

import { childLogger } from '../log';
import { HostRateLimiter, sleep } from './rate-limit';
import { parseRetryAfter, RETRYABLE_STATUSES, retryDelayMs } from './retry';

const log = childLogger('http');

export interface HttpClientOptions {
  userAgent: string;
  /** Limit for one attempt, from sending the request to the last body byte, in ms. */
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Base of the exponential backoff, in ms; each wait is drawn uniformly below base * 2^(attempt-1). */
  baseDelayMs: number;
  /** Cap on any single wait, in ms, including one asked for by Retry-After. */
  maxDelayMs: number;
  /** Request starts per second to one host; the Collection API's documentation (metmuseum.github.io) limits clients to 80. */
  requestsPerSecondPerHost: number;
  /** Attempts in flight at once across all hosts. */
  concurrency: number;
}

export const DEFAULT_HTTP_OPTIONS: HttpClientOptions = {
  userAgent: 'met-twins/0.1 (+visual twin explorer; node)',
  timeoutMs: 30_000,
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  requestsPerSecondPerHost: 80,
  concurrency: 16,
};

/** Default body limit (16 MiB), which bounds the memory of each response in flight. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export interface HttpRequestInit {
  accept?: string;
  /** Largest body accepted, in bytes (default 16 MiB); a larger one is aborted early. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResult {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
  /** Attempts made, this one included. */
  attempts: number;
}

export type HttpErrorReason = 'timeout' | 'network' | 'too-large' | 'truncated' | 'aborted' | 'invalid-url';

/** A request that produced no HTTP response: every attempt timed out or failed below HTTP, or it was aborted. */
export class HttpError extends Error {
  readonly reason: HttpErrorReason;
  readonly url: string;
  readonly attempts: number;
  /** The status of the response whose body failed (too large or truncated), when one arrived. */
  readonly status?: number;

  constructor(reason: HttpErrorReason, url: string, attempts: number, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.reason = reason;
    this.url = url;
    this.attempts = attempts;
    this.status = options.status;
  }
}

const RETRYABLE_REASONS: ReadonlySet<HttpErrorReason> = new Set(['timeout', 'network', 'truncated']);

type AttemptOutcome = { result: HttpResult; retryAfterMs?: number } | { error: HttpError };

/**
 * GET client for the Met's hosts: per-host rate limit, a concurrency limit, a timeout per attempt, and
 * retries with backoff on throttling, 5xx, timeouts and broken connections.
 *
 * `get` resolves with the final response whatever its status (a 404, or a 503 once the attempts run out)
 * and rejects with HttpError only when no complete response arrived.
 */
export class HttpClient {
  readonly options: HttpClientOptions;
  private readonly rateLimiter: HostRateLimiter;
  private readonly limit: LimitFunction;

  constructor(options: Partial<HttpClientOptions> = {}) {
    this.options = { ...DEFAULT_HTTP_OPTIONS, ...stripUndefined(options) };
    validateOptions(this.options);
    this.rateLimiter = new HostRateLimiter(this.options.requestsPerSecondPerHost);
    this.limit = pLimit(this.options.concurrency);
  }

  async get(url: string, init: HttpRequestInit = {}): Promise<HttpResult> {
    const parsed = parseHttpUrl(url);
    const { maxAttempts } = this.options;

    for (let attempt = 1; ; attempt++) {
      const isLast = attempt >= maxAttempts;
      const outcome = await this.limit(() => this.attempt(parsed, init, attempt, isLast));

      let delayMs: number;
      if ('result' in outcome) {
        if (!RETRYABLE_STATUSES.has(outcome.result.status)) return outcome.result;
        if (isLast) {
          log.warn({ url, status: outcome.result.status, attempts: attempt }, 'giving up: the server still returns an error status');
          return outcome.result;
        }
        delayMs = retryDelayMs(attempt, outcome.retryAfterMs, this.options);
        log.debug({ url, status: outcome.result.status, attempt, delayMs }, 'retrying request');
      } else {
        if (!RETRYABLE_REASONS.has(outcome.error.reason)) throw outcome.error;
        if (isLast) {
          log.warn({ url, reason: outcome.error.reason, attempts: attempt }, 'giving up: no response');
          throw outcome.error;
        }
        delayMs = retryDelayMs(attempt, undefined, this.options);
        log.debug({ url, reason: outcome.error.reason, error: outcome.error.message, attempt, delayMs }, 'retrying request');
      }

      try {
        await sleep(delayMs, init.signal);
      } catch (cause) {
        throw new HttpError('aborted', url, attempt, `GET ${url} aborted while waiting to retry`, { cause });
      }
    }
  }

  /** Makes one attempt. The body of a response that will be retried is discarded unread. */
  private async attempt(url: URL, init: HttpRequestInit, attempt: number, isLast: boolean): Promise<AttemptOutcome> {
    const href = url.href;
    try {
      await this.rateLimiter.acquire(url.host, init.signal);
    } catch (cause) {
      return { error: new HttpError('aborted', href, attempt, `GET ${href} aborted before it was sent`, { cause }) };
    }

    // One controller per attempt, fed by a timer and the caller's signal. Listeners are removed when
    // the attempt ends, so a long-lived caller signal does not collect one per request.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${this.options.timeoutMs} ms`));
    }, this.options.timeoutMs);
    const forwardAbort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener('abort', forwardAbort, { once: true });

    const fail = (reason: HttpErrorReason, message: string, extra: { status?: number; cause?: unknown } = {}) => {
      if (init.signal?.aborted) reason = 'aborted';
      else if (timedOut) reason = 'timeout';
      const detail = reason === 'aborted' ? 'aborted' : reason === 'timeout' ? `timed out after ${this.options.timeoutMs} ms` : message;
      return { error: new HttpError(reason, href, attempt, `GET ${href} ${detail} (attempt ${attempt})`, extra) };
    };

    try {
      let response: Response;
      try {
        response = await fetch(href, {
          headers: { 'user-agent': this.options.userAgent, accept: init.accept ?? '*/*' },
          redirect: 'follow',
          signal: controller.signal,
        });
      } catch (cause) {
        return fail('network', `failed: ${describeCause(cause)}`, { cause });
      }

      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (RETRYABLE_STATUSES.has(response.status) && !isLast) {
        await response.body?.cancel().catch(() => undefined);
        return { result: toResult(href, response, Buffer.alloc(0), attempt), retryAfterMs };
      }

      const maxBytes = init.maxBytes ?? DEFAULT_MAX_BYTES;
      try {
        const body = await readBody(response, maxBytes);
        return { result: toResult(href, response, body, attempt), retryAfterMs };
      } catch (cause) {
        if (cause instanceof BodyTooLargeError) {
          const message = `GET ${href} body is ${cause.message}, over the limit of ${maxBytes} bytes`;
          return { error: new HttpError('too-large', href, attempt, message, { status: response.status }) };
        }
        return fail('truncated', `body was cut off: ${describeCause(cause)}`, { status: response.status, cause });
      }
    } finally {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', forwardAbort);
    }
  }
}

class BodyTooLargeError extends Error {}

/**
 * Reads the whole body, rejecting once it passes `maxBytes` (checked against Content-Length first, then
 * while streaming) or when fewer bytes arrive than Content-Length announced.
 */
async function readBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = declaredLength(response.headers);
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(`${declared} bytes (Content-Length)`);
  }
  if (!response.body) return Buffer.alloc(0);

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }

  if (declared !== undefined && received < declared) {
    throw new Error(`received ${received} of ${declared} bytes`);
  }
  return Buffer.concat(chunks, received);
}

/** Returns Content-Length when it counts the bytes read, which it does not for a compressed body. */
function declaredLength(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return undefined;
  const value = headers.get('content-length');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function toResult(url: string, response: Response, body: Buffer, attempts: number): HttpResult {
  return { url, status: response.status, headers: response.headers, body, attempts };
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new HttpError('invalid-url', url, 0, `invalid URL "${url}": expected an absolute http(s) URL`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpError('invalid-url', url, 0, `invalid URL "${url}": expected an absolute http(s) URL`);
  }
  return parsed;
}

/** undici wraps socket errors as TypeError("fetch failed") with the real error in `cause`. */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 3) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function validateOptions(options: HttpClientOptions): void {
  const problems: string[] = [];
  const wholeAtLeast = (name: keyof HttpClientOptions, min: number) => {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) problems.push(`${name} ${String(value)} (expected a whole number ≥ ${min})`);
  };
  wholeAtLeast('timeoutMs', 1);
  wholeAtLeast('maxAttempts', 1);
  wholeAtLeast('baseDelayMs', 0);
  wholeAtLeast('maxDelayMs', 0);
  wholeAtLeast('concurrency', 1);
  if (!(options.requestsPerSecondPerHost > 0)) problems.push(`requestsPerSecondPerHost ${options.requestsPerSecondPerHost} (expected a number above 0)`);
  if (!options.userAgent) problems.push('userAgent is empty (expected a name for this client)');
  if (problems.length > 0) throw new Error(`invalid HTTP client options: ${problems.join('; ')}`);
}
