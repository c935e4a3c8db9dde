import { availableParallelism } from 'node:os';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { imageWorkConcurrency, reserveCores, runImageWork } from '@/lib/images/work';

describe('reserveCores', () => {
  it('limits image work while held and restores it after', () => {
    const libvipsThreads = sharp.concurrency();
    expect(imageWorkConcurrency()).toBe(Number.POSITIVE_INFINITY);

    const release = reserveCores(1);
    expect(imageWorkConcurrency()).toBe(Math.max(1, availableParallelism() - 1));
    expect(sharp.concurrency()).toBe(1);

    release();
    release();
    expect(imageWorkConcurrency()).toBe(Number.POSITIVE_INFINITY);
    expect(sharp.concurrency()).toBe(libvipsThreads);
  });

  it('keeps an overlapping reservation after another ends', () => {
    const first = reserveCores(1);
    const second = reserveCores(1);
    first();
    expect(imageWorkConcurrency()).toBe(Math.max(1, availableParallelism() - 1));
    expect(sharp.concurrency()).toBe(1);

    second();
    expect(imageWorkConcurrency()).toBe(Number.POSITIVE_INFINITY);
  });

  it('leaves at least one pipeline', () => {
    const release = reserveCores(availableParallelism() + 4);
    expect(imageWorkConcurrency()).toBe(1);
    release();
  });
});

describe('runImageWork', () => {
  it('runs no more pipelines at once than the reservation leaves', async () => {
    const release = reserveCores(availableParallelism() + 4);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((done) => setTimeout(done, 10));
      running -= 1;
    };

    await Promise.all(Array.from({ length: 6 }, () => runImageWork(task)));
    release();
    expect(peak).toBe(1);
  });
});
