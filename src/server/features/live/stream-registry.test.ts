import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StreamRegistry } from './stream-registry.js';

describe('StreamRegistry', () => {
  it('pushes out the oldest stream of the same user beyond the per-user cap', () => {
    const r = new StreamRegistry<string>({ perUser: 2, perProcess: 10 });
    expect(r.add(1, 'a1')).toEqual([]);
    expect(r.add(2, 'b1')).toEqual([]);
    expect(r.add(1, 'a2')).toEqual([]);
    expect(r.add(1, 'a3')).toEqual(['a1']);
    expect(r.values()).toEqual(['b1', 'a2', 'a3']);
    expect(r.countOf(1)).toBe(2);
  });

  it('pushes out the oldest stream of the process beyond the per-process cap', () => {
    const r = new StreamRegistry<string>({ perUser: 5, perProcess: 3 });
    r.add(1, 'a1');
    r.add(2, 'b1');
    r.add(3, 'c1');
    expect(r.add(4, 'd1')).toEqual(['a1']);
    expect(r.countOf(1)).toBe(0);
    r.delete('c1');
    expect(r.add(4, 'd2')).toEqual([]);
    expect(r.size).toBe(3);
  });

  it('never exceeds either cap, and evicts only streams that were open, oldest first (generated sequences)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.oneof(fc.record({ open: fc.integer({ min: 1, max: 5 }) }), fc.record({ close: fc.nat({ max: 30 }) })), { maxLength: 60 }),
        (perUser, perProcess, steps) => {
          const r = new StreamRegistry<number>({ perUser, perProcess });
          const open: { id: number; user: number }[] = [];
          let next = 0;
          for (const step of steps) {
            if ('open' in step) {
              const id = next++;
              const evicted = r.add(step.open, id);
              for (const e of evicted) {
                const index = open.findIndex((s) => s.id === e);
                expect(index).toBeGreaterThanOrEqual(0);
                open.splice(index, 1);
              }
              // Evicted streams come out in age order.
              expect([...evicted].sort((a, b) => a - b)).toEqual(evicted);
              open.push({ id, user: step.open });
            } else if (open.length > 0) {
              const [gone] = open.splice(step.close % open.length, 1);
              r.delete(gone!.id);
            }
            expect(r.size).toBe(open.length);
            expect(r.size).toBeLessThanOrEqual(perProcess);
            for (let u = 1; u <= 5; u++) expect(r.countOf(u)).toBeLessThanOrEqual(perUser);
            expect(r.values()).toEqual(open.map((s) => s.id));
          }
        },
      ),
    );
  });
});
