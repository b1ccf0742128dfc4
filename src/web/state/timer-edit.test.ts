// The pure rules behind editing the running timer: which instant a typed time of day means, what a save sends,
// how the timer looks right after it, the sentence for a refused start, and which stops count as too short.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeEntry, Timer } from '../api/types.js';
import { BOUND_MESSAGES } from '../../shared/entry-bounds.js';
import {
  checkStart,
  editValuesOf,
  isShortStop,
  patchedTimer,
  startAtTimeOfDay,
  startProblemOf,
  timerPatchOf,
} from './timer-edit.js';

const at = (iso: string) => Date.parse(iso) / 1000;

const timer: Timer = {
  id: 7,
  project_id: 1,
  task_id: null,
  notes: 'Homepage',
  tags: ['web'],
  billable: true,
  start_time: '2026-11-03T09:10:00Z',
  paused: false,
  paused_at: null,
  break_seconds: 0,
  elapsed_seconds: 300,
};

describe('startAtTimeOfDay', () => {
  it('means today when that time has passed, yesterday when it has not', () => {
    const now = at('2026-11-03T09:15:00Z');
    expect(startAtTimeOfDay(9, 5, now, 'UTC')).toBe(at('2026-11-03T09:05:00Z'));
    expect(startAtTimeOfDay(23, 40, at('2026-11-03T00:10:00Z'), 'UTC')).toBe(at('2026-11-02T23:40:00Z'));
    // In the user's zone: 9:05 in Berlin (UTC+1 in November) is 8:05 UTC.
    expect(startAtTimeOfDay(9, 5, now, 'Europe/Berlin')).toBe(at('2026-11-03T08:05:00Z'));
  });

  it('never lies in the future and never more than a day back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        (hour, minute, now, tz) => {
          const start = startAtTimeOfDay(hour, minute, now, tz);
          expect(start).toBeLessThanOrEqual(now);
          expect(now - start).toBeLessThan(26 * 3600);
        },
      ),
    );
  });
});

describe('timerPatchOf', () => {
  it('sends only what changed', () => {
    expect(timerPatchOf(timer, editValuesOf(timer))).toEqual({});
    const values = { ...editValuesOf(timer), start: at('2026-11-03T09:05:00Z'), notes: ' Homepage ' };
    expect(timerPatchOf(timer, values)).toEqual({ start_time: '2026-11-03T09:05:00Z' });
  });

  it('sends the task with a new project, empty notes as null, and new tags', () => {
    const values = { ...editValuesOf(timer), project_id: 2, notes: '  ', tags: ['web', 'call'], billable: false };
    expect(timerPatchOf(timer, values)).toEqual({
      project_id: 2,
      task_id: null,
      notes: null,
      tags: ['web', 'call'],
      billable: false,
    });
  });
});

describe('patchedTimer', () => {
  it('adds an earlier start to the elapsed time at once, counting on from the cached copy', () => {
    const received = Date.parse('2026-11-03T09:15:00Z');
    const next = patchedTimer(timer, { start_time: '2026-11-03T09:05:00Z' }, received, received + 2000);
    expect(next.start_time).toBe('2026-11-03T09:05:00Z');
    expect(next.elapsed_seconds).toBe(300 + 2 + 300);
    expect(patchedTimer(timer, { notes: 'x' }, received, received).elapsed_seconds).toBe(300);
  });
});

describe('start problems', () => {
  const now = at('2026-11-03T09:15:00Z');
  it('follow the rule the server applies', () => {
    expect(checkStart(at('2026-11-03T09:20:00Z'), timer, now)).toBe('startInFuture');
    expect(checkStart(at('2026-09-01T09:00:00Z'), timer, now)).toBe('startTooEarly');
    expect(checkStart(at('2026-11-03T09:00:00Z'), timer, now)).toBeNull();
    const paused = { ...timer, paused: true, paused_at: '2026-11-03T09:12:00Z' };
    expect(checkStart(at('2026-11-03T09:13:00Z'), paused, now)).toBe('startAfterPause');
  });

  it('give the server’s messages their sentence, and anything else a general one', () => {
    expect(startProblemOf(BOUND_MESSAGES.startInFuture)).toBe('startInFuture');
    expect(startProblemOf(BOUND_MESSAGES.startInsideBreaks)).toBe('startInsideBreaks');
    expect(startProblemOf('must lie somewhere else')).toBe('startInvalid');
  });
});

describe('isShortStop', () => {
  const entry = (seconds: number, breakSeconds = 0, duration = seconds) =>
    ({
      start_time: '2026-11-03T09:00:00Z',
      end_time: new Date(Date.parse('2026-11-03T09:00:00Z') + seconds * 1000).toISOString(),
      break_seconds: breakSeconds,
      duration_seconds: duration,
    }) as TimeEntry;

  it('asks below the minimum of worked time, whatever the rounded duration', () => {
    expect(isShortStop(entry(21), 60)).toBe(true);
    expect(isShortStop(entry(60), 60)).toBe(false);
    // Rounded down to 0 by a 15-minute "down" rule, yet worked long enough: kept without asking.
    expect(isShortStop(entry(120, 0, 0), 60)).toBe(false);
    // Paused for most of it: the worked time counts.
    expect(isShortStop(entry(120, 90, 30), 60)).toBe(true);
  });

  it('does not ask when the server rounded the stop (its minimum was lower than this tab knew)', () => {
    expect(isShortStop(entry(21, 0, 60), 60)).toBe(false);
  });

  it('never asks with a minimum of 0', () => {
    expect(isShortStop(entry(0), 0)).toBe(false);
  });
});
