// Kysely reads of the timesheet; the same code runs on SQLite and PostgreSQL. Writes reuse the time-entry queries.
import type { Kysely } from 'kysely';
import { invoicedEntries } from '../invoices/invoices.queries.js';
import type { DB } from '../../db/schema.js';
import { longestFinishedEntrySeconds } from '../reports/entry-scan.js';
import { keptEntries } from '../time-entries/kept-entries.js';

const COLUMNS = [
  'id',
  'project_id',
  'task_id',
  'start_time',
  'end_time',
  'duration_seconds',
  'break_seconds',
  'paused_at',
  'source',
] as const;

export type SheetEntryRow = Awaited<ReturnType<typeof weekEntries>>[number];

/**
 * The user's kept entries that start in [from, to), by start. One range of the partial index
 * time_entries_user_start (user_id, start_time, id, end_time) WHERE deleted_at IS NULL, so a week costs the same with a
 * million entries in the table as with a hundred (kept-entries.db.test.ts checks the plan).
 */
export function weekEntries(db: Kysely<DB>, userId: number, from: number, to: number) {
  return keptEntries(db)
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('start_time', '>=', from)
    .where('start_time', '<', to)
    .orderBy('start_time')
    .orderBy('id')
    .execute();
}

/**
 * Every kept entry of the user that overlaps [from, to): finished ones through an index range bounded by the
 * longest finished entry (an entry overlapping `from` started at most that long before it), plus the running
 * timer, which overlaps everything after its start. Unlike the plain overlap check this never walks the user's
 * whole history.
 */
export async function entriesOverlapping(db: Kysely<DB>, userId: number, from: number, to: number): Promise<SheetEntryRow[]> {
  const longest = await longestFinishedEntrySeconds(db, userId);
  // One after the other: inside a transaction both run on its one connection anyway.
  const finished = await keptEntries(db)
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('start_time', '>=', from - longest)
    .where('start_time', '<', to)
    .where('end_time', '>', from)
    .execute();
  // No condition on start_time here: with one, SQLite walks the user's history instead of the small partial
  // index of running timers.
  const running = await keptEntries(db).select(COLUMNS).where('user_id', '=', userId).where('end_time', 'is', null).execute();
  return [...finished, ...running.filter((r) => r.start_time < to)].sort((a, b) => a.start_time - b.start_time || a.id - b.id);
}

/** The ids among `ids` on an issued or paid invoice, with its number: the timesheet never changes them. */
export function invoicedEntryIds(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, string>> {
  return invoicedEntries(db, ids);
}
