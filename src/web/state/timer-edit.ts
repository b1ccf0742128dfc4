// Pure rules of correcting the running timer in the UI: the start a typed time of day stands for, what a form's
// values change (the PATCH /timer body), the timer as it looks right after such a change, the field rule's
// sentence for a refused start, and whether a stopped timer was shorter than the user's minimum to keep.
import { addDays, durationSeconds, localDate, zonedTimeToEpoch } from '../../shared/time-math.js';
import { BOUND_MESSAGES, runningStartProblems } from '../../shared/entry-bounds.js';
import type { TimeEntry, Timer } from '../api/types.js';

export type TimerPatch = {
  start_time?: string;
  project_id?: number;
  task_id?: number | null;
  notes?: string | null;
  tags?: string[];
  billable?: boolean;
};

/** The values the running timer's editor holds (start as epoch seconds). */
export interface TimerEditValues {
  start: number;
  project_id: number;
  task_id: number | null;
  notes: string;
  tags: string[];
  billable: boolean;
}

const toIso = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const toEpoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The latest instant at `hour:minute` (local, in `tz`) that is not after `now`: typing 9:05 at 9:15 means today,
 * typing 23:40 just after midnight means yesterday evening. A running timer never starts in the future.
 */
export function startAtTimeOfDay(hour: number, minute: number, now: number, tz: string): number {
  const today = localDate(now, tz);
  const at = (d: { year: number; month: number; day: number }) => zonedTimeToEpoch(d.year, d.month, d.day, hour, minute, 0, tz);
  const candidate = at(today);
  return candidate <= now ? candidate : at(addDays(today, -1));
}

export function editValuesOf(timer: Timer): TimerEditValues {
  return {
    start: toEpoch(timer.start_time),
    project_id: timer.project_id,
    task_id: timer.task_id,
    notes: timer.notes ?? '',
    tags: [...timer.tags],
    billable: timer.billable,
  };
}

/** Only what the form changed, so a save never overwrites what another tab changed meanwhile in other fields. */
export function timerPatchOf(timer: Timer, values: TimerEditValues): TimerPatch {
  const patch: TimerPatch = {};
  if (values.start !== toEpoch(timer.start_time)) patch.start_time = toIso(values.start);
  if (values.project_id !== timer.project_id) patch.project_id = values.project_id;
  if (values.task_id !== timer.task_id || patch.project_id !== undefined) patch.task_id = values.task_id;
  const notes = values.notes.trim() || null;
  if (notes !== timer.notes) patch.notes = notes;
  if (values.tags.join('\n') !== timer.tags.join('\n')) patch.tags = values.tags;
  if (values.billable !== timer.billable) patch.billable = values.billable;
  return patch;
}

/**
 * The timer as it will be after `patch`, at `now` (ms), when the cached copy was received at `receivedAt` (ms):
 * an earlier start adds to the elapsed time at once.
 */
export function patchedTimer(timer: Timer, patch: TimerPatch, receivedAt: number, now: number): Timer {
  const ran = timer.paused ? 0 : Math.floor(Math.max(0, now - receivedAt) / 1000);
  const moved = patch.start_time === undefined ? 0 : toEpoch(timer.start_time) - toEpoch(patch.start_time);
  return { ...timer, ...patch, elapsed_seconds: Math.max(0, timer.elapsed_seconds + ran + moved) };
}

/** Which sentence (timerEdit.* key) says what is wrong with a start, for the shared rule's messages. */
const START_SENTENCES: Record<string, StartProblem> = {
  [BOUND_MESSAGES.startInFuture]: 'startInFuture',
  [BOUND_MESSAGES.startAfterPause]: 'startAfterPause',
  [BOUND_MESSAGES.startInsideBreaks]: 'startInsideBreaks',
  'must be at most 31 days before now': 'startTooEarly',
};
export type StartProblem = 'startInFuture' | 'startAfterPause' | 'startInsideBreaks' | 'startTooEarly' | 'startInvalid';

/** The rule's (or the server's) message about start_time as one of the UI's sentences. */
export function startProblemOf(message: string): StartProblem {
  return START_SENTENCES[message] ?? 'startInvalid';
}

/** What is wrong with a new start before it is sent (the rule the server applies), or null. */
export function checkStart(start: number, timer: Timer, now: number): StartProblem | null {
  const problems = runningStartProblems(start, now, {
    breakSeconds: timer.break_seconds,
    pausedAt: timer.paused_at ? toEpoch(timer.paused_at) : null,
  });
  return problems.start_time ? startProblemOf(problems.start_time) : null;
}

/**
 * A stop shorter than the minimum to keep: the server stored it unrounded (timerStopSeconds), and the UI asks
 * whether to keep it. Decided from the entry's own worked time, as the server did, not from its rounded duration;
 * and only when the server did keep it unrounded: a rounded one means the server's minimum (changed in another tab)
 * was lower than the one this tab knows, and the server's choice stands.
 */
export function isShortStop(entry: TimeEntry, minTimerSeconds: number): boolean {
  if (!entry.end_time || minTimerSeconds <= 0) return false;
  const worked = durationSeconds(toEpoch(entry.start_time), toEpoch(entry.end_time), entry.break_seconds);
  return worked < minTimerSeconds && entry.duration_seconds === worked;
}
