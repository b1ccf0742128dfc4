// A fixed-capacity FIFO on a ring buffer: push is O(1) and, when full, evicts (and returns) the oldest item.
// Used for the analytics queue (overflow drops the oldest, counted) and the "recent events" list. Pure.
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Appends; returns the evicted oldest item when the queue was full. */
  push(item: T): { evicted: true; item: T } | { evicted: false } {
    if (this.size < this.capacity) {
      this.items[(this.head + this.size) % this.capacity] = item;
      this.size++;
      return { evicted: false };
    }
    const oldest = this.items[this.head] as T;
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return { evicted: true, item: oldest };
  }

  /**
   * Puts items back in front, in their order (a batch that is to be retried: it is older than anything queued
   * since). Returns those that no longer fit: the oldest, from the front of `items`.
   */
  pushFront(items: readonly T[]): T[] {
    const fit = Math.min(items.length, this.capacity - this.size);
    const evicted = items.slice(0, items.length - fit);
    for (let i = items.length - 1; i >= items.length - fit; i--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.items[this.head] = items[i];
      this.size++;
    }
    return evicted;
  }

  /** Removes and returns up to n items from the front. */
  take(n: number): T[] {
    const count = Math.max(0, Math.min(n, this.size));
    const out: T[] = new Array<T>(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.size -= count;
    return out;
  }

  /** Removes every item matching the predicate (order of the rest kept); returns how many were removed. */
  removeWhere(predicate: (item: T) => boolean): number {
    const all = this.take(this.size);
    let removed = 0;
    for (const item of all) {
      if (predicate(item)) removed++;
      else this.push(item);
    }
    return removed;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.head + i) % this.capacity] as T);
    return out;
  }
}
