// Where a new manual entry starts and ends by default. Pure: the entries page passes the day's entries and the
// running timer, so the rule is tested without a page.
//
// The rule: the new entry fills the latest free time of today before the limit, where the limit is the running
// timer's start (everything after it belongs to the timer) or else now. It starts where the last entry before the
// limit ended, and lasts an hour, cut at the limit. Without such an entry it starts an hour before the limit,
// rounded down to 5 minutes (never before midnight). When the time before the limit is all taken (less than a
// minute free), it falls back to the hour before now: the server then names the overlap and the user decides.

const HOUR = 3600;
const ROUND = 5 * 60;
/** Less free time than this before the limit is no slot. */
const MIN_FREE = 60;

export interface Busy {
  start: number;
  /** null for the running timer (it occupies everything from its start on). */
  end: number | null;
}

export function newEntrySlot(now: number, dayStart: number, busy: readonly Busy[]): { start: number; end: number } {
  const nowMinute = now - (now % 60);
  const timerStart = busy.find((b) => b.end === null)?.start ?? null;
  const limit = timerStart !== null && timerStart < nowMinute ? Math.max(timerStart, dayStart) : nowMinute;
  const finished = busy.filter((b): b is { start: number; end: number } => b.end !== null);
  // The last end of an entry before the limit; an entry still going on at the limit covers it entirely.
  let lastEnd: number | null = null;
  for (const b of finished) {
    if (b.start < limit && b.end > dayStart && (lastEnd === null || b.end > lastEnd)) lastEnd = b.end;
  }
  let start: number;
  if (lastEnd === null) {
    start = Math.max(dayStart, limit - HOUR - ((limit - HOUR) % ROUND));
  } else {
    start = Math.max(dayStart, lastEnd);
  }
  const end = Math.min(start + HOUR, limit);
  if (end - start < MIN_FREE) return { start: nowMinute - HOUR, end: nowMinute };
  return { start, end };
}
