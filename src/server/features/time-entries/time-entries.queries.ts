// Kysely queries for time entries; the same code runs on SQLite and PostgreSQL.
import { sql, type Compilable, type ExpressionBuilder, type Kysely, type Updateable } from 'kysely';
import type { DB, TimeEntriesTable } from '../../db/schema.js';
import { isPostgres } from '../../db/dialect.js';
import { reusableQuery } from '../../db/reusable-query.js';
import { jsonArrayOf, jsonRowReader } from '../../db/json-rows.js';
import { boundLimit } from '../../db/limits.js';
import { entryFilterCondition, filtersUnset, type EntryFilters, type UserScope } from './entry-filters.js';
import { keptEntries, notDeleted } from './kept-entries.js';
import { longestSpan } from '../reports/entry-scan.js';

const clientOfProject = (eb: ExpressionBuilder<DB, 'time_entries'>) =>
  eb.selectFrom('projects').select('projects.client_id').whereRef('projects.id', '=', 'time_entries.project_id');

type KeptEntries = ReturnType<typeof keptEntries>;
const withEntryColumns = (entries: KeptEntries) =>
  entries.selectAll('time_entries').select((eb) => clientOfProject(eb).as('client_id'));

/** A kept (not deleted) entry row with the client of its project (the API shows client_id on every entry). */
export function selectEntries(db: Kysely<DB>) {
  return withEntryColumns(keptEntries(db));
}

export type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

// The columns of EntryRow in table order, then the client; the type below fails to compile when one is missing.
const ENTRY_COLUMNS = [
  'id',
  'user_id',
  'project_id',
  'task_id',
  'start_time',
  'end_time',
  'duration_seconds',
  'break_seconds',
  'paused_at',
  'notes',
  'billable',
  'source',
  'created_at',
  'updated_at',
  'deleted_at',
  'client_id',
] as const satisfies readonly (keyof EntryRow)[];
const everyColumnListed: Exclude<keyof EntryRow, (typeof ENTRY_COLUMNS)[number]> extends never ? true : never = true;
void everyColumnListed;

type PageRow = EntryRow | { json: string };

/**
 * A list page: `page` adds conditions, order and limit to the kept entries, and the page selects what
 * selectEntries does; on SQLite each row as one JSON array (db/json-rows.ts: value by value, better-sqlite3 built
 * a page of 100 at a quarter of the list's CPU). readPage turns either kind of row into EntryRows.
 */
function selectPage(db: Kysely<DB>, page: (entries: KeptEntries) => KeptEntries): Compilable<PageRow> {
  const entries = page(keptEntries(db));
  if (isPostgres(db as Kysely<unknown>)) return withEntryColumns(entries);
  return entries.select((eb) =>
    jsonArrayOf(ENTRY_COLUMNS.map((name) => (name === 'client_id' ? clientOfProject(eb) : eb.ref(`time_entries.${name}`)))),
  );
}

const entriesFromJson = jsonRowReader<EntryRow>(ENTRY_COLUMNS);

async function readPage(rows: Promise<PageRow[]>): Promise<EntryRow[]> {
  const page = await rows;
  return page.length > 0 && 'json' in page[0]! ? entriesFromJson(page as { json: string }[]) : (page as EntryRow[]);
}

// The reads of the timer and of the list's pages without filters run on every request: compiled once
// (db/reusable-query.ts).
const entryById = reusableQuery((db: Kysely<DB>, id: number) => selectEntries(db).where('time_entries.id', '=', id));
const runningOfUser = (db: Kysely<DB>, userId: number) =>
  selectEntries(db).where('time_entries.user_id', '=', userId).where('time_entries.end_time', 'is', null);
const runningEntry = reusableQuery(runningOfUser);
// GET /timer, what integrations poll: whether the timer has tags comes with its row, so an untagged one (most)
// costs one statement instead of two.
const runningTimer = reusableQuery((db: Kysely<DB>, userId: number) =>
  runningOfUser(db, userId).select((eb) =>
    eb
      .exists(
        eb
          .selectFrom('time_entry_tags')
          .select('time_entry_tags.tag_id')
          .whereRef('time_entry_tags.time_entry_id', '=', 'time_entries.id'),
      )
      .as('tagged'),
  ),
);
const newestOfUser = (entries: KeptEntries, userId: number) =>
  entries
    .where('time_entries.user_id', '=', userId)
    .orderBy('time_entries.start_time', 'desc')
    .orderBy('time_entries.id', 'desc');
const firstPageOfUser = reusableQuery((db: Kysely<DB>, userId: number, limit: number) =>
  selectPage(db, (entries) => newestOfUser(entries, userId).limit(boundLimit(limit))),
);
const nextPageOfUser = reusableQuery((db: Kysely<DB>, userId: number, start: number, id: number, limit: number) =>
  selectPage(db, (entries) =>
    newestOfUser(entries, userId)
      .where(({ eb, refTuple, tuple }) => eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(start, id)))
      .limit(boundLimit(limit)),
  ),
);

export function findEntry(db: Kysely<DB>, id: number): Promise<EntryRow | undefined> {
  return entryById.takeFirst(db, id);
}

export function findRunningEntry(db: Kysely<DB>, userId: number): Promise<EntryRow | undefined> {
  return runningEntry.takeFirst(db, userId);
}

/** The user's running entry, and whether any tag is linked to it (1 or true when one is). */
export function findRunningTimer(db: Kysely<DB>, userId: number): Promise<(EntryRow & { tagged: number | boolean }) | undefined> {
  return runningTimer.takeFirst(db, userId);
}

/** One page in the API order (start_time desc, id desc), after the keyset `after` when given. */
export function listEntries(
  db: Kysely<DB>,
  filters: EntryFilters,
  scope: UserScope,
  limit: number,
  after: [number, number] | undefined,
): Promise<EntryRow[]> {
  if (scope !== 'all' && filtersUnset(filters)) {
    return readPage(
      after ? nextPageOfUser.execute(db, scope, after[0], after[1], limit) : firstPageOfUser.execute(db, scope, limit),
    );
  }
  const query = selectPage(db, (entries) => {
    let page = entries.where((eb) => entryFilterCondition(eb, filters, scope));
    // A row-value comparison lets both databases seek the (start_time, id) index; the equivalent OR form made
    // deep pages scan (hundreds of ms at a million entries).
    if (after)
      page = page.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(after[0], after[1])),
      );
    return page.orderBy('time_entries.start_time', 'desc').orderBy('time_entries.id', 'desc').limit(boundLimit(limit));
  });
  return readPage(db.executeQuery(query.compile()).then((result) => result.rows));
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
): Promise<OverlapCandidate[]> {
  const until = end ?? MAX_INSTANT;
  return excludeId === undefined
    ? overlapsOfSpan.execute(db, userId, start, until)
    : overlapsOfSpanExcept.execute(db, userId, start, until, excludeId);
}

type OverlapCandidate = { id: number; start_time: number; end_time: number | null };

/** Later than any instant an entry can have (entry-bounds.ts): "no end". */
const MAX_INSTANT = Number.MAX_SAFE_INTEGER;

// A finished entry overlapping `start` began at most the longest entry's length before it: that bound turns
// "every entry of the user that ended after start" (a user's whole history, read on every timer start and stop)
// into an index range of a few weeks. The longest length is one row of the span index (migration 002), read in
// the same statement; deleted entries count too, which can only widen the range. Running timers have no length:
// the user's one is read by its own index.
function finishedOverlaps(db: Kysely<DB>, userId: number, start: number, until: number) {
  return keptEntries(db)
    .select(['id', 'start_time', 'end_time'])
    .where('user_id', '=', userId)
    .where('start_time', '>=', sql<number>`${start} - coalesce((${longestSpan(db, userId)}), 0)`)
    .where('start_time', '<', until)
    .where('end_time', '>', start);
}

// `start_time + 0`: with a plain `start_time < until` SQLite reads the range of time_entries_user_start (every
// entry of the user before `until`, its whole history for a timer start) looking for the one without an end;
// the expression leaves it the user's row of the partial index of running timers, as PostgreSQL takes anyway.
function runningOverlap(db: Kysely<DB>, userId: number, until: number) {
  return keptEntries(db)
    .select(['id', 'start_time', 'end_time'])
    .where('user_id', '=', userId)
    .where('end_time', 'is', null)
    .where(sql<number>`start_time + 0`, '<', until);
}

const overlapsOfSpan = reusableQuery((db: Kysely<DB>, userId: number, start: number, until: number) =>
  finishedOverlaps(db, userId, start, until)
    .unionAll(runningOverlap(db, userId, until))
    .orderBy('start_time')
    .orderBy('id'),
);
const overlapsOfSpanExcept = reusableQuery((db: Kysely<DB>, userId: number, start: number, until: number, excludeId: number) =>
  finishedOverlaps(db, userId, start, until)
    .where('id', '!=', excludeId)
    .unionAll(runningOverlap(db, userId, until).where('id', '!=', excludeId))
    .orderBy('start_time')
    .orderBy('id'),
);

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

const projectById = reusableQuery((db: Kysely<DB>, id: number) =>
  db.selectFrom('projects').select(['id', 'status', 'billable', 'client_id']).where('id', '=', id),
);
const taskById = reusableQuery((db: Kysely<DB>, id: number) =>
  db.selectFrom('tasks').select(['id', 'project_id']).where('id', '=', id),
);

export function findProject(db: Kysely<DB>, id: number) {
  return projectById.takeFirst(db, id);
}

export function findTask(db: Kysely<DB>, id: number) {
  return taskById.takeFirst(db, id);
}

export function findUserExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
}

/** The statement behind overlapCandidates (EXPLAIN in tests). */
export const overlapLookup = overlapsOfSpan;
