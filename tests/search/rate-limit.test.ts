import { describe, expect, it } from 'vitest';

import { clientAddress, createRateLimiter, searchRateLimitFromEnv } from '@/lib/search/rate-limit';

function fakeClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('createRateLimiter', () => {
  it('allows a burst up to capacity', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ capacity: 3, windowMs: 60_000, now: clock.now });
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 2 });
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
  });

  it('rejects past capacity with retry time', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ capacity: 3, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 3; i += 1) limiter.take('a');
    // One token is regained every 20 s at 3 per minute.
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('refills tokens over time', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ capacity: 3, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 3; i += 1) limiter.take('a');
    clock.advance(19_999);
    expect(limiter.take('a').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
  });

  it('counts a rejected request as no spend', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ capacity: 1, windowMs: 60_000, now: clock.now });
    limiter.take('a');
    clock.advance(30_000);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    clock.advance(30_000);
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('keeps clients apart', () => {
    const limiter = createRateLimiter({ capacity: 1, windowMs: 60_000, now: fakeClock().now });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('drops the idlest bucket at maxClients', () => {
    const limiter = createRateLimiter({ capacity: 1, windowMs: 60_000, maxClients: 2, now: fakeClock().now });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    // "a" was forgotten, so it starts again with a full bucket; "c" was kept and stays empty.
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });

  it('rejects a zero capacity', () => {
    expect(() => createRateLimiter({ capacity: 0, windowMs: 1000 })).toThrow('rate limit capacity must be a positive integer; received 0');
  });
});

describe('clientAddress', () => {
  it('takes the first forwarded entry', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }))).toBe('203.0.113.7');
  });

  it('falls back to x-real-ip', () => {
    expect(clientAddress(new Headers({ 'x-real-ip': '198.51.100.2' }))).toBe('198.51.100.2');
  });

  it('returns unknown without headers', () => {
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});

describe('searchRateLimitFromEnv', () => {
  it('defaults to 30 per minute', () => {
    expect(searchRateLimitFromEnv({})).toEqual({ capacity: 30, windowMs: 60_000 });
  });

  it('reads the environment variable', () => {
    expect(searchRateLimitFromEnv({ SEARCH_RATE_LIMIT_PER_MINUTE: '5' })).toEqual({ capacity: 5, windowMs: 60_000 });
  });

  it('rejects a non-integer value', () => {
    expect(() => searchRateLimitFromEnv({ SEARCH_RATE_LIMIT_PER_MINUTE: 'fast' })).toThrow(
      'SEARCH_RATE_LIMIT_PER_MINUTE must be a positive integer (requests per minute); received "fast"',
    );
  });
});
