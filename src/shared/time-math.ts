/**
 * Pure time arithmetic shared by the timer, reports and exports.
 *
 * Conventions:
 * - Every instant is an integer count of epoch SECONDS (UTC). Durations are seconds.
 * - Intervals are half-open: [start, end).
 * - Calendar math in a time zone uses only `Intl.DateTimeFormat` (IANA data shipped with
 *   Node's ICU) plus integer proleptic-Gregorian date arithmetic. Supported years: 1..9999.
 * - Nothing here reads the clock; callers pass `now` where it matters.
 *
 * DST rules (the "why" behind zonedTimeToEpoch/startOfDay):
 * - A local wall time that does not exist (spring-forward gap) resolves to the first
 *   instant after the gap, i.e. the transition instant itself. Berlin 2026-03-29 02:30
 *   therefore yields 03:00 CEST. This keeps the mapping monotonic and makes a day whose
 *   midnight is skipped (America/Santiago, Asia/Beirut) start at its first existing instant.
 * - A wall time that occurs twice (fall-back overlap) resolves to the earlier instant.
 * - Both rules are one rule: the result is the earliest instant whose wall-clock reading is
 *   at or after the requested wall time.
 */

const DAY = 86_400;

/* ------------------------------------------------------------------------------------------
 * Durations
 * ---------------------------------------------------------------------------------------- */

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/**
 * Worked time of an entry: end − start − breaks, clamped at 0 (breaks longer than the entry
 * leave nothing, they never produce negative time). Throws RangeError if end < start, if the
 * break is negative (that would silently add time), or on non-finite input.
 */
export function durationSeconds(start: number, end: number, breakSeconds = 0): number {
  assertFinite('start', start);
  assertFinite('end', end);
  assertFinite('breakSeconds', breakSeconds);
  if (end < start) throw new RangeError(`end (${end}) is before start (${start})`);
  if (breakSeconds < 0) throw new RangeError(`breakSeconds must be >= 0, got ${breakSeconds}`);
  return Math.max(0, end - start - breakSeconds);
}

export type RoundingMethod = 'nearest' | 'up' | 'down';
export const ROUNDING_METHODS = ['nearest', 'up', 'down'] as const satisfies readonly RoundingMethod[];
export const ROUNDING_MINUTES = [1, 5, 6, 10, 15, 30, 60] as const;
export type RoundingMinutes = (typeof ROUNDING_MINUTES)[number];

/**
 * Round a duration (seconds) to a multiple of `minutes * 60`.
 * - 'nearest' rounds half up (30 s → 1 min for a 1-minute step).
 * - 'up' rounds any remainder up; a duration of 0 stays 0 (there is no work to bill, and
 *   it keeps the method idempotent on exact multiples, which 0 is).
 * - 'down' truncates.
 * Negative input is treated as 0 so the result is never negative.
 * Throws RangeError for a step outside ROUNDING_MINUTES or an unknown method (values often
 * come from stored settings, so the type alone is not trusted).
 */
export function roundDuration(seconds: number, minutes: RoundingMinutes, method: RoundingMethod): number {
  assertFinite('seconds', seconds);
  if (!(ROUNDING_MINUTES as readonly number[]).includes(minutes)) {
    throw new RangeError(`unsupported rounding step: ${minutes} minutes`);
  }
  const step = minutes * 60;
  const s = Math.max(0, seconds);
  // Integer quotient/remainder rather than s / step + 0.5 to avoid floating point surprises.
  const quotient = Math.floor(s / step);
  const remainder = s - quotient * step;
  switch (method) {
    case 'down':
      return quotient * step;
    case 'up':
      return (remainder > 0 ? quotient + 1 : quotient) * step;
    case 'nearest':
      return (remainder * 2 >= step ? quotient + 1 : quotient) * step;
    default:
      throw new RangeError(`unknown rounding method: ${String(method)}`);
  }
}

/** A rounding step and direction: the timer-stop preference and the report preference both are one. */
export interface RoundingRule {
  minutes: RoundingMinutes;
  method: RoundingMethod;
}

/** Where reports and exports round: not at all, each entry's worked time, or each day's worked time. */
export type ReportRoundingScope = 'none' | 'entry' | 'day';
export const REPORT_ROUNDING_SCOPES = ['none', 'entry', 'day'] as const satisfies readonly ReportRoundingScope[];

/** A report's rounding, or null when it rounds nothing. */
export type ReportRounding = (RoundingRule & { scope: 'entry' | 'day' }) | null;

/**
 * Rounds worked seconds by `rule`, or leaves them when there is none. Every rounding of the app goes through
 * here and so through roundDuration: timer stops, report entries and report days.
 */
export function applyRounding(seconds: number, rule: RoundingRule | null): number {
  if (rule === null) return Math.max(0, seconds);
  return roundDuration(seconds, rule.minutes, rule.method);
}

/**
 * The duration stored for a stopped timer: its worked seconds rounded by the user's timer rule, except that a
 * timer under `minSeconds` (the user's minimum duration to keep) is kept exactly as worked. So "up" rounding
 * never turns a 2-second timer into a billable 0:15, and "nearest" never turns 21 seconds into a 0:00 entry.
 */
export function timerStopSeconds(worked: number, rule: RoundingRule, minSeconds: number): number {
  assertFinite('worked', worked);
  assertFinite('minSeconds', minSeconds);
  return worked < minSeconds ? Math.max(0, worked) : applyRounding(worked, rule);
}

/** `H:MM:SS`; hours are not wrapped at 24. Fractions of a second are truncated. */
export function formatDuration(seconds: number): string {
  assertFinite('seconds', seconds);
  const sign = seconds < 0 ? '-' : '';
  const total = Math.floor(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${sign}${h}:${pad2(m)}:${pad2(s)}`;
}

/* ------------------------------------------------------------------------------------------
 * Intervals
 * ---------------------------------------------------------------------------------------- */

export interface Interval {
  start: number;
  /** null = still running. */
  end: number | null;
}

/** Length of the intersection of [aStart, aEnd) and [bStart, bEnd); 0 when disjoint. */
export function overlapSeconds(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/**
 * Whether two half-open intervals share at least one instant. A running interval
 * (end === null) extends to `now`, or forever when `now` is not given. Touching intervals
 * (a.end === b.start) and empty intervals never overlap.
 */
export function overlaps(a: Interval, b: Interval, now?: number): boolean {
  const open = now ?? Number.POSITIVE_INFINITY;
  return overlapSeconds(a.start, a.end ?? open, b.start, b.end ?? open) > 0;
}

/** Whole days between two instants, rounded up, never negative (analytics `range_days`). */
export function rangeDays(from: number, to: number): number {
  return Math.max(0, Math.ceil((to - from) / DAY));
}

/* ------------------------------------------------------------------------------------------
 * Civil (time-zone-free) date arithmetic, proleptic Gregorian.
 * Algorithms after H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
 * ---------------------------------------------------------------------------------------- */

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

/** Days since 1970-01-01 for a civil date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): LocalDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday .. 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayFromDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** Calendar date `n` days after (or before, if negative) `date`. */
export function addDays(date: LocalDate, n: number): LocalDate {
  return civilFromDays(daysFromCivil(date.year, date.month, date.day) + n);
}

/** First day of the month `n` months after `date`'s month. */
function addMonthsToFirst(date: LocalDate, n: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` */
export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

/* ------------------------------------------------------------------------------------------
 * Time zones
 * ---------------------------------------------------------------------------------------- */

type NumericField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';
const NUMERIC_FIELDS: readonly string[] = ['year', 'month', 'day', 'hour', 'minute', 'second'];

interface ZoneFormatter {
  fmt: Intl.DateTimeFormat;
  /** Order in which the numeric fields appear in `fmt.format()` output. */
  order: NumericField[];
}

// Constructing an Intl.DateTimeFormat is far more expensive than using one, so keep one per
// zone string. Intl accepts zone names case-insensitively, so the keys are partly user
// controlled: bound the cache (oldest entry evicted first) instead of letting it grow forever.
const FORMATTER_CACHE_LIMIT = 512;
const formatters = new Map<string, ZoneFormatter>();

function formatterFor(tz: string): ZoneFormatter {
  let entry = formatters.get(tz);
  if (entry === undefined) {
    // Throws RangeError for an unknown zone.
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // format() + pulling out the digit runs is ~3x faster than formatToParts(). Learn the
    // field order once from formatToParts() so the fast path does not hard-code en-US layout.
    const order = fmt
      .formatToParts(0)
      .map((p) => p.type)
      .filter((type): type is NumericField => NUMERIC_FIELDS.includes(type));
    entry = { fmt, order };
    if (formatters.size >= FORMATTER_CACHE_LIMIT) {
      const oldest = formatters.keys().next().value;
      if (oldest !== undefined) formatters.delete(oldest);
    }
    formatters.set(tz, entry);
  }
  return entry;
}

/** True when `tz` is an IANA zone name that this runtime's Intl understands. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
}

const DIGITS = /\d+/g;

/** Wall-clock reading in `tz` at `epoch` (fractional seconds are dropped). */
export function zonedParts(epoch: number, tz: string): ZonedParts {
  assertFinite('epoch', epoch);
  const { fmt, order } = formatterFor(tz);
  const ms = Math.floor(epoch) * 1000;
  const values: Record<NumericField, number> = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  const digits = fmt.format(ms).match(DIGITS);
  if (digits !== null && digits.length === 6 && order.length === 6) {
    for (let i = 0; i < 6; i++) values[order[i] as NumericField] = Number(digits[i]);
  } else {
    // Unexpected layout (e.g. an era marker): take the slow, structured path.
    for (const p of fmt.formatToParts(ms)) {
      if (NUMERIC_FIELDS.includes(p.type)) values[p.type as NumericField] = Number(p.value);
    }
  }
  const { year, month, day, minute, second } = values;
  // Some ICU versions print midnight as "24" even with h23; normalise defensively.
  const hour = values.hour % 24;
  return { year, month, day, hour, minute, second, weekday: weekdayFromDays(daysFromCivil(year, month, day)) };
}

/** A wall-clock reading expressed as seconds on a zone-less timeline ("local epoch"). */
function wallSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return daysFromCivil(year, month, day) * DAY + hour * 3600 + minute * 60 + second;
}

function wallAt(epoch: number, tz: string): number {
  const p = zonedParts(epoch, tz);
  return wallSeconds(p.year, p.month, p.day, p.hour, p.minute, p.second);
}

/** UTC offset of `tz` at `epoch`, in seconds (east positive). */
export function offsetSeconds(epoch: number, tz: string): number {
  return wallAt(epoch, tz) - Math.floor(epoch);
}

function assertIntIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Local wall time in `tz` → epoch seconds: the earliest instant whose wall-clock reading is
 * at or after the given one. Consequences:
 * - ordinary times map exactly;
 * - in a fall-back overlap (time occurs twice) the EARLIER instant is returned;
 * - in a spring-forward gap (time never occurs) the first instant after the gap is returned,
 *   i.e. the transition itself (Berlin 2026-03-29 02:30 → 03:00 CEST = 01:00 UTC).
 * Throws RangeError for out-of-range fields or an unknown zone.
 */
export function zonedTimeToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  tz: string,
): number {
  assertIntIn('year', year, 1, 9999);
  assertIntIn('month', month, 1, 12);
  assertIntIn('day', day, 1, daysInMonth(year, month));
  assertIntIn('hour', hour, 0, 23);
  assertIntIn('minute', minute, 0, 59);
  assertIntIn('second', second, 0, 59);
  const local = wallSeconds(year, month, day, hour, minute, second);

  // Every solution t satisfies t + offset(t) = local. Real offsets lie within about ±15 h, so
  // the offsets a day either side bracket those in force around any solution. Try each
  // candidate offset; offsets discovered while verifying become candidates too, which covers
  // the (historical) case of two transitions within that window.
  const candidates = [offsetSeconds(local - DAY, tz)];
  const after = offsetSeconds(local + DAY, tz);
  if (after !== candidates[0]) candidates.push(after);
  let best: number | undefined;
  for (let i = 0; i < candidates.length && i < 8; i++) {
    const t = local - (candidates[i] as number);
    const actual = offsetSeconds(t, tz);
    if (actual === candidates[i]) {
      if (best === undefined || t < best) best = t;
    } else if (!candidates.includes(actual)) {
      candidates.push(actual);
    }
  }
  if (best !== undefined) return best;

  // Gap: no instant shows this wall time. Binary-search the first instant whose wall time is
  // past it. With offsets oBefore < oAfter, local − oAfter lies before the transition and
  // local − oBefore after it.
  let lo = local - Math.max(...candidates); // wall(lo) < local
  let hi = local - Math.min(...candidates); // wall(hi) > local
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(mid, tz) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

function zonedDateToEpoch(date: LocalDate, tz: string): number {
  return zonedTimeToEpoch(date.year, date.month, date.day, 0, 0, 0, tz);
}

/** Calendar date in `tz` of the instant `epoch`. */
export function localDate(epoch: number, tz: string): LocalDate {
  const p = zonedParts(epoch, tz);
  return { year: p.year, month: p.month, day: p.day };
}

/**
 * First instant of the local calendar day containing `epoch`. Usually local midnight; when
 * midnight was skipped by DST (America/Santiago, Asia/Beirut) it is the first instant that
 * exists that day; when midnight occurs twice (America/Havana) it is the earlier one.
 */
export function startOfDay(epoch: number, tz: string): number {
  return zonedDateToEpoch(localDate(epoch, tz), tz);
}

export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

function assertWeekStart(weekStart: number): void {
  assertIntIn('weekStart', weekStart, 0, 6);
}

/** Local date of the first day of the week containing `date`. */
function weekStartDate(date: LocalDate, weekStart: number): LocalDate {
  const days = daysFromCivil(date.year, date.month, date.day);
  const back = (weekdayFromDays(days) - weekStart + 7) % 7;
  return civilFromDays(days - back);
}

/** Start (see startOfDay) of the local week containing `epoch`; weekStart 0 = Sunday, 1 = Monday. */
export function startOfWeek(epoch: number, tz: string, weekStart: WeekStart = 1): number {
  assertWeekStart(weekStart);
  return zonedDateToEpoch(weekStartDate(localDate(epoch, tz), weekStart), tz);
}

/** Start (see startOfDay) of the local month containing `epoch`. */
export function startOfMonth(epoch: number, tz: string): number {
  const d = localDate(epoch, tz);
  return zonedDateToEpoch({ year: d.year, month: d.month, day: 1 }, tz);
}

/* ------------------------------------------------------------------------------------------
 * Report buckets
 * ---------------------------------------------------------------------------------------- */

export type BucketUnit = 'day' | 'week' | 'month';

export interface Bucket {
  /** day: `YYYY-MM-DD`; week: local date of the week's first day `YYYY-MM-DD`; month: `YYYY-MM`. */
  key: string;
  /** Inclusive start, epoch seconds. */
  start: number;
  /** Exclusive end, epoch seconds. */
  end: number;
}

/** First local date of the `unit` period containing `date`. */
function periodStart(date: LocalDate, unit: BucketUnit, weekStart: number): LocalDate {
  switch (unit) {
    case 'day':
      return date;
    case 'week':
      return weekStartDate(date, weekStart);
    case 'month':
      return { year: date.year, month: date.month, day: 1 };
    default:
      throw new RangeError(`unknown bucket unit: ${String(unit)}`);
  }
}

/** First local date of the period after the one starting at `first`. */
function nextPeriod(first: LocalDate, unit: BucketUnit): LocalDate {
  if (unit === 'day') return addDays(first, 1);
  if (unit === 'week') return addDays(first, 7);
  return addMonthsToFirst(first, 1);
}

function periodKey(first: LocalDate, unit: BucketUnit): string {
  return unit === 'month' ? formatLocalDate(first).slice(0, 7) : formatLocalDate(first);
}

/** Key of the bucket containing the instant `epoch` (same format as Bucket.key). */
export function bucketKey(epoch: number, unit: BucketUnit, tz: string, weekStart: WeekStart = 1): string {
  assertWeekStart(weekStart);
  return periodKey(periodStart(localDate(epoch, tz), unit, weekStart), unit);
}

/**
 * Consecutive half-open buckets that exactly partition [from, to): the first starts at
 * `from`, the last ends at `to`, every inner boundary is the start (see startOfDay) of a
 * local day / week / month in `tz`. Empty when from === to; RangeError when to < from.
 * A period with no existing instants (e.g. Pacific/Apia skipped 2011-12-30) yields no bucket.
 * Cost is a few Intl calls per bucket; callers should cap the range they accept.
 */
export function buckets(from: number, to: number, unit: BucketUnit, tz: string, weekStart: WeekStart = 1): Bucket[] {
  assertFinite('from', from);
  assertFinite('to', to);
  assertWeekStart(weekStart);
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`);
  const out: Bucket[] = [];
  if (to === from) return out;

  let period = periodStart(localDate(from, tz), unit, weekStart);
  let start = from;
  for (;;) {
    const next = nextPeriod(period, unit);
    const nextStart = zonedDateToEpoch(next, tz);
    if (nextStart >= to) {
      out.push({ key: periodKey(period, unit), start, end: to });
      return out;
    }
    // A boundary that does not move forward means the period had no instants: drop it so
    // that buckets stay non-empty and contiguous.
    if (nextStart > start) {
      out.push({ key: periodKey(period, unit), start, end: nextStart });
      start = nextStart;
    }
    period = next;
  }
}

/**
 * Seconds of [start, end) that fall in each bucket, index-aligned with `bucketList`.
 * Time outside every bucket is not counted. Used for entries that cross midnight.
 */
export function splitByBuckets(start: number, end: number, bucketList: ReadonlyArray<{ start: number; end: number }>): number[] {
  if (end < start) throw new RangeError(`end (${end}) is before start (${start})`);
  return bucketList.map((b) => overlapSeconds(start, end, b.start, b.end));
}
