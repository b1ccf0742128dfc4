// Counting slots per key and in total, with no I/O: the heavy-work limits (http/heavy-work.ts) are built on it.
// A slot is taken at once or not at all; there is no queue, so a refused caller learns it immediately (429)
// instead of holding a connection open while it waits.

export interface SlotLimits {
  /** Slots one key (a user) may hold at once. */
  perKey: number;
  /** Slots all keys together may hold at once. */
  total: number;
}

export type Refusal = 'key' | 'total';

export class SlotLimiter<K> {
  private readonly held = new Map<K, number>();
  private count = 0;

  constructor(readonly limits: SlotLimits) {
    if (!(limits.perKey >= 1 && limits.total >= 1)) throw new RangeError('slot limits must be at least 1');
  }

  /** A release function (idempotent) when a slot was free, else which limit refused it. */
  tryAcquire(key: K): { release: () => void } | { refused: Refusal } {
    const mine = this.held.get(key) ?? 0;
    if (mine >= this.limits.perKey) return { refused: 'key' };
    if (this.count >= this.limits.total) return { refused: 'total' };
    this.held.set(key, mine + 1);
    this.count++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.count--;
        const left = (this.held.get(key) ?? 1) - 1;
        if (left === 0) this.held.delete(key);
        else this.held.set(key, left);
      },
    };
  }

  /** Slots held now, in total or by one key. */
  inUse(key?: K): number {
    return key === undefined ? this.count : (this.held.get(key) ?? 0);
  }
}
