import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROUNDING_MINUTES,
  addDays,
  applyRounding,
  timerStopSeconds,
  bucketKey,
  buckets,
  durationSeconds,
  formatDuration,
  formatLocalDate,
  isValidTimeZone,
  localDate,
  offsetSeconds,
  overlapSeconds,
  overlaps,
  rangeDays,
  roundDuration,
  splitByBuckets,
  startOfDay,
  startOfMonth,
  startOfWeek,
  zonedParts,
  zonedTimeToEpoch,
  type BucketUnit,
  type RoundingMethod,
  type WeekStart,
} from './time-math.js';

const H = 3600;
const DAY = 86_400;

/** Epoch seconds of a UTC wall time (month 1-based). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

/** Local wall-clock reading at `epoch` in `tz` as seconds on a zone-less timeline. */
function wall(epoch: number, tz: string): number {
  const p = zonedParts(epoch, tz);
  return utc(p.year, p.month, p.day, p.hour, p.minute, p.second);
}

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Santiago',
  'Pacific/Chatham',
] as const;

const METHODS: readonly RoundingMethod[] = ['nearest', 'up', 'down'];
const UNITS: readonly BucketUnit[] = ['day', 'week', 'month'];

const zoneArb = fc.constantFrom(...ZONES);
const weekStartArb = fc.integer({ min: 0, max: 6 }) as fc.Arbitrary<WeekStart>;
const minutesArb = fc.constantFrom(...ROUNDING_MINUTES);
const methodArb = fc.constantFrom(...METHODS);
/** Instants between 2000-01-01 and 2040-01-01 UTC. */
const instantArb = fc.integer({ min: utc(2000, 1, 1), max: utc(2040, 1, 1) });

describe('durationSeconds', () => {
  it('subtracts start and breaks', () => {
    expect(durationSeconds(utc(2026, 1, 5, 9), utc(2026, 1, 5, 17))).toBe(8 * H);
    expect(durationSeconds(utc(2026, 1, 5, 9), utc(2026, 1, 5, 17), 30 * 60)).toBe(7.5 * H);
    expect(durationSeconds(100, 100)).toBe(0);
  });

  it('clamps to 0 when breaks exceed the span', () => {
    expect(durationSeconds(0, 600, 900)).toBe(0);
    expect(durationSeconds(0, 600, 600)).toBe(0);
  });

  it('rejects end before start, negative breaks and non-finite input', () => {
    expect(() => durationSeconds(10, 9)).toThrow(RangeError);
    expect(() => durationSeconds(0, 10, -1)).toThrow(RangeError);
    expect(() => durationSeconds(Number.NaN, 10)).toThrow(RangeError);
    expect(() => durationSeconds(0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('property: equals max(0, end - start - breaks) and never exceeds the span', () => {
    fc.assert(
      fc.property(instantArb, fc.nat(10 * DAY), fc.nat(DAY), (start, len, brk) => {
        const d = durationSeconds(start, start + len, brk);
        expect(d).toBe(Math.max(0, len - brk));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(len);
      }),
    );
  });
});

describe('roundDuration', () => {
  it('rounds to the nearest minute, half up', () => {
    expect(roundDuration(29, 1, 'nearest')).toBe(0);
    expect(roundDuration(30, 1, 'nearest')).toBe(60);
    expect(roundDuration(89, 1, 'nearest')).toBe(60);
    expect(roundDuration(90, 1, 'nearest')).toBe(120);
    expect(roundDuration(3599, 1, 'nearest')).toBe(3600);
  });

  it('rounds to 15 minutes with each method', () => {
    expect(roundDuration(449, 15, 'nearest')).toBe(0);
    expect(roundDuration(450, 15, 'nearest')).toBe(900);
    expect(roundDuration(1, 15, 'up')).toBe(900);
    expect(roundDuration(900, 15, 'up')).toBe(900);
    expect(roundDuration(901, 15, 'up')).toBe(1800);
    expect(roundDuration(1799, 15, 'down')).toBe(900);
  });

  it('handles the 6-minute (tenth of an hour) and 60-minute steps', () => {
    expect(roundDuration(1000, 6, 'nearest')).toBe(1080); // 16.7 min → 18 min
    expect(roundDuration(1000, 6, 'down')).toBe(720);
    expect(roundDuration(3601, 60, 'up')).toBe(7200);
    expect(roundDuration(5399, 60, 'nearest')).toBe(3600);
    expect(roundDuration(5400, 60, 'nearest')).toBe(7200);
  });

  it('keeps 0 at 0 for every method, including up', () => {
    for (const m of ROUNDING_MINUTES) {
      for (const method of METHODS) expect(roundDuration(0, m, method)).toBe(0);
    }
  });

  it('treats negative durations as 0', () => {
    expect(roundDuration(-1, 15, 'up')).toBe(0);
    expect(roundDuration(-5000, 1, 'nearest')).toBe(0);
  });

  it('rejects unsupported steps, unknown methods and non-finite input', () => {
    expect(() => roundDuration(60, 7 as never, 'up')).toThrow(RangeError);
    expect(() => roundDuration(60, 15, 'ceil' as never)).toThrow(RangeError);
    expect(() => roundDuration(Number.NaN, 15, 'up')).toThrow(RangeError);
  });

  const secondsArb = fc.oneof(fc.integer({ min: -10_000, max: 10_000_000 }), fc.double({ min: -100, max: 1e7, noNaN: true }));

  it('property: never negative, a multiple of the step, and idempotent', () => {
    fc.assert(
      fc.property(secondsArb, minutesArb, methodArb, (s, minutes, method) => {
        const step = minutes * 60;
        const r = roundDuration(s, minutes, method);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r % step).toBe(0);
        expect(roundDuration(r, minutes, method)).toBe(r);
      }),
      { numRuns: 500 },
    );
  });

  it('property: up >= exact >= down, |nearest - exact| <= step/2, up - down in {0, step}', () => {
    fc.assert(
      fc.property(secondsArb, minutesArb, (s, minutes) => {
        const step = minutes * 60;
        const exact = Math.max(0, s);
        const up = roundDuration(s, minutes, 'up');
        const down = roundDuration(s, minutes, 'down');
        const nearest = roundDuration(s, minutes, 'nearest');
        expect(up).toBeGreaterThanOrEqual(exact);
        expect(exact).toBeGreaterThanOrEqual(down);
        expect(Math.abs(nearest - exact)).toBeLessThanOrEqual(step / 2);
        expect([0, step]).toContain(up - down);
        expect([up, down]).toContain(nearest);
      }),
      { numRuns: 500 },
    );
  });

  it('property: monotonic in the input', () => {
    fc.assert(
      fc.property(fc.nat(1e7), fc.nat(1e5), minutesArb, methodArb, (a, delta, minutes, method) => {
        expect(roundDuration(a + delta, minutes, method)).toBeGreaterThanOrEqual(roundDuration(a, minutes, method));
      }),
    );
  });

  it('property: 1-minute nearest matches Math.round for non-negative integers', () => {
    fc.assert(
      fc.property(fc.nat(1e8), (s) => {
        expect(roundDuration(s, 1, 'nearest')).toBe(Math.round(s / 60) * 60);
      }),
    );
  });
});

describe('formatDuration', () => {
  it('formats H:MM:SS without wrapping hours', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(59)).toBe('0:00:59');
    expect(formatDuration(3661)).toBe('1:01:01');
    expect(formatDuration(90_061)).toBe('25:01:01');
    expect(formatDuration(100 * H)).toBe('100:00:00');
  });

  it('truncates fractions and signs negatives', () => {
    expect(formatDuration(59.9)).toBe('0:00:59');
    expect(formatDuration(-61)).toBe('-0:01:01');
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });

  it('property: parses back to the same number of seconds', () => {
    fc.assert(
      fc.property(fc.nat(1e9), (s) => {
        const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(formatDuration(s));
        expect(m).not.toBeNull();
        const [, h, mi, se] = m as RegExpExecArray;
        expect(Number(h) * 3600 + Number(mi) * 60 + Number(se)).toBe(s);
      }),
    );
  });
});

describe('overlaps / overlapSeconds', () => {
  it('detects partial overlap and containment', () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 5, end: 15 })).toBe(true);
    expect(overlapSeconds(0, 10, 5, 15)).toBe(5);
    expect(overlaps({ start: 0, end: 100 }, { start: 40, end: 60 })).toBe(true);
    expect(overlapSeconds(0, 100, 40, 60)).toBe(20);
  });

  it('does not treat touching or disjoint intervals as overlapping', () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(overlaps({ start: 10, end: 20 }, { start: 0, end: 10 })).toBe(false);
    expect(overlapSeconds(0, 10, 10, 20)).toBe(0);
    expect(overlaps({ start: 0, end: 10 }, { start: 30, end: 40 })).toBe(false);
    expect(overlapSeconds(0, 10, 30, 40)).toBe(0);
  });

  it('never overlaps with an empty interval', () => {
    expect(overlaps({ start: 5, end: 5 }, { start: 0, end: 10 })).toBe(false);
  });

  it('extends running intervals to now, or forever without now', () => {
    const running = { start: 0, end: null };
    const later = { start: 100, end: 200 };
    expect(overlaps(running, later)).toBe(true);
    expect(overlaps(running, later, 50)).toBe(false);
    expect(overlaps(running, later, 100)).toBe(false); // runs [0, 100): touches only
    expect(overlaps(running, later, 101)).toBe(true);
    expect(overlaps(running, { start: 1000, end: null })).toBe(true);
    // A running entry that starts after `now` (clock skew) is empty so far.
    expect(overlaps({ start: 300, end: null }, { start: 200, end: 400 }, 250)).toBe(false);
  });

  const intervalArb = fc
    .tuple(fc.integer({ min: 0, max: 1000 }), fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }))
    .map(([start, len]) => ({ start, end: len === null ? null : start + len }));

  it('property: symmetric', () => {
    fc.assert(
      fc.property(intervalArb, intervalArb, fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }), (a, b, now) => {
        expect(overlaps(a, b, now)).toBe(overlaps(b, a, now));
      }),
    );
  });

  it('property: agrees with a brute-force count of shared seconds', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(30), fc.nat(60), fc.nat(30), (as, al, bs, bl) => {
        let shared = 0;
        for (let t = 0; t < 200; t++) if (t >= as && t < as + al && t >= bs && t < bs + bl) shared++;
        expect(overlapSeconds(as, as + al, bs, bs + bl)).toBe(shared);
        expect(overlaps({ start: as, end: as + al }, { start: bs, end: bs + bl })).toBe(shared > 0);
      }),
    );
  });

  it('property: touching intervals never overlap', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(500), fc.nat(500), (start, l1, l2) => {
        const a = { start, end: start + l1 };
        const b = { start: start + l1, end: start + l1 + l2 };
        expect(overlaps(a, b)).toBe(false);
        expect(overlaps(b, a)).toBe(false);
      }),
    );
  });
});

describe('rangeDays', () => {
  it('counts whole days rounded up, never negative', () => {
    expect(rangeDays(0, 0)).toBe(0);
    expect(rangeDays(0, 1)).toBe(1);
    expect(rangeDays(0, DAY)).toBe(1);
    expect(rangeDays(0, DAY + 1)).toBe(2);
    expect(rangeDays(utc(2026, 3, 1), utc(2026, 3, 8))).toBe(7);
    expect(rangeDays(DAY, 0)).toBe(0);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and rejects junk', () => {
    for (const tz of ZONES) expect(isValidTimeZone(tz)).toBe(true);
    expect(isValidTimeZone('Asia/Beirut')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Europe/Berln')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('keeps working after the formatter cache has evicted entries', () => {
    // 600 distinct spellings (Intl is case-insensitive) exceed the cache bound.
    const name = 'europe/berlin';
    const letters = [...name].map((c, i) => i).filter((i) => /[a-z]/.test(name.charAt(i)));
    const expected = zonedParts(utc(2026, 7, 1, 12), 'Europe/Berlin');
    for (let n = 0; n < 600; n++) {
      const spelled = [...name]
        .map((c, i) => (letters.indexOf(i) >= 0 && (n >> letters.indexOf(i)) & 1 ? c.toUpperCase() : c))
        .join('');
      expect(zonedParts(utc(2026, 7, 1, 12), spelled)).toEqual(expected);
    }
    expect(zonedParts(utc(2026, 7, 1, 12), 'Europe/Berlin').hour).toBe(14);
  });
});

describe('zonedParts', () => {
  it('reads wall clocks in several zones', () => {
    expect(zonedParts(utc(2026, 3, 29, 1), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 3,
      minute: 0,
      second: 0,
      weekday: 0,
    });
    expect(zonedParts(utc(2026, 3, 29, 0, 59, 59), 'Europe/Berlin')).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(zonedParts(utc(2026, 1, 1), 'Asia/Kolkata')).toEqual({
      year: 2026,
      month: 1,
      day: 1,
      hour: 5,
      minute: 30,
      second: 0,
      weekday: 4,
    });
    expect(zonedParts(utc(2026, 1, 1), 'Pacific/Chatham')).toMatchObject({ day: 1, hour: 13, minute: 45 });
    expect(zonedParts(utc(2026, 1, 1, 2), 'America/New_York')).toEqual({
      year: 2025,
      month: 12,
      day: 31,
      hour: 21,
      minute: 0,
      second: 0,
      weekday: 3,
    });
    // Midnight is hour 0, not 24.
    expect(zonedParts(utc(2026, 6, 1), 'UTC').hour).toBe(0);
  });

  it('shows the same wall time twice across a fall-back', () => {
    const first = zonedParts(utc(2026, 11, 1, 5, 30), 'America/New_York');
    const second = zonedParts(utc(2026, 11, 1, 6, 30), 'America/New_York');
    expect(first).toEqual(second);
    expect(first).toMatchObject({ hour: 1, minute: 30 });
  });

  it('throws RangeError for unknown zones', () => {
    expect(() => zonedParts(0, 'Nowhere/Special')).toThrow(RangeError);
  });

  it('property: in UTC matches Date getters, weekday included', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc(1900, 1, 1), max: utc(2200, 1, 1) }), (e) => {
        const d = new Date(e * 1000);
        expect(zonedParts(e, 'UTC')).toEqual({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
          weekday: d.getUTCDay(),
        });
      }),
    );
  });

  it('property: offsets are whole quarter hours within ±14h and weekday matches the date', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (e, tz) => {
        const off = offsetSeconds(e, tz);
        expect(Math.abs(off % 900)).toBe(0);
        expect(Math.abs(off)).toBeLessThanOrEqual(14 * H);
        const p = zonedParts(e, tz);
        expect(p.weekday).toBe(new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay());
      }),
    );
  });
});

describe('zonedTimeToEpoch', () => {
  it('maps ordinary wall times exactly', () => {
    expect(zonedTimeToEpoch(2026, 7, 1, 12, 0, 0, 'Europe/Berlin')).toBe(utc(2026, 7, 1, 10));
    expect(zonedTimeToEpoch(2026, 1, 15, 12, 0, 0, 'Europe/Berlin')).toBe(utc(2026, 1, 15, 11));
    expect(zonedTimeToEpoch(2026, 1, 1, 0, 0, 0, 'Asia/Kolkata')).toBe(utc(2025, 12, 31, 18, 30));
    expect(zonedTimeToEpoch(2026, 1, 1, 0, 0, 0, 'Pacific/Chatham')).toBe(utc(2025, 12, 31, 10, 15));
    expect(zonedTimeToEpoch(2026, 6, 30, 23, 59, 59, 'UTC')).toBe(utc(2026, 6, 30, 23, 59, 59));
  });

  it('resolves spring-forward gaps to the transition instant', () => {
    // Berlin 2026-03-29: 02:00 CET → 03:00 CEST at 01:00 UTC.
    expect(zonedTimeToEpoch(2026, 3, 29, 1, 59, 59, 'Europe/Berlin')).toBe(utc(2026, 3, 29, 0, 59, 59));
    expect(zonedTimeToEpoch(2026, 3, 29, 2, 0, 0, 'Europe/Berlin')).toBe(utc(2026, 3, 29, 1));
    expect(zonedTimeToEpoch(2026, 3, 29, 2, 30, 0, 'Europe/Berlin')).toBe(utc(2026, 3, 29, 1));
    expect(zonedTimeToEpoch(2026, 3, 29, 3, 0, 0, 'Europe/Berlin')).toBe(utc(2026, 3, 29, 1));
    expect(zonedTimeToEpoch(2026, 3, 29, 3, 0, 1, 'Europe/Berlin')).toBe(utc(2026, 3, 29, 1, 0, 1));
    // New York 2026-03-08 02:30 does not exist; 03:00 EDT = 07:00 UTC.
    expect(zonedTimeToEpoch(2026, 3, 8, 2, 30, 0, 'America/New_York')).toBe(utc(2026, 3, 8, 7));
    // Lord Howe jumps 02:00 (+10:30) → 02:30 (+11) on 2026-10-04, i.e. at 15:30 UTC the day before.
    expect(zonedTimeToEpoch(2026, 10, 4, 2, 15, 0, 'Australia/Lord_Howe')).toBe(utc(2026, 10, 3, 15, 30));
    // Chatham jumps 02:45 (+12:45) → 03:45 (+13:45) on 2026-09-27, at 14:00 UTC the day before.
    expect(zonedTimeToEpoch(2026, 9, 27, 3, 0, 0, 'Pacific/Chatham')).toBe(utc(2026, 9, 26, 14));
    // Santiago skips midnight on 2026-09-06: the day begins at 01:00 (-03) = 04:00 UTC.
    expect(zonedTimeToEpoch(2026, 9, 6, 0, 0, 0, 'America/Santiago')).toBe(utc(2026, 9, 6, 4));
  });

  it('resolves fall-back overlaps to the earlier instant', () => {
    // Berlin 2026-10-25: 03:00 CEST → 02:00 CET at 01:00 UTC; 02:xx happens twice.
    expect(zonedTimeToEpoch(2026, 10, 25, 2, 0, 0, 'Europe/Berlin')).toBe(utc(2026, 10, 25, 0));
    expect(zonedTimeToEpoch(2026, 10, 25, 2, 30, 0, 'Europe/Berlin')).toBe(utc(2026, 10, 25, 0, 30));
    expect(zonedTimeToEpoch(2026, 10, 25, 3, 0, 0, 'Europe/Berlin')).toBe(utc(2026, 10, 25, 2));
    expect(zonedTimeToEpoch(2026, 11, 1, 1, 30, 0, 'America/New_York')).toBe(utc(2026, 11, 1, 5, 30));
    // Lord Howe 2026-04-05: 02:00 (+11) → 01:30 (+10:30); 01:45 first occurs at +11.
    expect(zonedTimeToEpoch(2026, 4, 5, 1, 45, 0, 'Australia/Lord_Howe')).toBe(utc(2026, 4, 4, 14, 45));
  });

  it('rejects invalid fields and zones', () => {
    expect(() => zonedTimeToEpoch(2026, 13, 1, 0, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => zonedTimeToEpoch(2026, 2, 29, 0, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => zonedTimeToEpoch(2026, 1, 1, 24, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => zonedTimeToEpoch(2026, 1, 1, 0, 0.5, 0, 'UTC')).toThrow(RangeError);
    expect(() => zonedTimeToEpoch(2026, 1, 1, 0, 0, 0, 'Not/AZone')).toThrow(RangeError);
    expect(zonedTimeToEpoch(2024, 2, 29, 0, 0, 0, 'UTC')).toBe(utc(2024, 2, 29));
  });

  it('skips a whole missing day (Pacific/Apia, 2011-12-30)', () => {
    // Apia went from -10 to +14 at 2011-12-30 10:00 UTC; local 2011-12-30 never happened.
    const start31 = utc(2011, 12, 30, 10);
    expect(zonedTimeToEpoch(2011, 12, 30, 12, 0, 0, 'Pacific/Apia')).toBe(start31);
    expect(zonedTimeToEpoch(2011, 12, 31, 0, 0, 0, 'Pacific/Apia')).toBe(start31);
  });

  it('property: round-trips zonedParts to the same or an earlier instant with the same wall time', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (e, tz) => {
        const p = zonedParts(e, tz);
        const r = zonedTimeToEpoch(p.year, p.month, p.day, p.hour, p.minute, p.second, tz);
        expect(r).toBeLessThanOrEqual(e);
        expect(zonedParts(r, tz)).toEqual(p);
        // Only a repeated (fall-back) wall time may map to an earlier instant, at most 1h back.
        expect(e - r).toBeLessThanOrEqual(H);
      }),
      { numRuns: 300 },
    );
  });

  // Days with a DST transition in the zones under test, so that gaps and overlaps are hit.
  const transitionDays: ReadonlyArray<[string, number, number, number]> = [
    ['Europe/Berlin', 2026, 3, 29],
    ['Europe/Berlin', 2026, 10, 25],
    ['America/New_York', 2026, 3, 8],
    ['America/New_York', 2026, 11, 1],
    ['America/Santiago', 2026, 9, 6],
    ['America/Santiago', 2026, 4, 4],
    ['Australia/Lord_Howe', 2026, 4, 5],
    ['Australia/Lord_Howe', 2026, 10, 4],
    ['Pacific/Chatham', 2026, 4, 5],
    ['Pacific/Chatham', 2026, 9, 27],
    ['Asia/Beirut', 2026, 3, 29],
    ['Asia/Beirut', 2026, 10, 24],
    ['America/Havana', 2026, 11, 1],
    ['Pacific/Apia', 2011, 12, 30],
  ];

  it('property: returns the earliest instant whose wall time is at or after the requested one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...transitionDays), fc.integer({ min: -DAY, max: 2 * DAY - 1 }), ([tz, y, m, d], shift) => {
        const req = utc(y, m, d) + shift;
        const w = new Date(req * 1000);
        const r = zonedTimeToEpoch(
          w.getUTCFullYear(),
          w.getUTCMonth() + 1,
          w.getUTCDate(),
          w.getUTCHours(),
          w.getUTCMinutes(),
          w.getUTCSeconds(),
          tz,
        );
        expect(wall(r, tz)).toBeGreaterThanOrEqual(req);
        expect(wall(r - 1, tz)).toBeLessThan(req);
      }),
      { numRuns: 500 },
    );
  });
});

describe('startOfDay', () => {
  it('finds local midnight', () => {
    expect(startOfDay(utc(2026, 7, 1, 15), 'UTC')).toBe(utc(2026, 7, 1));
    expect(startOfDay(utc(2026, 7, 1, 15), 'Europe/Berlin')).toBe(utc(2026, 6, 30, 22));
    expect(startOfDay(utc(2026, 7, 1, 23), 'Europe/Berlin')).toBe(utc(2026, 7, 1, 22));
    expect(startOfDay(utc(2026, 1, 1, 12), 'Asia/Kolkata')).toBe(utc(2025, 12, 31, 18, 30));
    expect(startOfDay(utc(2026, 7, 1), 'UTC')).toBe(utc(2026, 7, 1));
    expect(startOfDay(utc(2026, 7, 1) - 1, 'UTC')).toBe(utc(2026, 6, 30));
  });

  it('uses the first existing instant when midnight is skipped', () => {
    // Santiago 2026-09-06 and Beirut 2026-03-29 jump from 00:00 to 01:00.
    expect(startOfDay(utc(2026, 9, 6, 15), 'America/Santiago')).toBe(utc(2026, 9, 6, 4));
    expect(zonedParts(utc(2026, 9, 6, 4), 'America/Santiago')).toMatchObject({ day: 6, hour: 1, minute: 0 });
    expect(startOfDay(utc(2026, 3, 29, 12), 'Asia/Beirut')).toBe(utc(2026, 3, 28, 22));
    expect(zonedParts(utc(2026, 3, 28, 22), 'Asia/Beirut')).toMatchObject({ day: 29, hour: 1 });
  });

  it('uses the earlier midnight when midnight repeats (Havana 2026-11-01)', () => {
    // 01:00 CDT → 00:00 CST at 05:00 UTC; the first midnight is 04:00 UTC.
    expect(startOfDay(utc(2026, 11, 1, 17), 'America/Havana')).toBe(utc(2026, 11, 1, 4));
    expect(startOfDay(utc(2026, 11, 1, 5, 30), 'America/Havana')).toBe(utc(2026, 11, 1, 4));
  });

  it('property: is the first instant of the same local date', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES, 'Asia/Beirut', 'America/Havana'), (e, tz) => {
        const s = startOfDay(e, tz);
        expect(s).toBeLessThanOrEqual(e);
        expect(localDate(s, tz)).toEqual(localDate(e, tz));
        expect(localDate(s - 1, tz)).not.toEqual(localDate(e, tz));
        expect(startOfDay(s, tz)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('startOfWeek', () => {
  const wed = utc(2026, 3, 11, 12); // Wednesday
  const sun = utc(2026, 3, 8, 12); // Sunday

  it('honours the configured first weekday', () => {
    expect(startOfWeek(wed, 'UTC', 1)).toBe(utc(2026, 3, 9));
    expect(startOfWeek(wed, 'UTC', 0)).toBe(utc(2026, 3, 8));
    expect(startOfWeek(wed, 'UTC', 6)).toBe(utc(2026, 3, 7));
    expect(startOfWeek(wed, 'UTC', 3)).toBe(utc(2026, 3, 11));
    expect(startOfWeek(sun, 'UTC', 1)).toBe(utc(2026, 3, 2));
    expect(startOfWeek(sun, 'UTC', 0)).toBe(utc(2026, 3, 8));
    expect(startOfWeek(wed, 'UTC')).toBe(utc(2026, 3, 9)); // default Monday
  });

  it('works across DST', () => {
    // New York: Sunday 2026-03-08 00:00 is still EST (-5); DST starts at 02:00.
    expect(startOfWeek(wed, 'America/New_York', 0)).toBe(utc(2026, 3, 8, 5));
    expect(startOfWeek(wed, 'America/New_York', 1)).toBe(utc(2026, 3, 9, 4));
    // Berlin: the week containing Sunday 2026-03-29 (CEST) began Monday 03-23 in CET.
    expect(startOfWeek(utc(2026, 3, 29, 12), 'Europe/Berlin', 1)).toBe(utc(2026, 3, 22, 23));
  });

  it('rejects an invalid week start', () => {
    expect(() => startOfWeek(wed, 'UTC', 7 as WeekStart)).toThrow(RangeError);
  });

  it('property: starts on the configured weekday, at most a week before', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, weekStartArb, (e, tz, ws) => {
        const s = startOfWeek(e, tz, ws);
        expect(s).toBeLessThanOrEqual(e);
        expect(e - s).toBeLessThan(7 * DAY + H);
        expect(zonedParts(s, tz).weekday).toBe(ws);
        expect(startOfDay(s, tz)).toBe(s);
        expect(startOfWeek(s, tz, ws)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe('startOfMonth', () => {
  it('finds the first local midnight of the month', () => {
    expect(startOfMonth(utc(2026, 4, 15), 'Europe/Berlin')).toBe(utc(2026, 3, 31, 22));
    expect(startOfMonth(utc(2026, 3, 15), 'America/New_York')).toBe(utc(2026, 3, 1, 5));
    expect(startOfMonth(utc(2026, 1, 31, 20), 'Asia/Kolkata')).toBe(utc(2026, 1, 31, 18, 30));
    expect(startOfMonth(utc(2026, 2, 28, 23, 59, 59), 'UTC')).toBe(utc(2026, 2, 1));
  });

  it('property: day 1 of the same local month', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (e, tz) => {
        const s = startOfMonth(e, tz);
        const p = zonedParts(e, tz);
        expect(s).toBeLessThanOrEqual(e);
        expect(localDate(s, tz)).toEqual({ year: p.year, month: p.month, day: 1 });
        expect(startOfDay(s, tz)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe('addDays / formatLocalDate', () => {
  it('handles month, year and leap-year boundaries', () => {
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addDays({ year: 2024, month: 2, day: 28 }, 2)).toEqual({ year: 2024, month: 3, day: 1 });
    expect(addDays({ year: 2023, month: 2, day: 28 }, 1)).toEqual({ year: 2023, month: 3, day: 1 });
    expect(addDays({ year: 1900, month: 2, day: 28 }, 1)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(addDays({ year: 2000, month: 2, day: 28 }, 1)).toEqual({ year: 2000, month: 2, day: 29 });
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 1, day: 1 }, -1)).toEqual({ year: 2025, month: 12, day: 31 });
  });

  it('formats zero-padded dates', () => {
    expect(formatLocalDate({ year: 2026, month: 3, day: 9 })).toBe('2026-03-09');
    expect(formatLocalDate({ year: 987, month: 12, day: 31 })).toBe('0987-12-31');
  });

  it('property: agrees with Date arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc(1800, 1, 1), max: utc(2400, 1, 1) }), fc.integer({ min: -5000, max: 5000 }), (e, n) => {
        const d = new Date(e * 1000);
        const shifted = new Date((e + n * DAY) * 1000);
        expect(addDays({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, n)).toEqual({
          year: shifted.getUTCFullYear(),
          month: shifted.getUTCMonth() + 1,
          day: shifted.getUTCDate(),
        });
      }),
    );
  });
});

describe('bucketKey', () => {
  it('uses the local date, week start date and month', () => {
    const e = utc(2026, 1, 31, 20); // Kolkata: 2026-02-01 01:30 (Sunday)
    expect(bucketKey(e, 'day', 'UTC')).toBe('2026-01-31');
    expect(bucketKey(e, 'day', 'Asia/Kolkata')).toBe('2026-02-01');
    expect(bucketKey(e, 'month', 'UTC')).toBe('2026-01');
    expect(bucketKey(e, 'month', 'Asia/Kolkata')).toBe('2026-02');
    expect(bucketKey(e, 'week', 'Asia/Kolkata', 0)).toBe('2026-02-01');
    expect(bucketKey(e, 'week', 'Asia/Kolkata', 1)).toBe('2026-01-26');
    expect(bucketKey(e, 'week', 'UTC', 1)).toBe('2026-01-26');
    expect(bucketKey(e, 'week', 'UTC', 0)).toBe('2026-01-25');
  });

  it('keys a week by its first day even when that midnight is skipped', () => {
    // Santiago Sunday 2026-09-06 has no 00:00; its Sunday-start week is still keyed 2026-09-06.
    expect(bucketKey(utc(2026, 9, 9, 12), 'week', 'America/Santiago', 0)).toBe('2026-09-06');
  });
});

describe('buckets', () => {
  const hours = (bs: ReturnType<typeof buckets>) => bs.map((b) => [b.key, (b.end - b.start) / H]);

  it('has 23 and 25 hour days in Europe/Berlin 2026', () => {
    const tz = 'Europe/Berlin';
    expect(hours(buckets(startOfDay(utc(2026, 3, 28, 12), tz), startOfDay(utc(2026, 3, 31, 12), tz), 'day', tz))).toEqual([
      ['2026-03-28', 24],
      ['2026-03-29', 23],
      ['2026-03-30', 24],
    ]);
    expect(hours(buckets(startOfDay(utc(2026, 10, 24, 12), tz), startOfDay(utc(2026, 10, 27, 12), tz), 'day', tz))).toEqual([
      ['2026-10-24', 24],
      ['2026-10-25', 25],
      ['2026-10-26', 24],
    ]);
  });

  it('has 23 and 25 hour days in America/New_York 2026', () => {
    const tz = 'America/New_York';
    const spring = buckets(utc(2026, 3, 8, 5), utc(2026, 3, 9, 4), 'day', tz);
    expect(hours(spring)).toEqual([['2026-03-08', 23]]);
    const fall = buckets(utc(2026, 10, 31, 4), utc(2026, 11, 3, 5), 'day', tz);
    expect(hours(fall)).toEqual([
      ['2026-10-31', 24],
      ['2026-11-01', 25],
      ['2026-11-02', 24],
    ]);
    expect(fall[1]?.start).toBe(utc(2026, 11, 1, 4));
  });

  it('handles half-hour DST and midnight gaps', () => {
    // Local midnights: 10-03 at +10:30 (10-02 13:30 UTC), 10-05 at +11 (10-04 13:00 UTC).
    const lh = buckets(utc(2026, 10, 2, 13, 30), utc(2026, 10, 4, 13), 'day', 'Australia/Lord_Howe');
    expect(hours(lh)).toEqual([
      ['2026-10-03', 24],
      ['2026-10-04', 23.5],
    ]);
    const scl = buckets(utc(2026, 9, 5, 4), utc(2026, 9, 7, 3), 'day', 'America/Santiago');
    expect(hours(scl)).toEqual([
      ['2026-09-05', 24],
      ['2026-09-06', 23],
    ]);
    expect(scl[1]?.start).toBe(utc(2026, 9, 6, 4));
    const sclFall = buckets(utc(2026, 4, 4, 3), utc(2026, 4, 5, 4), 'day', 'America/Santiago');
    expect(hours(sclFall)).toEqual([['2026-04-04', 25]]);
  });

  it('clips the first and last bucket to the requested range', () => {
    const from = utc(2026, 5, 10, 15);
    const to = utc(2026, 5, 12, 6);
    const bs = buckets(from, to, 'day', 'UTC');
    expect(bs).toEqual([
      { key: '2026-05-10', start: from, end: utc(2026, 5, 11) },
      { key: '2026-05-11', start: utc(2026, 5, 11), end: utc(2026, 5, 12) },
      { key: '2026-05-12', start: utc(2026, 5, 12), end: to },
    ]);
    expect(buckets(from, from + 1, 'month', 'UTC')).toEqual([{ key: '2026-05', start: from, end: from + 1 }]);
  });

  it('builds Monday and Sunday weeks with the right keys and boundaries', () => {
    const from = utc(2026, 3, 1); // Sunday
    const to = utc(2026, 3, 22);
    expect(buckets(from, to, 'week', 'UTC', 1)).toEqual([
      { key: '2026-02-23', start: from, end: utc(2026, 3, 2) },
      { key: '2026-03-02', start: utc(2026, 3, 2), end: utc(2026, 3, 9) },
      { key: '2026-03-09', start: utc(2026, 3, 9), end: utc(2026, 3, 16) },
      { key: '2026-03-16', start: utc(2026, 3, 16), end: to },
    ]);
    expect(buckets(from, to, 'week', 'UTC', 0)).toEqual([
      { key: '2026-03-01', start: from, end: utc(2026, 3, 8) },
      { key: '2026-03-08', start: utc(2026, 3, 8), end: utc(2026, 3, 15) },
      { key: '2026-03-15', start: utc(2026, 3, 15), end: to },
    ]);
  });

  it('builds calendar months, DST months one hour short or long', () => {
    const tz = 'Europe/Berlin';
    const bs = buckets(utc(2025, 12, 31, 23), utc(2026, 12, 31, 23), 'month', tz);
    expect(bs.map((b) => b.key)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    const lengths = bs.map((b) => b.end - b.start);
    expect(lengths[1]).toBe(28 * DAY);
    expect(lengths[2]).toBe(31 * DAY - H);
    expect(lengths[9]).toBe(31 * DAY + H);
    expect(bs[3]?.start).toBe(utc(2026, 3, 31, 22));
  });

  it('omits a local date that never existed (Pacific/Apia 2011-12-30)', () => {
    const bs = buckets(utc(2011, 12, 29, 10), utc(2012, 1, 1, 10), 'day', 'Pacific/Apia');
    expect(hours(bs)).toEqual([
      ['2011-12-29', 24],
      ['2011-12-31', 24],
      ['2012-01-01', 24],
    ]);
    expect(bs[1]?.start).toBe(utc(2011, 12, 30, 10));
  });

  it('returns nothing for an empty range and rejects bad arguments', () => {
    expect(buckets(100, 100, 'day', 'UTC')).toEqual([]);
    expect(() => buckets(100, 99, 'day', 'UTC')).toThrow(RangeError);
    expect(() => buckets(0, DAY, 'day', 'Bad/Zone')).toThrow(RangeError);
    expect(() => buckets(0, DAY, 'week', 'UTC', -1 as WeekStart)).toThrow(RangeError);
    expect(() => buckets(0, DAY, 'year' as BucketUnit, 'UTC')).toThrow(RangeError);
  });

  const maxSpan: Record<BucketUnit, number> = { day: 120 * DAY, week: 2 * 366 * DAY, month: 6 * 366 * DAY };
  const rangeArb = fc
    .record({ unit: fc.constantFrom(...UNITS), from: instantArb, frac: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ unit, from, frac }) => ({ unit, from, to: from + Math.floor(frac * maxSpan[unit]) }));

  it('property: partitions [from, to) exactly into contiguous, correctly keyed buckets', () => {
    fc.assert(
      fc.property(rangeArb, zoneArb, weekStartArb, ({ unit, from, to }, tz, ws) => {
        const bs = buckets(from, to, unit, tz, ws);
        if (from === to) {
          expect(bs).toEqual([]);
          return;
        }
        expect(bs[0]?.start).toBe(from);
        expect(bs[bs.length - 1]?.end).toBe(to);
        let total = 0;
        bs.forEach((b, i) => {
          expect(b.end).toBeGreaterThan(b.start);
          if (i > 0) {
            expect(b.start).toBe(bs[i - 1]?.end);
            expect(b.key > (bs[i - 1]?.key ?? '')).toBe(true);
            const boundary =
              unit === 'day'
                ? startOfDay(b.start, tz)
                : unit === 'week'
                  ? startOfWeek(b.start, tz, ws)
                  : startOfMonth(b.start, tz);
            expect(boundary).toBe(b.start);
          }
          expect(bucketKey(b.start, unit, tz, ws)).toBe(b.key);
          expect(bucketKey(b.end - 1, unit, tz, ws)).toBe(b.key);
          total += b.end - b.start;
        });
        expect(total).toBe(to - from);
      }),
      { numRuns: 150 },
    );
  });

  it('property: full day buckets last 23 to 25 hours', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (from, tz) => {
        const bs = buckets(from, from + 60 * DAY, 'day', tz);
        for (const b of bs.slice(1, -1)) {
          expect(b.end - b.start).toBeGreaterThanOrEqual(23 * H);
          expect(b.end - b.start).toBeLessThanOrEqual(25 * H);
        }
        // 60 × 24h touches 61 local dates, or 60/62 when a DST shift moves the wall clock
        // across midnight at one end.
        expect(bs.length).toBeGreaterThanOrEqual(60);
        expect(bs.length).toBeLessThanOrEqual(62);
      }),
      { numRuns: 50 },
    );
  });
});

describe('splitByBuckets', () => {
  it('splits an entry crossing midnight and the Berlin spring-forward', () => {
    const tz = 'Europe/Berlin';
    const days = buckets(startOfDay(utc(2026, 3, 28, 12), tz), startOfDay(utc(2026, 3, 30, 12), tz), 'day', tz);
    // 22:00 local on the 28th (21:00 UTC) until 04:00 CEST on the 29th (02:00 UTC).
    const start = zonedTimeToEpoch(2026, 3, 28, 22, 0, 0, tz);
    const end = zonedTimeToEpoch(2026, 3, 29, 4, 0, 0, tz);
    expect(end - start).toBe(5 * H);
    expect(splitByBuckets(start, end, days)).toEqual([2 * H, 3 * H]);
  });

  it('ignores time outside every bucket and rejects reversed entries', () => {
    const bs = [
      { start: 100, end: 200 },
      { start: 200, end: 300 },
    ];
    expect(splitByBuckets(50, 250, bs)).toEqual([100, 50]);
    expect(splitByBuckets(0, 50, bs)).toEqual([0, 0]);
    expect(splitByBuckets(150, 150, bs)).toEqual([0, 0]);
    expect(() => splitByBuckets(10, 5, bs)).toThrow(RangeError);
  });

  it('property: an entry inside the range is fully distributed', () => {
    fc.assert(
      fc.property(
        instantArb,
        zoneArb,
        fc.constantFrom(...UNITS),
        fc.integer({ min: 1, max: 90 * DAY }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (from, tz, unit, span, a, b) => {
          const to = from + span;
          const bs = buckets(from, to, unit, tz);
          const s = from + Math.floor(Math.min(a, b) * span);
          const e = from + Math.floor(Math.max(a, b) * span);
          const parts = splitByBuckets(s, e, bs);
          expect(parts).toHaveLength(bs.length);
          expect(parts.reduce((x, y) => x + y, 0)).toBe(e - s);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual((bs[i]?.end ?? 0) - (bs[i]?.start ?? 0));
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('applyRounding and timerStopSeconds (every rounding of the app)', () => {
  const minutesArb = fc.constantFrom(...ROUNDING_MINUTES);
  const methodArb = fc.constantFrom<RoundingMethod>('nearest', 'up', 'down');
  const ruleArb = fc.record({ minutes: minutesArb, method: methodArb });

  it('applyRounding is roundDuration for a rule and the (non-negative) input without one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 10_000_000 }), ruleArb, (s, rule) => {
        expect(applyRounding(s, rule)).toBe(roundDuration(s, rule.minutes, rule.method));
        expect(applyRounding(s, null)).toBe(Math.max(0, s));
      }),
      { numRuns: 500 },
    );
  });

  it('never rounds a timer under the minimum to keep, and rounds every other one by the rule', () => {
    expect(timerStopSeconds(2, { minutes: 15, method: 'up' }, 60)).toBe(2); // not a billable 0:15
    expect(timerStopSeconds(21, { minutes: 1, method: 'nearest' }, 60)).toBe(21); // not a 0:00 entry
    expect(timerStopSeconds(60, { minutes: 15, method: 'up' }, 60)).toBe(900);
    expect(timerStopSeconds(2, { minutes: 15, method: 'up' }, 0)).toBe(900);
    fc.assert(
      fc.property(fc.nat(40 * 86_400), ruleArb, fc.nat(3600), (worked, rule, min) => {
        const stored = timerStopSeconds(worked, rule, min);
        if (worked < min) expect(stored).toBe(worked);
        else expect(stored).toBe(roundDuration(worked, rule.minutes, rule.method));
        // Under the minimum nothing is ever added; "up" adds less than one step above it.
        if (worked < min || rule.method !== 'up') expect(stored).toBeLessThanOrEqual(worked + (rule.minutes * 60) / 2);
        else expect(stored - worked).toBeLessThan(rule.minutes * 60);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses non-finite input', () => {
    expect(() => timerStopSeconds(Number.NaN, { minutes: 1, method: 'up' }, 60)).toThrow(RangeError);
    expect(() => timerStopSeconds(10, { minutes: 1, method: 'up' }, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
