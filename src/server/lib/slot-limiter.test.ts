import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlotLimiter } from './slot-limiter.js';

describe('SlotLimiter', () => {
  it('refuses past the per-key limit first, then past the total, and frees slots on release', () => {
    const limiter = new SlotLimiter<number>({ perKey: 2, total: 3 });
    const a1 = limiter.tryAcquire(1);
    const a2 = limiter.tryAcquire(1);
    expect(limiter.tryAcquire(1)).toEqual({ refused: 'key' });
    const b1 = limiter.tryAcquire(2);
    expect(limiter.tryAcquire(3)).toEqual({ refused: 'total' });
    expect(limiter.inUse()).toBe(3);
    if (!('release' in a1) || !('release' in a2) || !('release' in b1)) throw new Error('expected slots');
    a1.release();
    a1.release(); // idempotent: a second release frees nothing more
    expect(limiter.inUse()).toBe(2);
    expect(limiter.inUse(1)).toBe(1);
    expect('release' in limiter.tryAcquire(3)).toBe(true);
    expect(limiter.tryAcquire(4)).toEqual({ refused: 'total' });
  });

  it('never holds more than the limits, whatever the order of acquires and releases', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('take' as const), key: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ kind: fc.constant('give' as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 60 }), (perKey, total, ops) => {
        const limiter = new SlotLimiter<number>({ perKey, total });
        const held: { key: number; release: () => void }[] = [];
        for (const o of ops) {
          if (o.kind === 'take') {
            const r = limiter.tryAcquire(o.key);
            const mine = held.filter((h) => h.key === o.key).length;
            if ('release' in r) held.push({ key: o.key, release: r.release });
            else expect(r.refused === 'key' ? mine >= perKey : held.length >= total).toBe(true);
          } else if (held.length > 0) {
            const [h] = held.splice(o.index % held.length, 1);
            h!.release();
            h!.release();
          }
          expect(limiter.inUse()).toBe(held.length);
          expect(limiter.inUse()).toBeLessThanOrEqual(total);
          for (let k = 0; k <= 4; k++) expect(limiter.inUse(k)).toBe(held.filter((h) => h.key === k).length);
        }
      }),
    );
  });
});
