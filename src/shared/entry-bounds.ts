// The one definition of the instants, entries and ranges the app accepts. The API's schemas, the time-entry
// service, the timer, the importer and the report and export ranges all ask this module, so no path accepts
// what another refuses (and the web UI can check a form with the same rules). Pure: the caller passes `now`.
//
// Why these bounds: instants are stored as integer epoch seconds, and report arithmetic multiplies an entry's
// worked seconds by seconds of its span, and billable seconds by rates. Bounded instants and spans keep every
// such product far inside 64-bit integers on both databases, and bounded ranges keep the number of report
// buckets (and their cost) small.

export const DAY_SECONDS = 86_400;
/** 1970-01-01T00:00:00Z */
export const MIN_INSTANT = 0;
/** 2100-01-01T00:00:00Z, the end of 2099 (allowed as the exclusive end of an entry or a range). */
export const MAX_INSTANT = 4_102_444_800;
/** Longest span of one entry (start to end, breaks included). */
export const MAX_ENTRY_SECONDS = 31 * DAY_SECONDS;
/** How far after now an entry may end (a planned meeting tomorrow, a time zone ahead). */
export const MAX_FUTURE_SECONDS = DAY_SECONDS;
/** Longest report or export range: 10 years of 366 days. */
export const MAX_RANGE_DAYS = 3660;
export const MAX_RANGE_SECONDS = MAX_RANGE_DAYS * DAY_SECONDS;

/** Predicates, phrased to follow the field's name ("end_time: must …") or a subject ("the end must …"). */
export const BOUND_MESSAGES = {
  instant: 'must lie between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z',
  endAfterStart: 'must be after the start',
  endNotBeforeStart: 'must not be before the start',
  tooLong: 'must be at most 31 days after the start',
  tooFarAhead: 'must not be more than one day after now',
  startInFuture: 'must not be in the future',
  startAfterPause: 'must not be after the timer was paused',
  startInsideBreaks: 'must leave room for the breaks already taken',
  breakNotSeconds: 'must be a whole number of seconds, at least 0',
  breakTooLong: 'must be shorter than the time from start to end',
  breakLongerThanSpan: 'must not be longer than the time from start to end',
  rangeBackwards: 'must be after from',
  rangeTooLong: `must be at most 10 years (${MAX_RANGE_DAYS} days) after from`,
} as const;

export function isValidInstant(t: number): boolean {
  return Number.isInteger(t) && t >= MIN_INSTANT && t <= MAX_INSTANT;
}

export interface EntryTimes {
  start: number;
  end: number;
  breakSeconds: number;
}

export type EntryField = 'start_time' | 'end_time' | 'break_seconds';
export type EntryProblems = Partial<Record<EntryField, string>>;

export interface EntryRuleOptions {
  /**
   * A stopped timer may have no worked time: stopped in the second it started, or paused throughout. Manual and
   * imported entries must have some.
   */
  allowEmpty?: boolean;
}

/**
 * What is wrong with a finished entry (empty when nothing): both instants in bounds, the end after the start,
 * at most 31 days long, ending at most a day after `now`, the break whole seconds and shorter than the span.
 */
export function entryProblems(entry: EntryTimes, now: number, options: EntryRuleOptions = {}): EntryProblems {
  const problems: EntryProblems = {};
  const { start, end, breakSeconds } = entry;
  if (!isValidInstant(start)) problems.start_time = BOUND_MESSAGES.instant;
  if (!isValidInstant(end)) problems.end_time = BOUND_MESSAGES.instant;
  else if (options.allowEmpty ? end < start : end <= start)
    problems.end_time = options.allowEmpty ? BOUND_MESSAGES.endNotBeforeStart : BOUND_MESSAGES.endAfterStart;
  else if (end - start > MAX_ENTRY_SECONDS) problems.end_time = BOUND_MESSAGES.tooLong;
  else if (end > now + MAX_FUTURE_SECONDS) problems.end_time = BOUND_MESSAGES.tooFarAhead;
  if (!Number.isInteger(breakSeconds) || breakSeconds < 0) problems.break_seconds = BOUND_MESSAGES.breakNotSeconds;
  else if (problems.start_time === undefined && problems.end_time === undefined) {
    const span = end - start;
    if (options.allowEmpty ? breakSeconds > span : breakSeconds >= span)
      problems.break_seconds = options.allowEmpty ? BOUND_MESSAGES.breakLongerThanSpan : BOUND_MESSAGES.breakTooLong;
  }
  return problems;
}

/** What a running timer has already taken since its start: its finished pauses, and the pause still open. */
export interface RunningTimerState {
  breakSeconds: number;
  pausedAt: number | null;
}

/**
 * What is wrong with the start of a running timer: in bounds, not in the future, at most 31 days ago, and (when
 * `taken` is given) not after the open pause began and early enough to hold the breaks already taken.
 */
export function runningStartProblems(start: number, now: number, taken?: RunningTimerState): EntryProblems {
  if (!isValidInstant(start)) return { start_time: BOUND_MESSAGES.instant };
  if (start > now) return { start_time: BOUND_MESSAGES.startInFuture };
  if (now - start > MAX_ENTRY_SECONDS) return { start_time: 'must be at most 31 days before now' };
  if (taken === undefined) return {};
  if (taken.pausedAt !== null && start > taken.pausedAt) return { start_time: BOUND_MESSAGES.startAfterPause };
  if (taken.breakSeconds > (taken.pausedAt ?? now) - start) return { start_time: BOUND_MESSAGES.startInsideBreaks };
  return {};
}

/** Worked seconds of a valid entry: its span less its breaks (never rounded here). */
export function workedSeconds(entry: EntryTimes): number {
  return Math.max(0, entry.end - entry.start - entry.breakSeconds);
}

/**
 * What is wrong with a report or export range [from, to) (empty when nothing). The instants the caller sent are
 * checked with isValidInstant when read; a range completed from one of them (a report's month) may reach a few
 * hours past the bounds in a far time zone, which is harmless, so only order and length are checked here.
 */
export function rangeProblems(from: number, to: number): Partial<Record<'from' | 'to', string>> {
  if (!Number.isInteger(from)) return { from: BOUND_MESSAGES.instant };
  if (!Number.isInteger(to)) return { to: BOUND_MESSAGES.instant };
  if (to <= from) return { to: BOUND_MESSAGES.rangeBackwards };
  if (to - from > MAX_RANGE_SECONDS) return { to: BOUND_MESSAGES.rangeTooLong };
  return {};
}

export const hasProblems = (problems: object): boolean => Object.keys(problems).length > 0;
