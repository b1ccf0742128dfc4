// Keyset-paged reads of the entries an export contains: the shared entry filters, in the list's order
// (start_time desc, id desc), with the names an export shows. One page at a time, so memory stays flat.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { entryFilterCondition, type EntryFilters, type UserScope } from '../time-entries/entry-filters.js';

export interface ExportSelection {
  filters: EntryFilters;
  scope: UserScope;
  /** No selected entry starts before this (see reports/entry-scan.ts); undefined when `from` is not set. */
  earliestStart?: number;
}

function selected(db: Kysely<DB>, s: ExportSelection) {
  let query = db.selectFrom('time_entries').where((eb) => entryFilterCondition(eb, s.filters, s.scope));
  if (s.earliestStart !== undefined) query = query.where('time_entries.start_time', '>=', s.earliestStart);
  return query;
}

/** One page after the keyset `after` ([start_time, id] of the previous page's last row). */
export function exportPage(db: Kysely<DB>, s: ExportSelection, after: [number, number] | undefined, limit: number) {
  let query = selected(db, s)
    .innerJoin('users', 'users.id', 'time_entries.user_id')
    .innerJoin('projects', 'projects.id', 'time_entries.project_id')
    .leftJoin('clients', 'clients.id', 'projects.client_id')
    .leftJoin('tasks', 'tasks.id', 'time_entries.task_id')
    .select([
      'time_entries.id',
      'time_entries.start_time',
      'time_entries.end_time',
      'time_entries.duration_seconds',
      'time_entries.break_seconds',
      'time_entries.notes',
      'time_entries.billable',
      'users.username',
      'projects.name as project_name',
      'clients.name as client_name',
      'tasks.name as task_name',
      sql<number | null>`coalesce(projects.hourly_rate_cents, clients.default_hourly_rate_cents)`.as('rate_cents'),
    ]);
  if (after) {
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(after[0], after[1])),
    );
  }
  return query.orderBy('time_entries.start_time', 'desc').orderBy('time_entries.id', 'desc').limit(limit).execute();
}

export type ExportEntryRow = Awaited<ReturnType<typeof exportPage>>[number];

/** Number of selected entries, counting no further than `cap` (for the XLSX row limit). */
export async function countSelected(db: Kysely<DB>, s: ExportSelection, cap: number): Promise<number> {
  const row = await db
    .selectFrom(selected(db, s).select('time_entries.id').limit(cap).as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
