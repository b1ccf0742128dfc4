// Builders for what GET /api/v1/events pushes; the event types themselves live in src/shared/live-events.ts,
// shared with the web UI.
import type { TimeEntryRow } from '../../db/schema.js';
import { toApiTime } from '../../http/wire.js';
import type { LiveEvent } from '../../../shared/live-events.js';

export type { LiveEvent, LiveEventType, LiveTimer } from '../../../shared/live-events.js';

/** Largest id list in one event; keeps every NOTIFY payload well under PostgreSQL's 8000-byte limit. */
export const MAX_IDS_PER_EVENT = 400;

export function timerChanged(
  running: Pick<TimeEntryRow, 'id' | 'project_id' | 'task_id' | 'start_time' | 'paused_at' | 'break_seconds'> | null | undefined,
): LiveEvent {
  if (!running) return { type: 'timer.changed', data: { timer: null } };
  return {
    type: 'timer.changed',
    data: {
      timer: {
        id: running.id,
        project_id: running.project_id,
        task_id: running.task_id,
        start_time: toApiTime(running.start_time),
        paused: running.paused_at !== null,
        paused_at: toApiTime(running.paused_at),
        break_seconds: running.break_seconds,
      },
    },
  };
}

function chunkIds(type: 'time_entry.changed' | 'time_entry.deleted', ids: readonly number[]): LiveEvent[] {
  const unique = [...new Set(ids)];
  const events: LiveEvent[] = [];
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_EVENT) {
    events.push({ type, data: { ids: unique.slice(i, i + MAX_IDS_PER_EVENT) } });
  }
  return events;
}

/** Entries created or changed; an empty list yields no event. Long lists are split into several events. */
export const entriesChanged = (ids: readonly number[]): LiveEvent[] => chunkIds('time_entry.changed', ids);
/** Many entries appeared at once (an import): one resync instead of thousands of ids. */
export const entriesImported = (): LiveEvent => ({ type: 'resync', data: { reason: 'entries_imported' } });

/** Entries deleted; an empty list yields no event. */
export const entriesDeleted = (ids: readonly number[]): LiveEvent[] => chunkIds('time_entry.deleted', ids);
