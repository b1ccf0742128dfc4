import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKETS } from './catalog.js';
import { bucket, engagementLevel, preferredTrackingMethod, wholeDays } from './telemetry-math.js';

describe('bucket', () => {
  it('puts each boundary in the right bucket', () => {
    const cases: [number, string][] = [
      [0, '0'], [1, '1'], [2, '2-5'], [5, '2-5'], [6, '6-20'], [20, '6-20'], [21, '21-100'], [100, '21-100'],
      [101, '101-1000'], [1000, '101-1000'], [1001, '1000+'], [5_000_000, '1000+'], [-3, '0'], [Number.NaN, '0'],
    ];
    for (const [n, expected] of cases) expect(bucket(n), String(n)).toBe(expected);
  });

  it('is monotonic in the count (property-based)', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return BUCKETS.indexOf(bucket(lo)) <= BUCKETS.indexOf(bucket(hi));
      }),
    );
  });
});

describe('engagementLevel', () => {
  it('follows the documented thresholds', () => {
    expect(engagementLevel(0, 0, 30)).toBe('inactive');
    expect(engagementLevel(0, 4, 30)).toBe('low');
    expect(engagementLevel(2, 2, 30)).toBe('low');
    expect(engagementLevel(3, 3, 30)).toBe('medium');
    expect(engagementLevel(9, 30, 30)).toBe('medium');
    expect(engagementLevel(10, 10, 30)).toBe('high');
    expect(engagementLevel(24, 40, 30)).toBe('high');
    expect(engagementLevel(25, 25, 30)).toBe('very_high');
  });

  it('calls an account younger than 7 days new, whatever it did (not inactive on its first day)', () => {
    expect(engagementLevel(0, 0, 0)).toBe('new');
    expect(engagementLevel(30, 30, 6)).toBe('new');
    expect(engagementLevel(0, 0, 7)).toBe('inactive');
    expect(engagementLevel(3, 3, 7)).toBe('medium');
  });
});

describe('preferredTrackingMethod', () => {
  it('needs a 75 % share for a single method', () => {
    expect(preferredTrackingMethod(0, 0)).toBe('none');
    expect(preferredTrackingMethod(3, 1)).toBe('timer');
    expect(preferredTrackingMethod(1, 3)).toBe('manual');
    expect(preferredTrackingMethod(2, 1)).toBe('mixed');
    expect(preferredTrackingMethod(5, 0)).toBe('timer');
  });

  it('is symmetric between timer and manual (property-based)', () => {
    const swap = { timer: 'manual', manual: 'timer', mixed: 'mixed', none: 'none' } as const;
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (t, m) => preferredTrackingMethod(m, t) === swap[preferredTrackingMethod(t, m)]));
  });
});

describe('wholeDays', () => {
  it('floors and never goes negative', () => {
    expect(wholeDays(0, 86_399)).toBe(0);
    expect(wholeDays(0, 86_400)).toBe(1);
    expect(wholeDays(100, 0)).toBe(0);
  });
});
