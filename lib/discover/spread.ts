/**
 * A deterministic, evenly spread subset of the collection for `--limit`: the `capacity` objects whose
 * seeded hash of the Met object id is smallest (a bottom-k sample). The CSV is ordered by object id,
 * which groups departments, so its first rows would all be American Wing objects. A larger capacity
 * keeps every object a smaller one kept, so growing --limit only adds objects.
 */
export class SpreadSample<T> {
  private readonly heap: { key: number; item: T }[] = []; // max-heap on key

  constructor(private readonly capacity: number) {}

  offer(id: number, item: T): void {
    const key = hashId(id);
    if (this.heap.length < this.capacity) {
      this.heap.push({ key, item });
      this.siftUp(this.heap.length - 1);
      return;
    }
    if (this.capacity === 0 || key >= this.heap[0].key) return;
    this.heap[0] = { key, item };
    this.siftDown(0);
  }

  /** Returns the kept items in no particular order. */
  items(): T[] {
    return this.heap.map((entry) => entry.item);
  }

  private siftUp(position: number): void {
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (this.heap[parent].key >= this.heap[position].key) return;
      [this.heap[parent], this.heap[position]] = [this.heap[position], this.heap[parent]];
      position = parent;
    }
  }

  private siftDown(position: number): void {
    for (;;) {
      const left = 2 * position + 1;
      const right = left + 1;
      let largest = position;
      if (left < this.heap.length && this.heap[left].key > this.heap[largest].key) largest = left;
      if (right < this.heap.length && this.heap[right].key > this.heap[largest].key) largest = right;
      if (largest === position) return;
      [this.heap[largest], this.heap[position]] = [this.heap[position], this.heap[largest]];
      position = largest;
    }
  }
}

/** Mixes an object id into an unsigned 32-bit value (the murmur3 finaliser), fixed across runs. */
export function hashId(id: number): number {
  let h = (id ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
