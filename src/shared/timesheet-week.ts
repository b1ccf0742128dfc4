// The weeks of the timesheet: ISO week labels ("2026-W49") read with the user's own first day of the week, and
// the days and instants they span in the user's time zone. Pure (Intl only, through time-math); the server
// uses it for GET/PUT /timesheet, and the web can use it to name the week it shows.
//
// A label names the week whose Thursday is the Thursday of that ISO week. With a Monday start this is exactly
// ISO 8601 (2026-W49 = Mon 2026-11-30 … Sun 2026-12-06). With another first day the label names the week that
// starts on that day and contains the ISO week's Thursday, so it shares 4 to 7 days with the ISO week:
//   Sunday start:   2026-W49 = Sun 2026-11-29 … Sat 2026-12-05
//   Saturday start: 2026-W49 = Sat 2026-11-28 … Fri 2026-12-04
//   Friday start:   2026-W49 = Fri 2026-11-27 … Thu 2026-12-03 (the most days before the ISO Monday: 3)
//   Thursday start: 2026-W49 = Thu 2026-12-03 … Wed 2026-12-09 (the most after it: 3)
// Every such week contains exactly one Thursday, so every date lies in exactly one labelled week for each first
// day, and weekOf(d) and weekDays(label) are inverse to each other. Year boundaries follow ISO: 2026 has a W53
// (it starts on a Thursday); 2027-W01 starts on 2027-01-04 with a Monday start.
import { type LocalDate, zonedTimeToEpoch } from './time-math.js';

export type FirstDay = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface IsoWeek {
  year: number;
  week: number;
}

/** The week-years the timesheet accepts: instants lie in 1970–2099 (shared/entry-bounds.ts). */
export const MIN_WEEK_YEAR = 1970;
export const MAX_WEEK_YEAR = 2099;

const THURSDAY = 4;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a civil date (Date.UTC is exact for the years used here). */
export function dayNumber(date: LocalDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

export function dateOfDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(n: number): number {
  return (((n + THURSDAY) % 7) + 7) % 7;
}

/** ISO week-years have 53 weeks when they start on a Thursday, or on a Wednesday in a leap year. */
export function weeksInIsoYear(year: number): number {
  const jan1 = weekdayOfDayNumber(dayNumber({ year, month: 1, day: 1 }));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === THURSDAY || (leap && jan1 === 3) ? 53 : 52;
}

/** Day number of the Thursday of an ISO week. */
function isoThursday({ year, week }: IsoWeek): number {
  // January 4th is always in week 1; its week's Thursday is the first Thursday of the ISO year.
  const jan4 = dayNumber({ year, month: 1, day: 4 });
  const mondayOfWeek1 = jan4 - ((weekdayOfDayNumber(jan4) + 6) % 7);
  return mondayOfWeek1 + 3 + (week - 1) * 7;
}

/** The ISO week containing a day (given by its day number). */
function isoWeekOfDayNumber(n: number): IsoWeek {
  const thursday = n - ((weekdayOfDayNumber(n) + 6) % 7) + 3;
  const year = dateOfDayNumber(thursday).year;
  const week = Math.floor((thursday - dayNumber({ year, month: 1, day: 1 })) / 7) + 1;
  return { year, week };
}

export function formatWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** "2026-W49" → {year, week}; null when malformed, week 0, a W53 the year does not have, or outside 1970–2099. */
export function parseWeek(text: string): IsoWeek | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < MIN_WEEK_YEAR || year > MAX_WEEK_YEAR) return null;
  if (week < 1 || week > weeksInIsoYear(year)) return null;
  return { year, week };
}

/** "2026-12-03" → the date; null unless a real calendar date in 1970–2099 written exactly so. */
export function parseDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.year < MIN_WEEK_YEAR || date.year > MAX_WEEK_YEAR) return null;
  const back = dateOfDayNumber(dayNumber(date));
  return back.month === date.month && back.day === date.day ? date : null;
}

export function formatDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** Day number of the first day of the labelled week for a first day of the week. */
function firstDayNumber(week: IsoWeek, firstDay: FirstDay): number {
  return isoThursday(week) - ((THURSDAY - firstDay + 7) % 7);
}

/** The seven dates of a labelled week, from the user's first day of the week. */
export function weekDays(week: IsoWeek, firstDay: FirstDay): LocalDate[] {
  const first = firstDayNumber(week, firstDay);
  return Array.from({ length: 7 }, (_, i) => dateOfDayNumber(first + i));
}

/** The label of the week (starting on `firstDay`) that contains `date`. */
export function weekOf(date: LocalDate, firstDay: FirstDay): IsoWeek {
  const n = dayNumber(date);
  const start = n - ((weekdayOfDayNumber(n) - firstDay + 7) % 7);
  return isoWeekOfDayNumber(start + ((THURSDAY - firstDay + 7) % 7));
}

/** The first instant of a local day in `tz` (a day whose midnight DST skips starts at the first instant it has). */
export function dayStartInstant(date: LocalDate, tz: string): number {
  return zonedTimeToEpoch(date.year, date.month, date.day, 0, 0, 0, tz);
}

/**
 * The eight instants that bound the seven days of a week in `tz`: day i is [bounds[i], bounds[i + 1]). Days are
 * 23 or 25 hours long across a DST change.
 */
export function weekBounds(days: LocalDate[], tz: string): number[] {
  const last = days[days.length - 1] as LocalDate;
  return [...days, dateOfDayNumber(dayNumber(last) + 1)].map((d) => dayStartInstant(d, tz));
}
