// The timer's writes, compiled once (db/reusable-query.ts): start and stop run on every tracked stretch of work, and
// both answer the row they wrote so the timer need not read it back.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { reusableQuery } from '../../db/reusable-query.js';
import { notDeleted } from '../time-entries/kept-entries.js';

export interface NewTimerValues {
  user_id: number;
  project_id: number;
  task_id: number | null;
  notes: string | null;
  billable: 0 | 1;
  /** the start, also created_at and updated_at */
  now: number;
}

const insertTimer = reusableQuery(
  (
    db: Kysely<DB>,
    userId: number,
    projectId: number,
    taskId: number | null,
    notes: string | null,
    billable: 0 | 1,
    now: number,
  ) =>
    db
      .insertInto('time_entries')
      .values({
        user_id: userId,
        project_id: projectId,
        task_id: taskId,
        start_time: now,
        end_time: null,
        duration_seconds: null,
        break_seconds: 0,
        paused_at: null,
        notes,
        billable,
        source: 'timer',
        created_at: now,
        updated_at: now,
      })
      .returningAll(),
);

/** Inserts the user's running timer entry and answers its row (the partial unique index refuses a second one). */
export async function insertRunningEntry(db: Kysely<DB>, v: NewTimerValues) {
  const row = await insertTimer.takeFirst(db, v.user_id, v.project_id, v.task_id, v.notes, v.billable, v.now);
  if (!row) throw new Error('the timer insert answered no row');
  return row;
}

const finishRunning = reusableQuery(
  (db: Kysely<DB>, id: number, end: number, duration: number, breakSeconds: number, now: number) =>
    db
      .updateTable('time_entries')
      .set({ end_time: end, duration_seconds: duration, break_seconds: breakSeconds, paused_at: null, updated_at: now })
      .where('id', '=', id)
      .where('end_time', 'is', null)
      .where(notDeleted)
      .returning('id'),
);

/** Ends the running entry `id`; false when it no longer runs (a concurrent stop or delete won). */
export async function finishRunningEntry(
  db: Kysely<DB>,
  id: number,
  values: { end: number; duration: number; breakSeconds: number; now: number },
): Promise<boolean> {
  const rows = await finishRunning.execute(db, id, values.end, values.duration, values.breakSeconds, values.now);
  return rows.length === 1;
}
