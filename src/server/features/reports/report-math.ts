// Pure arithmetic of the summary report: the report range, money rounding, and splitting a total amount over
// groups so the groups add up to it exactly.
import { addDays, formatLocalDate, localDate, startOfMonth, zonedTimeToEpoch, type LocalDate } from '../../../shared/time-math.js';

export const SECONDS_PER_HOUR = 3600;

/**
 * Billable amounts are computed from "cent-seconds" (seconds × hourly rate in cents), so no rounding happens
 * per entry. Cents = cent-seconds / 3600, rounded half up (the inputs are never negative).
 */
export function centsFromCentSeconds(centSeconds: number): number {
  return Math.floor((centSeconds + SECONDS_PER_HOUR / 2) / SECONDS_PER_HOUR);
}

/**
 * Whole cents for each part such that they add up to exactly `centsFromCentSeconds(sum)`: every part gets the
 * floor of its exact share, the cents left over go to the parts with the largest remainders (ties: earlier
 * part first). Parts that are zero stay zero.
 */
export function apportionCents(centSeconds: readonly number[]): { total: number; parts: number[] } {
  const sum = centSeconds.reduce((a, b) => a + b, 0);
  const total = centsFromCentSeconds(sum);
  const parts = centSeconds.map((cs) => Math.floor(cs / SECONDS_PER_HOUR));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = centSeconds
    .map((cs, index) => ({ index, remainder: cs % SECONDS_PER_HOUR }))
    .filter((p) => p.remainder > 0)
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const p of order) {
    if (left <= 0) break;
    parts[p.index] = (parts[p.index] as number) + 1;
    left -= 1;
  }
  return { total, parts };
}

/** Start of the local month after the one containing `epoch`. */
function startOfNextMonth(epoch: number, tz: string): number {
  const d = localDate(epoch, tz);
  const next = d.month === 12 ? { year: d.year + 1, month: 1 } : { year: d.year, month: d.month + 1 };
  return zonedTimeToEpoch(next.year, next.month, 1, 0, 0, 0, tz);
}

/**
 * The report's [from, to): both given → as given; one given → the local month containing it (`to` is
 * exclusive, so its month is the one containing `to − 1`); none → the current local month.
 */
export function resolveReportRange(input: { from?: number; to?: number }, tz: string, now: number): { from: number; to: number } {
  if (input.from !== undefined && input.to !== undefined) return { from: input.from, to: input.to };
  if (input.from !== undefined) return { from: input.from, to: startOfNextMonth(input.from, tz) };
  const anchor = input.to !== undefined ? input.to - 1 : now;
  const from = startOfMonth(anchor, tz);
  return { from, to: input.to ?? startOfNextMonth(anchor, tz) };
}

/** Local calendar dates of the first and last day of [from, to) in `tz` (for titles and file names). */
export function rangeLocalDates(from: number, to: number, tz: string): { first: string; last: string } {
  const last: LocalDate = localDate(Math.max(from, to - 1), tz);
  return { first: formatLocalDate(localDate(from, tz)), last: formatLocalDate(last) };
}

/** Label of a week bucket (key = its first local day): `2026-11-02 – 2026-11-08`. */
export function weekLabel(key: string): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return `${key} – ${formatLocalDate(addDays({ year: y, month: m, day: d }, 6))}`;
}
