// Kysely queries for time entries; the same code runs on SQLite and PostgreSQL.
import type { Kysely, Updateable } from 'kysely';
import type { DB, TimeEntriesTable } from '../../db/schema.js';
import { isPostgres } from '../../db/dialect.js';
import { entryFilterCondition, type EntryFilters, type UserScope } from './entry-filters.js';
import { keptEntries, notDeleted } from './kept-entries.js';

/** A kept (not deleted) entry row with the client of its project (the API shows client_id on every entry). */
export function selectEntries(db: Kysely<DB>) {
  return keptEntries(db)
    .selectAll('time_entries')
    .select((eb) =>
      eb
        .selectFrom('projects')
        .select('projects.client_id')
        .whereRef('projects.id', '=', 'time_entries.project_id')
        .as('client_id'),
    );
}

export type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

export function findEntry(db: Kysely<DB>, id: number): Promise<EntryRow | undefined> {
  return selectEntries(db).where('time_entries.id', '=', id).executeTakeFirst();
}

export function findRunningEntry(db: Kysely<DB>, userId: number): Promise<EntryRow | undefined> {
  return selectEntries(db)
    .where('time_entries.user_id', '=', userId)
    .where('time_entries.end_time', 'is', null)
    .executeTakeFirst();
}

/** One page in the API order (start_time desc, id desc), after the keyset `after` when given. */
export function listEntries(
  db: Kysely<DB>,
  filters: EntryFilters,
  scope: UserScope,
  limit: number,
  after: [number, number] | undefined,
): Promise<EntryRow[]> {
  let query = selectEntries(db).where((eb) => entryFilterCondition(eb, filters, scope));
  if (after) {
    const [start, id] = after;
    // A row-value comparison lets both databases seek the (start_time, id) index; the equivalent OR form made
    // deep pages scan (hundreds of ms at a million entries).
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(start, id)),
    );
  }
  return query.orderBy('time_entries.start_time', 'desc').orderBy('time_entries.id', 'desc').limit(limit).execute();
}

/**
 * The user's entries that may overlap [start, end) (end null = open-ended), excluding `excludeId`.
 * A coarse SQL pre-filter; the overlap rule itself is applied with time-math by the caller.
 */
export function overlapCandidates(
  db: Kysely<DB>,
  userId: number,
  start: number,
  end: number | null,
  excludeId?: number,
): Promise<{ id: number; start_time: number; end_time: number | null }[]> {
  let query = keptEntries(db)
    .select(['id', 'start_time', 'end_time'])
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('end_time', '>', start), eb('end_time', 'is', null)]));
  if (end !== null) query = query.where('start_time', '<', end);
  if (excludeId !== undefined) query = query.where('id', '!=', excludeId);
  return query.orderBy('start_time').orderBy('id').execute();
}

/**
 * Serialises writes to one user's entries for the rest of the transaction, so two concurrent requests cannot
 * both pass the overlap check. SQLite needs nothing: its writers are already serialised by the one connection.
 */
export async function lockUserEntries(trx: Kysely<DB>, userId: number): Promise<void> {
  if (!isPostgres(trx as Kysely<unknown>)) return;
  await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}

/** Locks the given kept entries (PostgreSQL) and answers their owners; ids that do not exist or are deleted are absent. */
export async function lockEntries(
  trx: Kysely<DB>,
  ids: number[],
): Promise<
  { id: number; user_id: number; project_id: number; task_id: number | null; billable: 0 | 1; end_time: number | null }[]
> {
  let query = keptEntries(trx).select(['id', 'user_id', 'project_id', 'task_id', 'billable', 'end_time']).where('id', 'in', ids);
  if (isPostgres(trx as Kysely<unknown>)) query = query.forUpdate();
  return query.execute();
}

export function updateEntryRow(db: Kysely<DB>, id: number, values: Updateable<TimeEntriesTable>) {
  return db.updateTable('time_entries').set(values).where('id', '=', id).where(notDeleted).executeTakeFirst();
}

export function findProject(db: Kysely<DB>, id: number) {
  return db.selectFrom('projects').select(['id', 'status', 'billable', 'client_id']).where('id', '=', id).executeTakeFirst();
}

export function findTask(db: Kysely<DB>, id: number) {
  return db.selectFrom('tasks').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst();
}

export function findUserExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
}
