import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.js';

describe('BoundedQueue', () => {
  it('drops the oldest when full and says so', () => {
    const q = new BoundedQueue<number>(3);
    expect([1, 2, 3].map((n) => q.push(n).evicted)).toEqual([false, false, false]);
    expect(q.push(4)).toEqual({ evicted: true, item: 1 });
    expect(q.toArray()).toEqual([2, 3, 4]);
    expect(q.take(2)).toEqual([2, 3]);
    expect(q.length).toBe(1);
    expect(() => new BoundedQueue(0)).toThrow();
  });

  it('puts a batch back in front, in order, dropping its oldest when the queue filled up meanwhile', () => {
    const q = new BoundedQueue<number>(4);
    q.push(10);
    q.push(11);
    expect(q.pushFront([1, 2, 3])).toEqual([1]);
    expect(q.toArray()).toEqual([2, 3, 10, 11]);
    expect(q.push(12)).toEqual({ evicted: true, item: 2 }); // the retried ones are the oldest
    expect(q.take(4)).toEqual([3, 10, 11, 12]);
    expect(q.pushFront([5, 6])).toEqual([]);
    expect(q.toArray()).toEqual([5, 6]);
  });

  it('behaves like an array that forgets its oldest items (model-based)', () => {
    type Op =
      | { kind: 'push'; value: number }
      | { kind: 'take'; n: number }
      | { kind: 'remove'; mod: number }
      | { kind: 'front'; values: number[] };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), value: fc.integer() }),
      fc.record({ kind: fc.constant('take' as const), n: fc.nat(6) }),
      fc.record({ kind: fc.constant('remove' as const), mod: fc.integer({ min: 2, max: 4 }) }),
      fc.record({ kind: fc.constant('front' as const), values: fc.array(fc.integer(), { maxLength: 10 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 60 }), (capacity, ops: Op[]) => {
        const q = new BoundedQueue<number>(capacity);
        let model: number[] = [];
        for (const o of ops) {
          if (o.kind === 'push') {
            const r = q.push(o.value);
            model.push(o.value);
            const evicted = model.length > capacity ? model.shift() : undefined;
            if (r.evicted !== (evicted !== undefined) || (r.evicted && r.item !== evicted)) return false;
          } else if (o.kind === 'take') {
            const got = q.take(o.n);
            if (JSON.stringify(got) !== JSON.stringify(model.slice(0, o.n))) return false;
            model = model.slice(o.n);
          } else if (o.kind === 'front') {
            const evicted = q.pushFront(o.values);
            const all = [...o.values, ...model];
            const overflow = Math.max(0, all.length - capacity);
            // Only the re-queued items may be pushed out, oldest first; what was queued stays.
            const expectedEvicted = all.slice(0, Math.min(overflow, o.values.length));
            if (JSON.stringify(evicted) !== JSON.stringify(expectedEvicted)) return false;
            model = all.slice(expectedEvicted.length);
            if (model.length > capacity) return false;
          } else {
            const removed = q.removeWhere((v) => v % o.mod === 0);
            const kept = model.filter((v) => v % o.mod !== 0);
            if (removed !== model.length - kept.length) return false;
            model = kept;
          }
          if (q.length !== model.length || JSON.stringify(q.toArray()) !== JSON.stringify(model)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
