// A lower bound on `start_time` for the entries overlapping [from, …), so reports and exports read an index
// range instead of every entry that started before `to`. The bound is implied by the filters (it never
// changes which rows are selected): an entry overlapping `from` started at most "its length" before it.
// Where the read is one user's, the bound is that user's longest entry: another user's forgotten three-day
// timer must not widen it (migration 014).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { reusableQuery } from '../../db/reusable-query.js';
import { fixedLimit } from '../../db/limits.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import type { UserScope } from '../time-entries/entry-filters.js';

/**
 * Length of the longest finished entry in seconds (0 when there is none): of the user, or of anyone for 'all'.
 * Deleted entries count too (the index holds every row): they can only widen the bound, never drop a row.
 */
export async function longestFinishedEntrySeconds(db: Kysely<DB>, scope: UserScope): Promise<number> {
  const row = scope === 'all' ? await longestSpanOfAnyoneQuery.takeFirst(db) : await longestSpanQuery.takeFirst(db, scope);
  return Math.max(0, Number(row?.span ?? 0));
}

/**
 * The user's longest finished entry's length as a query of one row (`span`), also for use inside other
 * statements: one seek of time_entries_user_span (user_id, end_time - start_time), read from its high end.
 */
export function longestSpan(db: Kysely<DB>, userId: number) {
  // kept-entries: deleted ones included on purpose (see above).
  return db
    .selectFrom('time_entries')
    .select(sql<number>`end_time - start_time`.as('span'))
    .where('user_id', '=', userId)
    .where('end_time', 'is not', null)
    .orderBy(sql`end_time - start_time`, 'desc')
    .limit(fixedLimit(1));
}

const longestSpanQuery = reusableQuery((db: Kysely<DB>, userId: number) => longestSpan(db, userId));

// Everyone's longest entry is the longest of each user's: one seek of the per-user index per user, never a walk
// of time_entries (every entry has its user: user_id is a non-null foreign key).
const longestSpanOfAnyoneQuery = reusableQuery((db: Kysely<DB>) =>
  db.selectFrom('users').select((eb) => {
    const usersLongest = eb
      .selectFrom('time_entries')
      .select(sql<number>`time_entries.end_time - time_entries.start_time`.as('span'))
      .whereRef('time_entries.user_id', '=', 'users.id')
      .where('time_entries.end_time', 'is not', null)
      .orderBy(sql`time_entries.end_time - time_entries.start_time`, 'desc')
      .limit(fixedLimit(1));
    return sql<number | null>`max((${usersLongest}))`.as('span');
  }),
);

/** Start of the oldest running timer (the user's, or anyone's for 'all'), or undefined; reads the partial index of running timers. */
export async function oldestRunningStart(db: Kysely<DB>, scope: UserScope): Promise<number | undefined> {
  // `+ 0`: a plain min(start_time) makes SQLite walk the start_time index from the oldest entry until it meets
  // a running timer (most of a million rows); the expression leaves it the small partial index of running
  // timers (time_entries_one_running_timer, WHERE end_time IS NULL), as PostgreSQL uses anyway.
  let query = keptEntries(db)
    .select(sql<number | null>`min(start_time + 0)`.as('start'))
    .where('end_time', 'is', null);
  if (scope !== 'all') query = query.where('user_id', '=', scope);
  const row = await query.executeTakeFirst();
  return row?.start === null || row?.start === undefined ? undefined : Number(row.start);
}

/**
 * The smallest `start_time` an entry of `scope` overlapping an interval that begins at `from` can have.
 * `includeRunning`: running timers (no end) overlap every later interval, so the oldest one also bounds it.
 */
export async function earliestOverlappingStart(
  db: Kysely<DB>,
  scope: UserScope,
  from: number,
  includeRunning: boolean,
): Promise<number> {
  const [longest, running] = await Promise.all([
    longestFinishedEntrySeconds(db, scope),
    includeRunning ? oldestRunningStart(db, scope) : Promise.resolve(undefined),
  ]);
  const bound = from - longest;
  return running === undefined ? bound : Math.min(bound, running);
}
