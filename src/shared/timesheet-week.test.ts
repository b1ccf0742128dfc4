import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedParts } from './time-math.js';
import {
  dateOfDayNumber,
  dayNumber,
  formatDate,
  formatWeek,
  parseDate,
  parseWeek,
  weekBounds,
  weekDays,
  weekdayOfDayNumber,
  weekOf,
  weeksInIsoYear,
  type FirstDay,
} from './timesheet-week.js';

const FIRST = dayNumber({ year: 1970, month: 1, day: 1 });
const LAST = dayNumber({ year: 2099, month: 12, day: 31 });
const anyDay = fc.integer({ min: FIRST, max: LAST }).map(dateOfDayNumber);
const anyFirstDay = fc.constantFrom<FirstDay>(0, 1, 2, 3, 4, 5, 6);
const days = (label: string, firstDay: FirstDay) => weekDays(parseWeek(label)!, firstDay).map(formatDate);

describe('week labels', () => {
  it('are ISO 8601 weeks with a Monday start, across year boundaries', () => {
    expect(days('2026-W49', 1)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    const label = (text: string) => formatWeek(weekOf(parseDate(text)!, 1));
    expect(label('2026-12-31')).toBe('2026-W53');
    expect(label('2027-01-03')).toBe('2026-W53');
    expect(label('2027-01-04')).toBe('2027-W01');
    expect(label('2024-12-30')).toBe('2025-W01');
    expect(label('2021-01-03')).toBe('2020-W53');
    expect(label('2008-12-29')).toBe('2009-W01');
    expect(label('1970-01-01')).toBe('1970-W01');
  });

  it('with another first day name the week that starts on it and holds the ISO Thursday', () => {
    expect(days('2026-W49', 0)[0]).toBe('2026-11-29'); // Sunday … Saturday 2026-12-05
    expect(days('2026-W49', 0)[6]).toBe('2026-12-05');
    expect(days('2026-W49', 6)[0]).toBe('2026-11-28');
    expect(days('2026-W49', 5)).toEqual(expect.arrayContaining(['2026-11-27', '2026-12-03']));
    expect(days('2026-W49', 4)[0]).toBe('2026-12-03');
    // A Sunday-start 2026-W53 runs Sun 2026-12-27 … Sat 2027-01-02; the next Sunday begins 2027-W01.
    expect(days('2026-W53', 0)).toEqual(expect.arrayContaining(['2026-12-27', '2027-01-02']));
    expect(formatWeek(weekOf(parseDate('2027-01-03')!, 0))).toBe('2027-W01');
  });

  it('know which years have a W53 (71 in 400 years) and refuse the others', () => {
    const long = [];
    for (let y = 1970; y <= 2099; y++) if (weeksInIsoYear(y) === 53) long.push(y);
    expect(long.slice(0, 6)).toEqual([1970, 1976, 1981, 1987, 1992, 1998]);
    expect(long).toContain(2026);
    let count = 0;
    for (let y = 2000; y < 2400; y++) count += weeksInIsoYear(y) === 53 ? 1 : 0;
    expect(count).toBe(71);
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseWeek('2025-W53')).toBeNull();
  });

  it.each([
    '',
    '2026-W00',
    '2026-W54',
    '2026-w49',
    '2026W49',
    ' 2026-W49',
    '2026-W49 ',
    '1969-W52',
    '2100-W01',
    '2026-W4',
    '+2026-W49',
    '２０２６-W49',
  ])('refuse %j', (text) => expect(parseWeek(text)).toBeNull());

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '1969-12-31', '2100-01-01', '2026-12-03T00:00', ''])(
    'refuse the date %j',
    (text) => expect(parseDate(text)).toBeNull(),
  );
});

describe('week math (properties)', () => {
  it('every day lies in exactly the week its label names, which starts on the first day and holds one Thursday', () => {
    fc.assert(
      fc.property(anyDay, anyFirstDay, (date, firstDay) => {
        const week = weekOf(date, firstDay);
        const list = weekDays(week, firstDay);
        expect(list.map(formatDate)).toContain(formatDate(date));
        expect(weekdayOfDayNumber(dayNumber(list[0]!))).toBe(firstDay);
        expect(list.filter((d) => weekdayOfDayNumber(dayNumber(d)) === 4)).toHaveLength(1);
        // Label and days are inverse to each other, and the label survives printing and reading.
        expect(parseWeek(formatWeek(week))).toEqual(week);
        for (const d of list) expect(weekOf(d, firstDay)).toEqual(week);
      }),
      { numRuns: 1000 },
    );
  });

  it('weeks follow each other without gap or overlap through every year, W53s included', () => {
    // Every week of every year for a Sunday, a Monday and a Thursday start (the others differ only by offset).
    for (const firstDay of [0, 1, 4] as FirstDay[]) {
      let previous = dayNumber(weekDays({ year: 1970, week: 1 }, firstDay)[0]!) - 7;
      for (let year = 1970; year <= 2099; year++) {
        for (let week = 1; week <= weeksInIsoYear(year); week++) {
          const first = dayNumber(weekDays({ year, week }, firstDay)[0]!);
          expect(first - previous).toBe(7);
          previous = first;
        }
      }
    }
  });

  it('a labelled week shares at least four days with the ISO week of that label', () => {
    fc.assert(
      fc.property(anyDay, anyFirstDay, (date, firstDay) => {
        const week = weekOf(date, firstDay);
        const iso = new Set(weekDays(week, 1).map(formatDate));
        expect(weekDays(week, firstDay).filter((d) => iso.has(formatDate(d))).length).toBeGreaterThanOrEqual(4);
      }),
    );
  });

  it('parses every real date and prints it back', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        expect(parseDate(formatDate(date))).toEqual(date);
      }),
    );
  });
});

describe('day instants in a time zone', () => {
  const ZONES = [
    'Europe/Berlin',
    'America/New_York',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'Pacific/Kiritimati',
    'UTC',
  ];

  it('a DST week has one short (23 h) or long (25 h) day; the others have 24 h', () => {
    const lengths = (label: string, tz: string) => {
      const b = weekBounds(weekDays(parseWeek(label)!, 1), tz);
      return b.slice(1).map((end, i) => (end - b[i]!) / 3600);
    };
    expect(lengths('2026-W13', 'Europe/Berlin')).toEqual([24, 24, 24, 24, 24, 24, 23]); // Sun 2026-03-29
    expect(lengths('2026-W43', 'Europe/Berlin')).toEqual([24, 24, 24, 24, 24, 24, 25]); // Sun 2026-10-25
    expect(lengths('2026-W44', 'America/New_York')[6]).toBe(25); // Sun 2026-11-01
    expect(lengths('2026-W49', 'Asia/Kolkata')).toEqual([24, 24, 24, 24, 24, 24, 24]);
  });

  it('each day starts at the first instant of that local date, and the week spans 7 days ± 1 hour', () => {
    const zone = fc.constantFrom(...ZONES);
    const day = fc.integer({ min: dayNumber({ year: 1971, month: 1, day: 1 }), max: LAST - 7 }).map(dateOfDayNumber);
    fc.assert(
      fc.property(day, anyFirstDay, zone, (date, firstDay, tz) => {
        const list = weekDays(weekOf(date, firstDay), firstDay);
        const bounds = weekBounds(list, tz);
        list.forEach((d, i) => {
          const p = zonedParts(bounds[i]!, tz);
          expect(formatDate(p)).toBe(formatDate(d));
          // An instant before it belongs to the previous date.
          expect(formatDate(zonedParts(bounds[i]! - 1, tz))).not.toBe(formatDate(d));
          expect(bounds[i + 1]! - bounds[i]!).toBeGreaterThanOrEqual(22 * 3600);
          expect(bounds[i + 1]! - bounds[i]!).toBeLessThanOrEqual(26 * 3600);
        });
        expect(Math.abs(bounds[7]! - bounds[0]! - 7 * 86_400)).toBeLessThanOrEqual(3600);
      }),
      { numRuns: 300 },
    );
  });
});
