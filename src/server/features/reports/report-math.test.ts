import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedTimeToEpoch } from '../../../shared/time-math.js';
import { apportionCents, centsFromCentSeconds, resolveReportRange } from './report-math.js';

describe('centsFromCentSeconds', () => {
  it('rounds half up', () => {
    expect(centsFromCentSeconds(0)).toBe(0);
    expect(centsFromCentSeconds(1799)).toBe(0);
    expect(centsFromCentSeconds(1800)).toBe(1);
    expect(centsFromCentSeconds(20 * 60 * 10_000)).toBe(3333); // 20 min at 100.00/h
  });
});

describe('apportionCents', () => {
  it('gives the leftover cents to the largest remainders, earlier parts first on ties', () => {
    const third = 20 * 60 * 10_000; // 33.333… each
    expect(apportionCents([third, third, third])).toEqual({ total: 10_000, parts: [3334, 3333, 3333] });
    expect(apportionCents([0, 3600 * 5])).toEqual({ total: 5, parts: [0, 5] });
    expect(apportionCents([])).toEqual({ total: 0, parts: [] });
  });

  it('always adds up to the rounded total, each part within a cent of its exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { maxLength: 50 }), (values) => {
        const { total, parts } = apportionCents(values);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(total).toBe(centsFromCentSeconds(values.reduce((a, b) => a + b, 0)));
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(Math.floor((values[i] as number) / 3600));
          expect(p).toBeLessThanOrEqual(Math.ceil((values[i] as number) / 3600));
        });
      }),
    );
  });
});

describe('resolveReportRange', () => {
  const berlin = (y: number, m: number, d: number) => zonedTimeToEpoch(y, m, d, 0, 0, 0, 'Europe/Berlin');
  it('keeps an explicit range, fills one bound with its month, defaults to the current month', () => {
    expect(resolveReportRange({ from: 10, to: 20 }, 'UTC', 0)).toEqual({ from: 10, to: 20 });
    expect(resolveReportRange({ from: berlin(2026, 12, 15) }, 'Europe/Berlin', 0)).toEqual({
      from: berlin(2026, 12, 15),
      to: berlin(2027, 1, 1),
    });
    expect(resolveReportRange({ to: berlin(2026, 11, 1) }, 'Europe/Berlin', 0)).toEqual({
      from: berlin(2026, 10, 1),
      to: berlin(2026, 11, 1),
    });
    expect(resolveReportRange({}, 'Europe/Berlin', berlin(2026, 3, 31) + 3600)).toEqual({
      from: berlin(2026, 3, 1),
      to: berlin(2026, 4, 1),
    });
  });
});
