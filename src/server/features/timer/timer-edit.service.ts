// Correcting and discarding the running timer (PATCH /timer, DELETE /timer). The timer is the user's one entry
// without an end, so an edit follows the rules of PATCH /time-entries/{id} for it (one set of rules, checked under
// the user's entry lock), and a discard is the soft delete of every entry: gone from lists, reports and exports at
// once, restorable with POST /time-entries/restore (it comes back running) until the purge job removes it.
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { track } from '../analytics/track.js';
import type { Principal } from '../auth/principal.js';
import { entriesDeleted, publishLive, timerChanged } from '../live/publish.js';
import { notDeleted } from '../time-entries/kept-entries.js';
import { findRunningEntry, lockUserEntries } from '../time-entries/time-entries.queries.js';
// eslint-disable-next-line no-restricted-imports -- the timer's entry is a time entry: one set of write rules for both.
import { updateTimeEntryRow } from '../time-entries/time-entries.service.js';
import { noRunningTimer, toTimerDto, type TimerDto } from './timer.service.js';

export interface TimerPatch {
  start_time?: number;
  project_id?: number;
  task_id?: number | null;
  notes?: string | null;
  tags?: string[];
  billable?: boolean;
}

/**
 * Changes the running timer. 409 no_running_timer when none runs (or it was stopped or discarded meanwhile);
 * start_time: 400 in the future, more than 31 days ago, after an open pause or too late for the breaks taken,
 * 409 overlap when another entry lies after it. Tracked and pushed live as an entry edit (time_entry.updated,
 * time_entry.changed and timer.changed), exactly as PATCH /time-entries/{id} of the timer's entry.
 */
export async function patchTimer(ctx: AppContext, principal: Principal, patch: TimerPatch): Promise<TimerDto> {
  const running = await findRunningEntry(ctx.db, principal.user.id);
  if (!running) throw noRunningTimer();
  try {
    const row = await updateTimeEntryRow(ctx, principal, running.id, patch, { runningOnly: true });
    return toTimerDto(ctx.db, row);
  } catch (error) {
    // Discarded between the read above and the locked re-read: the same answer as no timer at all.
    if (error instanceof AppError && error.statusCode === 404) throw noRunningTimer();
    throw error;
  }
}

/**
 * Discards the running timer: no entry is kept (it is marked deleted like any deleted entry, so an undo can bring
 * it back running). Tracked as time_entry.deleted, as deleting the timer's entry by id is; 409 no_running_timer
 * when none runs, also when a concurrent stop or discard won.
 */
export async function discardTimer(ctx: AppContext, principal: Principal): Promise<void> {
  const userId = principal.user.id;
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockUserEntries(trx, userId);
    const running = await findRunningEntry(trx, userId);
    if (!running) throw noRunningTimer();
    // Marks only a kept row; a stop committed since the read cannot be undone here because the lock is held
    // (PostgreSQL) or the writes are serialised (SQLite), and the condition on end_time says so once more.
    const marked = await trx
      .updateTable('time_entries')
      .set({ deleted_at: nowSeconds() })
      .where('id', '=', running.id)
      .where('end_time', 'is', null)
      .where(notDeleted)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw noRunningTimer();
    return running.id;
  });
  track('time_entry.deleted', { time_entry_id: id });
  await publishLive(ctx, userId, timerChanged(null), entriesDeleted([id]));
}
