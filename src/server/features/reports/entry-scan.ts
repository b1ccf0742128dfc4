// A lower bound on `start_time` for the entries overlapping [from, …), so reports and exports read an index
// range instead of every entry that started before `to`. The bound is implied by the filters (it never
// changes which rows are selected): an entry overlapping `from` started at most "its length" before it.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { reusableQuery } from '../../db/reusable-query.js';
import { keptEntries } from '../time-entries/kept-entries.js';

/**
 * Length of the longest finished entry in seconds (0 when there is none); one read of `time_entries_span`.
 * Deleted entries count too (the index holds every row): they can only widen the bound, never drop a row.
 */
export async function longestFinishedEntrySeconds(db: Kysely<DB>): Promise<number> {
  const row = await longestSpanQuery.takeFirst(db);
  return Math.max(0, Number(row?.span ?? 0));
}

/** The longest finished entry's length as a query of one row (`span`), also for use inside other statements. */
export function longestSpan(db: Kysely<DB>) {
  // kept-entries: deleted ones included on purpose (see above).
  return db
    .selectFrom('time_entries')
    .select(sql<number>`end_time - start_time`.as('span'))
    .where('end_time', 'is not', null)
    .orderBy(sql`end_time - start_time`, 'desc')
    .limit(1);
}

const longestSpanQuery = reusableQuery((db: Kysely<DB>) => longestSpan(db));

/** Start of the oldest running timer, or undefined; reads the partial index of running timers. */
export async function oldestRunningStart(db: Kysely<DB>): Promise<number | undefined> {
  // `+ 0`: a plain min(start_time) makes SQLite walk the start_time index from the oldest entry until it meets
  // a running timer (most of a million rows); the expression leaves it the small partial index of running
  // timers (time_entries_one_running_timer, WHERE end_time IS NULL), as PostgreSQL uses anyway.
  const row = await keptEntries(db)
    .select(sql<number | null>`min(start_time + 0)`.as('start'))
    .where('end_time', 'is', null)
    .executeTakeFirst();
  return row?.start === null || row?.start === undefined ? undefined : Number(row.start);
}

/**
 * The smallest `start_time` an entry overlapping an interval that begins at `from` can have.
 * `includeRunning`: running timers (no end) overlap every later interval, so the oldest one also bounds it.
 */
export async function earliestOverlappingStart(db: Kysely<DB>, from: number, includeRunning: boolean): Promise<number> {
  const [longest, running] = await Promise.all([
    longestFinishedEntrySeconds(db),
    includeRunning ? oldestRunningStart(db) : Promise.resolve(undefined),
  ]);
  const bound = from - longest;
  return running === undefined ? bound : Math.min(bound, running);
}
