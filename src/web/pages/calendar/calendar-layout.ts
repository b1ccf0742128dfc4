// The calendar's geometry, free of React and the DOM: which days a view shows, where an instant sits in a day
// column, 15-minute snapping, and side-by-side lanes for blocks that overlap on screen.
//
// A column is drawn in elapsed time from the day's first instant to the next day's: a day with a DST change is 23
// or 25 hours tall, its hour lines are real hours (a 25-hour day reads 00, 01, 02, 02, 03 …), and an entry's height
// is always its real length. Every instant is epoch seconds.
import {
  addDays,
  formatLocalDate,
  localDate,
  startOfWeek,
  zonedTimeToEpoch,
  type LocalDate,
  type WeekStart,
} from '../../../shared/time-math.js';

export type CalendarView = 'day' | 'week';

/** What snapping, keyboard steps and the shortest block use. */
export const SNAP_SECONDS = 15 * 60;
/** Pixels per minute: 48 px an hour, so a 15-minute entry is still 12 px tall. */
export const PX_PER_MINUTE = 0.8;

export interface CalendarDay {
  /** `YYYY-MM-DD` in the user's zone. */
  key: string;
  /** First instant of the day (epoch seconds). */
  start: number;
  /** First instant of the next day. */
  end: number;
}

const dayStartOf = (d: LocalDate, tz: string) => zonedTimeToEpoch(d.year, d.month, d.day, 0, 0, 0, tz);

/** `YYYY-MM-DD` → a date, or null when it is not a real date. */
export function parseDayKey(text: string | null | undefined): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // Round-trips only when the day exists in that month (2026-02-30 does not).
  return d.month >= 1 && d.month <= 12 && formatLocalDate(addDays(d, 0)) === text ? d : null;
}

/** The days a view shows around `date`: that day, or its week starting on the user's first weekday. */
export function visibleDays(view: CalendarView, date: LocalDate, tz: string, weekStart: WeekStart): CalendarDay[] {
  const first = view === 'day' ? date : localDate(startOfWeek(dayStartOf(date, tz), tz, weekStart), tz);
  const count = view === 'day' ? 1 : 7;
  const days: CalendarDay[] = [];
  for (let i = 0; i < count; i++) {
    const d = addDays(first, i);
    days.push({ key: formatLocalDate(d), start: dayStartOf(d, tz), end: dayStartOf(addDays(d, 1), tz) });
  }
  return days;
}

/** The date previous/next leads to: a day or a week away. */
export function stepDate(view: CalendarView, date: LocalDate, direction: -1 | 1): LocalDate {
  return addDays(date, direction * (view === 'day' ? 1 : 7));
}

/** The hour lines of a day: every full hour of elapsed time from its start (23 or 25 of them on DST days). */
export function hourMarks(day: CalendarDay): number[] {
  const marks: number[] = [];
  for (let t = day.start; t < day.end; t += 3600) marks.push(t);
  return marks;
}

export const secondsToPx = (seconds: number, pxPerMinute = PX_PER_MINUTE): number => (seconds / 60) * pxPerMinute;
export const pxToSeconds = (px: number, pxPerMinute = PX_PER_MINUTE): number => (px / pxPerMinute) * 60;

/** The height of a day column. */
export const dayHeightPx = (day: CalendarDay, pxPerMinute = PX_PER_MINUTE): number =>
  secondsToPx(day.end - day.start, pxPerMinute);

/** Rounds an offset in seconds to the nearest 15 minutes (half-way rounds up). */
export function snap(seconds: number, step = SNAP_SECONDS): number {
  return Math.round(seconds / step) * step;
}

/** The instant `seconds` after the day's start, snapped and kept inside the day. */
export function snapInDay(day: CalendarDay, offsetSeconds: number, step = SNAP_SECONDS): number {
  return day.start + Math.min(Math.max(snap(offsetSeconds, step), 0), day.end - day.start);
}

/** What part of [start, end) a day column shows, in pixels from its top; null when none of it. */
export function blockBox(day: CalendarDay, start: number, end: number, pxPerMinute = PX_PER_MINUTE) {
  const from = Math.max(start, day.start);
  const to = Math.min(end, day.end);
  if (to <= from && !(start === end && start >= day.start && start < day.end)) return null;
  return {
    top: secondsToPx(from - day.start, pxPerMinute),
    height: secondsToPx(to - from, pxPerMinute),
    /** The entry goes on before or after this day. */
    clippedTop: start < day.start,
    clippedBottom: end > day.end,
  };
}

/** A new entry dragged from `a` to `b` (offsets in seconds from the day's start, either order): at least 15 min. */
export function dragRange(day: CalendarDay, a: number, b: number, step = SNAP_SECONDS): { start: number; end: number } {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  // The start snaps down to the slot the drag began in, the end up to the slot it ended in.
  let start = day.start + Math.max(0, Math.floor(lo / step) * step);
  let end = day.start + Math.min(day.end - day.start, Math.ceil(hi / step) * step);
  if (end - start < step) {
    end = Math.min(day.end, start + step);
    start = Math.min(start, end - step);
  }
  return { start, end };
}

/** An entry moved by `delta` seconds: the same length, snapped to 15 minutes on its start. */
export function moved(start: number, end: number, delta: number, step = SNAP_SECONDS): { start: number; end: number } {
  const d = snap(delta, step);
  return { start: start + d, end: end + d };
}

/** An entry whose end is dragged by `delta`: the end snaps to 15 minutes and stays at least 15 minutes after the start. */
export function resized(start: number, end: number, delta: number, step = SNAP_SECONDS): { start: number; end: number } {
  const target = snap(end + delta - start, step);
  return { start, end: start + Math.max(step, target) };
}

export interface Span {
  id: number;
  start: number;
  end: number;
}

export interface Lane {
  /** 0-based column inside its group. */
  lane: number;
  /** How many columns its group of overlapping blocks uses. */
  lanes: number;
}

const overlapping = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/**
 * Side-by-side lanes: blocks that overlap never share a lane, each takes the lowest free lane, and every block of
 * a group of (transitively) overlapping blocks shares that group's lane count, so the group fills the column width.
 * Touching blocks (one ends when the next starts) do not overlap.
 */
export function assignLanes(spans: readonly Span[]): Map<number, Lane> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
  const out = new Map<number, Lane>();
  let group: { span: Span; lane: number }[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    const lanes = group.reduce((n, g) => Math.max(n, g.lane + 1), 0);
    for (const g of group) out.set(g.span.id, { lane: g.lane, lanes });
    group = [];
  };
  for (const span of sorted) {
    if (span.start >= groupEnd) {
      close();
      groupEnd = -Infinity;
    }
    const taken = new Set(group.filter((g) => overlapping(g.span, span)).map((g) => g.lane));
    let lane = 0;
    while (taken.has(lane)) lane++;
    group.push({ span, lane });
    groupEnd = Math.max(groupEnd, span.end);
  }
  close();
  return out;
}
