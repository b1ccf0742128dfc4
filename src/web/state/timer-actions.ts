// The timer's calls to the API, one per action, and the timer each shows at once before the server answers.
import { api } from '../api/client.js';
import type { TimeEntry, Timer } from '../api/types.js';
import type { TimerPatch } from './timer-edit.js';
import type { TimerDraft } from './timer.js';

/** The timer as it would be at `now` after pausing: the seconds run so far are kept, the clock stops. */
export function pausedTimer(timer: Timer, receivedAt: number, now: number): Timer {
  const ran = timer.paused ? 0 : Math.floor(Math.max(0, now - receivedAt) / 1000);
  return { ...timer, paused: true, paused_at: new Date(now).toISOString(), elapsed_seconds: timer.elapsed_seconds + ran };
}

/** The timer a start will create, shown at once; the server's answer replaces it (id -1 marks it as not saved). */
export function optimisticTimer(d: TimerDraft, now: number): Timer {
  return {
    id: -1,
    project_id: d.project_id ?? 0,
    task_id: d.task_id,
    notes: d.notes.trim() || null,
    tags: d.tags,
    billable: d.billable,
    start_time: new Date(now).toISOString(),
    elapsed_seconds: 0,
    break_seconds: 0,
    paused: false,
    paused_at: null,
  };
}

export type TimerAction =
  | { type: 'start'; draft: TimerDraft }
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'edit'; patch: TimerPatch }
  | { type: 'discard' };

/** One call per action; answers the timer afterwards and, for a stop, the entry it became. */
export async function runTimerAction(action: TimerAction): Promise<{ timer: Timer | null; stopped: TimeEntry | null }> {
  switch (action.type) {
    case 'start': {
      const d = action.draft;
      const answer = await api.post('/timer/start', {
        body: {
          project_id: d.project_id ?? 0,
          ...(d.task_id ? { task_id: d.task_id } : {}),
          notes: d.notes.trim() || null,
          tags: d.tags,
          billable: d.billable,
        },
      });
      return { timer: answer.timer, stopped: null };
    }
    case 'stop':
      return { timer: null, stopped: (await api.post('/timer/stop', { body: {} })).time_entry };
    case 'pause':
      return { timer: (await api.post('/timer/pause')).timer, stopped: null };
    case 'resume':
      return { timer: (await api.post('/timer/resume')).timer, stopped: null };
    case 'edit':
      return { timer: (await api.patch('/timer', { body: action.patch })).timer, stopped: null };
    case 'discard':
      await api.delete('/timer');
      return { timer: null, stopped: null };
  }
}
