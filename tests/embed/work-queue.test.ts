import { describe, expect, it } from 'vitest';

import type { ObjectToEmbed } from '@/lib/embed/state';
import { createWorkQueue } from '@/lib/embed/work-queue';

const objects = (...ids: number[]): ObjectToEmbed[] => ids.map((id) => ({ id, thumbPath: `thumbs/${id}.webp` }));

async function drain(queue: ReturnType<typeof createWorkQueue>): Promise<number[][]> {
  const batches: number[][] = [];
  for (let batch = await queue.take(); batch; batch = await queue.take()) batches.push(batch.map((object) => object.id));
  return batches;
}

describe('createWorkQueue', () => {
  it('takes only the first selection when alone', async () => {
    let ready = objects(1, 2, 3);
    const queue = createWorkQueue({ select: () => ready, batchSize: 2 });
    expect(queue.prime()).toBe(3);
    ready = objects(1, 2, 3, 4);

    expect(await drain(queue)).toEqual([[1, 2], [3]]);
    expect(queue.takenCount()).toBe(3);
  });

  it('stops at the limit', async () => {
    const queue = createWorkQueue({ select: () => objects(1, 2, 3, 4, 5), batchSize: 2, limit: 3 });
    expect(await drain(queue)).toEqual([[1, 2], [3]]);
  });

  it('follows new objects until the fetch settles', async () => {
    let ready = objects(1);
    let finish!: () => void;
    const follow = new Promise<void>((done) => (finish = done));
    const queue = createWorkQueue({ select: () => ready, batchSize: 2, follow });

    const first = queue.take();
    setTimeout(() => (ready = objects(1, 2, 3)), 50);
    expect((await first)?.map((object) => object.id)).toEqual([1, 2]);

    const second = queue.take();
    setTimeout(() => {
      ready = objects(1, 2, 3, 4);
      finish();
    }, 50);
    expect((await second)?.map((object) => object.id)).toEqual([3, 4]);
    expect(await queue.take()).toBeNull();
  });

  it('ends when the fetch fails', async () => {
    const queue = createWorkQueue({ select: () => objects(7), batchSize: 4, follow: Promise.reject(new Error('fetch failed')) });
    expect(await drain(queue)).toEqual([[7]]);
  });
});
