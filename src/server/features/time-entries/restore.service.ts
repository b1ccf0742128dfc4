// Deleting an entry only marks it; POST /time-entries/restore brings marked entries back exactly as they were
// (same ids, sources, times, durations, tags), all or nothing, unless their time has been taken meanwhile.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError, conflict } from '../../http/errors.js';
import { overlaps } from '../../../shared/time-math.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { entriesChanged, publishLive, timerChanged } from '../live/publish.js';
import { findDeleted, unmarkDeleted, type DeletedEntry } from './deleted-entries.queries.js';
import { findRunningEntry, lockUserEntries, overlapCandidates } from './time-entries.queries.js';

const overlap = (ids: number[]) =>
  conflict('overlap', 'The time of a restored entry has been taken by other entries meanwhile.', { conflicting_ids: ids });

/** The deleted entries with these ids the caller may restore (like DELETE: their own, or anyone's for an admin); else 404. */
async function restorable(db: Kysely<DB>, principal: Principal, ids: number[], lock: boolean): Promise<DeletedEntry[]> {
  const rows = (await findDeleted(db, ids, lock)).filter((r) => r.user_id === principal.user.id || isAdmin(principal.user));
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    // The same answer for others' entries, kept ones and ids that never existed: nothing is revealed.
    throw new AppError(404, 'not_found', 'One or more of the ids are not deleted time entries of yours.', {
      ids: ids.filter((i) => !found.has(i)),
    });
  }
  return rows;
}

/** Ids of kept entries (and of other entries being restored) that one of `rows` of one owner would overlap. */
async function conflictsOf(db: Kysely<DB>, ownerId: number, rows: DeletedEntry[]): Promise<number[]> {
  const start = Math.min(...rows.map((r) => r.start_time));
  const end = rows.some((r) => r.end_time === null) ? null : Math.max(...rows.map((r) => r.end_time as number));
  const kept = await overlapCandidates(db, ownerId, start, end);
  const found = new Set<number>();
  rows.forEach((r, i) => {
    const span = { start: r.start_time, end: r.end_time };
    for (const k of kept) if (overlaps(span, { start: k.start_time, end: k.end_time })) found.add(k.id);
    for (const other of rows.slice(i + 1)) {
      if (overlaps(span, { start: other.start_time, end: other.end_time })) found.add(other.id);
    }
  });
  return [...found].sort((a, b) => a - b);
}

export async function restoreTimeEntries(ctx: AppContext, principal: Principal, requested: number[]): Promise<number> {
  const ids = [...new Set(requested)];
  let rows: DeletedEntry[];
  try {
    rows = await ctx.db.transaction().execute(async (trx) => {
      const owners = [...new Set((await restorable(trx, principal, ids, false)).map((r) => r.user_id))].sort((a, b) => a - b);
      // The owners' entry locks in id order (as every entry write takes them), then the rows, read again: a
      // concurrent restore, entry or timer start of the same owner has finished by now and is seen.
      for (const ownerId of owners) await lockUserEntries(trx, ownerId);
      const locked = await restorable(trx, principal, ids, true);
      const conflicting: number[] = [];
      for (const ownerId of owners) {
        conflicting.push(
          ...(await conflictsOf(
            trx,
            ownerId,
            locked.filter((r) => r.user_id === ownerId),
          )),
        );
      }
      if (conflicting.length > 0) throw overlap(conflicting);
      await unmarkDeleted(trx, ids);
      return locked;
    });
  } catch (error) {
    // The one-running-timer index: another timer of the owner started meanwhile.
    if (isUniqueViolation(error)) throw overlap([]);
    throw error;
  }
  for (const ownerId of new Set(rows.map((r) => r.user_id))) {
    const own = rows.filter((r) => r.user_id === ownerId);
    const timer = own.some((r) => r.end_time === null) ? [timerChanged(await findRunningEntry(ctx.db, ownerId))] : [];
    await publishLive(ctx, ownerId, entriesChanged(own.map((r) => r.id)), timer);
  }
  return ids.length;
}
