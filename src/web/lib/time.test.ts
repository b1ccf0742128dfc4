// What people type into duration and time fields, and calendar math in the user's zone and week start.
import { describe, expect, it } from 'vitest';
import type { Preferences } from '../api/types.js';
import { DEFAULT_PREFERENCES, formatClock, formatDuration, parseDuration, parseTimeOfDay, TimeFormat, toEpoch } from './time.js';

const prefs = (p: Partial<Preferences>): Preferences => ({ ...DEFAULT_PREFERENCES, timezone: 'UTC', ...p });

describe('parseDuration', () => {
  it.each([
    ['1:30', 5400],
    ['0:45', 2700],
    ['1:30:15', 5415],
    ['1.5', 5400],
    ['1,25', 4500],
    ['2h', 7200],
    ['90m', 5400],
    ['45 min', 2700],
    ['1h 30m', 5400],
    ['1.5 hours', 5400],
  ])('%s → %i s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['', 'abc', '1:75', '-1', 'h'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('parseTimeOfDay', () => {
  it.each([
    ['9:30', 9, 30],
    ['09:30', 9, 30],
    ['930', 9, 30],
    ['2115', 21, 15],
    ['9.30', 9, 30],
    ['21:30', 21, 30],
    ['9:30 pm', 21, 30],
    ['9:30PM', 21, 30],
    ['9pm', 21, 0],
    ['12am', 0, 0],
    ['12:15 pm', 12, 15],
    ['0:00', 0, 0],
  ])('%s → %i:%i', (text, hour, minute) => expect(parseTimeOfDay(text)).toEqual({ hour, minute }));

  it.each(['24:00', '9:60', '13pm', '0am', 'noon', ''])('refuses %j', (text) => expect(parseTimeOfDay(text)).toBeNull());
});

describe('TimeFormat', () => {
  const instant = toEpoch('2026-03-28T23:30:00Z'); // a Saturday in UTC, already Sunday in Berlin

  it('formats dates and times in the chosen zone and formats', () => {
    const utc = new TimeFormat(prefs({ date_format: 'DD.MM.YYYY' }));
    expect(utc.date(instant)).toBe('28.03.2026');
    expect(utc.time(instant)).toBe('23:30');
    const berlin = new TimeFormat(prefs({ timezone: 'Europe/Berlin', date_format: 'MM/DD/YYYY', time_format: '12h' }));
    expect(berlin.date(instant)).toBe('03/29/2026');
    expect(berlin.time(instant)).toBe('12:30 AM');
    expect(berlin.weekday(instant)).toBe('Sunday');
  });

  it('turns typed local times into instants, also across a DST change', () => {
    const berlin = new TimeFormat(prefs({ timezone: 'Europe/Berlin' }));
    expect(berlin.fromInputs('2026-03-29', '9:00')).toBe(toEpoch('2026-03-29T07:00:00Z')); // CEST, UTC+2
    expect(berlin.fromInputs('2026-03-28', '9 pm')).toBe(toEpoch('2026-03-28T20:00:00Z')); // CET, UTC+1
    expect(berlin.fromInputs('2026-03-28', 'later')).toBeNull();
  });

  it('computes week presets from the week start, and day lengths from the zone', () => {
    const monday = new TimeFormat(prefs({ week_start: 1 }));
    expect(monday.range('this_week', instant)).toEqual({
      from: toEpoch('2026-03-23T00:00:00Z'),
      to: toEpoch('2026-03-30T00:00:00Z'),
    });
    const sunday = new TimeFormat(prefs({ week_start: 0 }));
    expect(sunday.range('last_week', instant)).toEqual({
      from: toEpoch('2026-03-15T00:00:00Z'),
      to: toEpoch('2026-03-22T00:00:00Z'),
    });
    const berlin = new TimeFormat(prefs({ timezone: 'Europe/Berlin' }));
    const today = berlin.range('today', instant);
    expect(today.to - today.from).toBe(23 * 3600); // 29 March 2026 has 23 hours in Berlin
    expect(berlin.range('yesterday', instant)).toEqual({ from: toEpoch('2026-03-27T23:00:00Z'), to: today.from });
    expect(berlin.range('last_month', instant)).toEqual({
      from: toEpoch('2026-01-31T23:00:00Z'),
      to: toEpoch('2026-02-28T23:00:00Z'),
    });
    expect(berlin.range('custom', instant, { from: '2026-03-01', to: '2026-03-02' })).toEqual({
      from: toEpoch('2026-02-28T23:00:00Z'),
      to: toEpoch('2026-03-02T23:00:00Z'),
    });
  });

  it('reads dates typed in the user’s format (or ISO) back as day keys', () => {
    const de = new TimeFormat(prefs({ date_format: 'DD.MM.YYYY' }));
    expect(de.parseDate('5.12.2026')).toBe('2026-12-05');
    expect(de.parseDate('2026-12-05')).toBe('2026-12-05');
    expect(de.parseDate('12/05/2026')).toBe('2026-05-12'); // day first, as the format says
    expect(de.parseDate('31.02.2026')).toBeNull();
    const us = new TimeFormat(prefs({ date_format: 'MM/DD/YYYY' }));
    expect(us.parseDate('12/05/2026')).toBe('2026-12-05');
    expect(us.formatLocal({ year: 2026, month: 12, day: 5 })).toBe('12/05/2026');
  });

  it("names days, times of day, numbers, percentages and money in the user's language; times read back", () => {
    const de = new TimeFormat(prefs({ language: 'de', date_format: 'DD.MM.YYYY' }));
    expect(de.weekday(instant)).toBe('Samstag');
    expect(de.weekdayName(1)).toBe('Montag');
    expect(de.decimal('1234.5')).toBe('1.234,5');
    expect(de.percent(42)).toBe('42\u00a0%');
    expect(de.money('85.5', 'EUR')).toBe('85,50\u00a0€');
    const es12 = new TimeFormat(prefs({ language: 'es', time_format: '12h' }));
    const text = es12.time(instant);
    expect(text).toMatch(/^11:30 p\. ?m\.$/);
    expect(parseTimeOfDay(text)).toEqual({ hour: 23, minute: 30 });
    const fr = new TimeFormat(prefs({ language: 'fr' }));
    expect(fr.time(toEpoch('2026-03-28T09:05:00Z'))).toBe('09:05');
    expect(fr.monthName(2026, 3)).toBe('mars 2026');
  });

  it('heads days as today and yesterday in the UI language', () => {
    const utc = new TimeFormat(prefs({ date_format: 'DD.MM.YYYY' }));
    expect(utc.dayHeading(instant, instant)).toBe('Today, 28.03.2026');
    expect(utc.dayHeading(instant - 86_400, instant)).toBe('Yesterday, 27.03.2026');
    expect(utc.dayHeading(instant - 2 * 86_400, instant)).toBe('Thursday, 26.03.2026');
  });

  it('formats durations without wrapping hours', () => {
    expect(formatDuration(27 * 3600 + 5 * 60 + 59)).toBe('27:05');
    expect(formatClock(3661)).toBe('1:01:01');
  });
});
