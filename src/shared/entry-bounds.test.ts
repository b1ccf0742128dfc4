import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_SECONDS,
  MAX_ENTRY_SECONDS,
  MAX_INSTANT,
  MAX_RANGE_SECONDS,
  MIN_INSTANT,
  entryProblems,
  isValidInstant,
  rangeProblems,
  runningStartProblems,
  workedSeconds,
} from './entry-bounds.js';

const NOW = Date.UTC(2026, 11, 1) / 1000;

describe('isValidInstant', () => {
  it('accepts exactly the integers from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z', () => {
    expect(MAX_INSTANT).toBe(Date.UTC(2100, 0, 1) / 1000);
    for (const t of [MIN_INSTANT, 1, MAX_INSTANT - 1, MAX_INSTANT]) expect(isValidInstant(t)).toBe(true);
    const far = [-1, MAX_INSTANT + 1, Date.UTC(1, 0, 1) / 1000, Date.UTC(9999, 11, 31) / 1000, 0.5, NaN, Infinity, -Infinity];
    for (const t of far) expect(isValidInstant(t)).toBe(false);
  });
});

describe('entryProblems', () => {
  it('accepts an ordinary entry and names each broken rule on its field', () => {
    const start = NOW - 3600;
    expect(entryProblems({ start, end: NOW, breakSeconds: 600 }, NOW)).toEqual({});
    expect(entryProblems({ start: -60, end: 60, breakSeconds: 0 }, NOW)).toEqual({ start_time: expect.any(String) });
    expect(Object.keys(entryProblems({ start, end: MAX_INSTANT + 1, breakSeconds: 0 }, NOW))).toEqual(['end_time']);
    expect(Object.keys(entryProblems({ start, end: start, breakSeconds: 0 }, NOW))).toEqual(['end_time']);
    expect(entryProblems({ start, end: start, breakSeconds: 0 }, NOW, { allowEmpty: true })).toEqual({});
    expect(entryProblems({ start, end: start + MAX_ENTRY_SECONDS, breakSeconds: 0 }, start + MAX_ENTRY_SECONDS)).toEqual({});
    expect(
      Object.keys(entryProblems({ start, end: start + MAX_ENTRY_SECONDS + 1, breakSeconds: 0 }, NOW + 40 * DAY_SECONDS)),
    ).toEqual(['end_time']);
    expect(entryProblems({ start: NOW, end: NOW + DAY_SECONDS, breakSeconds: 0 }, NOW)).toEqual({});
    expect(Object.keys(entryProblems({ start: NOW, end: NOW + DAY_SECONDS + 1, breakSeconds: 0 }, NOW))).toEqual(['end_time']);
    expect(Object.keys(entryProblems({ start, end: NOW, breakSeconds: 3600 }, NOW))).toEqual(['break_seconds']);
    expect(entryProblems({ start, end: NOW, breakSeconds: 3600 }, NOW, { allowEmpty: true })).toEqual({});
    expect(Object.keys(entryProblems({ start, end: NOW, breakSeconds: 3601 }, NOW, { allowEmpty: true }))).toEqual([
      'break_seconds',
    ]);
    for (const b of [-1, 0.5, NaN, 999_999_999])
      expect(Object.keys(entryProblems({ start, end: NOW, breakSeconds: b }, NOW))).toEqual(['break_seconds']);
  });

  it('never lets an accepted entry hold more worked time than its span, or reach past the bounds (property)', () => {
    const any = fc.oneof(
      fc.integer({ min: -2 * MAX_INSTANT, max: 3 * MAX_INSTANT }),
      fc.constantFrom(NaN, Infinity, -Infinity, 0.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(any, any, any, fc.boolean(), (start, end, breakSeconds, allowEmpty) => {
        const problems = entryProblems({ start, end, breakSeconds }, NOW, { allowEmpty });
        if (Object.keys(problems).length > 0) return;
        expect(isValidInstant(start) && isValidInstant(end)).toBe(true);
        expect(end - start).toBeLessThanOrEqual(MAX_ENTRY_SECONDS);
        expect(end).toBeLessThanOrEqual(NOW + DAY_SECONDS);
        const worked = workedSeconds({ start, end, breakSeconds });
        expect(worked).toBeGreaterThanOrEqual(allowEmpty ? 0 : 1);
        expect(worked).toBeLessThanOrEqual(end - start);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('runningStartProblems and rangeProblems', () => {
  it('bound a running timer’s start and a range’s length', () => {
    expect(runningStartProblems(NOW, NOW)).toEqual({});
    expect(Object.keys(runningStartProblems(NOW + 1, NOW))).toEqual(['start_time']);
    expect(Object.keys(runningStartProblems(NOW - MAX_ENTRY_SECONDS - 1, NOW))).toEqual(['start_time']);
    expect(Object.keys(runningStartProblems(-1, NOW))).toEqual(['start_time']);
    // With the breaks and the open pause the timer already has.
    const taken = { breakSeconds: 300, pausedAt: NOW - 100 };
    expect(runningStartProblems(NOW - 400, NOW, taken)).toEqual({});
    expect(runningStartProblems(NOW - 399, NOW, taken)).toEqual({ start_time: 'must leave room for the breaks already taken' });
    expect(runningStartProblems(NOW - 50, NOW, taken)).toEqual({ start_time: 'must not be after the timer was paused' });
    expect(runningStartProblems(NOW - 300, NOW, { breakSeconds: 300, pausedAt: null })).toEqual({});
    expect(Object.keys(runningStartProblems(NOW - 299, NOW, { breakSeconds: 300, pausedAt: null }))).toEqual(['start_time']);
    expect(rangeProblems(0, MAX_RANGE_SECONDS)).toEqual({});
    expect(Object.keys(rangeProblems(0, MAX_RANGE_SECONDS + 1))).toEqual(['to']);
    expect(Object.keys(rangeProblems(10, 10))).toEqual(['to']);
    expect(Object.keys(rangeProblems(NaN, 10))).toEqual(['from']);
  });
});
