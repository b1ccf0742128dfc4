import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB, ProjectRow, ProjectsTable } from '../../db/schema.js';
import { afterNameCursor, nameContains, type NameCursor } from '../clients/name-keyset.js';
import { purgeDeletedOf } from '../time-entries/deleted-entries.queries.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import { boundLimit, fixedLimit } from '../../db/limits.js';

export type ProjectStatus = ProjectsTable['status'];

export interface ProjectListQuery {
  status?: ProjectStatus;
  q?: string;
  client_id?: number;
  limit: number;
  after?: NameCursor;
}

/** One page plus one row (to tell whether there is a next page), in (name_lower, id) order. */
export function listProjectRows(db: Kysely<DB>, query: ProjectListQuery) {
  let select = db
    .selectFrom('projects')
    .selectAll()
    .select('name_lower as sort_key')
    .orderBy('name_lower')
    .orderBy('id')
    .limit(boundLimit(query.limit + 1));
  if (query.status) select = select.where('status', '=', query.status);
  if (query.client_id !== undefined) select = select.where('client_id', '=', query.client_id);
  if (query.q) select = select.where(nameContains(sql.ref('name_lower'), query.q));
  if (query.after) select = select.where(afterNameCursor(sql.ref('name_lower'), sql.ref('id'), query.after));
  return select.execute();
}

/** The status of each of `ids` that names a project (ids of no project are missing from the map). */
export async function projectStatuses(db: Kysely<DB>, ids: number[]): Promise<Map<number, ProjectStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('projects').select(['id', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.status]));
}

export function findProject(db: Kysely<DB>, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether another project with this name exists in the client's namespace (null = projects without a client). */
export async function projectNameTaken(
  db: Kysely<DB>,
  clientId: number | null,
  nameLower: string,
  exceptId?: number,
): Promise<boolean> {
  let select = db.selectFrom('projects').select('id').where('name_lower', '=', nameLower);
  select = clientId === null ? select.where('client_id', 'is', null) : select.where('client_id', '=', clientId);
  if (exceptId !== undefined) select = select.where('id', '<>', exceptId);
  return (await select.executeTakeFirst()) !== undefined;
}

export function insertProject(db: Kysely<DB>, values: Omit<ProjectRow, 'id'>): Promise<ProjectRow> {
  return db.insertInto('projects').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateProject(db: Kysely<DB>, id: number, values: Updateable<ProjectsTable>): Promise<ProjectRow> {
  return db.updateTable('projects').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function projectHasTimeEntries(db: Kysely<DB>, projectId: number): Promise<boolean> {
  const row = await keptEntries(db).select('id').where('project_id', '=', projectId).limit(fixedLimit(1)).executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes the project and its tasks (the caller has made sure no kept time entry refers to either), and the
 * project's deleted entries, which could no longer be restored.
 */
export async function deleteProjectWithTasks(db: Kysely<DB>, id: number): Promise<void> {
  await purgeDeletedOf(db, { project_id: id });
  await db.deleteFrom('tasks').where('project_id', '=', id).execute();
  await db.deleteFrom('projects').where('id', '=', id).execute();
}

export interface ProjectSpend {
  seconds: number;
  billable_seconds: number;
  /** The project's rate, else its client's default rate, in cents per hour; null when neither is set. */
  rate_cents: number | null;
}

/**
 * What the given projects have spent, in ONE grouped statement for a whole page of projects (never one per
 * project): the stored durations of their finished, kept entries, all time for a "total" budget period and the
 * entries starting in `month` for a "monthly" one, with each project's effective rate.
 */
export async function spendOfProjects(
  db: Kysely<DB>,
  ids: readonly number[],
  month: { from: number; to: number },
): Promise<Map<number, ProjectSpend>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('projects')
    .leftJoin('clients', 'clients.id', 'projects.client_id')
    // Kept, finished entries in the budget period (the condition lives in the join so projects without any stay).
    .leftJoin('time_entries', (join) =>
      join
        .onRef('time_entries.project_id', '=', 'projects.id')
        .on('time_entries.deleted_at', 'is', null)
        .on('time_entries.end_time', 'is not', null)
        .on((eb) =>
          eb.or([
            eb('projects.budget_period', '=', 'total'),
            eb.and([eb('time_entries.start_time', '>=', month.from), eb('time_entries.start_time', '<', month.to)]),
          ]),
        ),
    )
    .where('projects.id', 'in', [...ids])
    .groupBy(['projects.id', 'projects.hourly_rate_cents', 'clients.default_hourly_rate_cents'])
    .select((eb) => [
      'projects.id as project_id',
      sql<number>`cast(coalesce(sum(time_entries.duration_seconds), 0) as bigint)`.as('seconds'),
      sql<number>`cast(coalesce(sum(case when time_entries.billable = 1 then time_entries.duration_seconds else 0 end), 0) as bigint)`.as(
        'billable_seconds',
      ),
      eb.fn.coalesce('projects.hourly_rate_cents', 'clients.default_hourly_rate_cents').as('rate_cents'),
    ])
    .execute();
  return new Map(
    rows.map((r) => [
      r.project_id,
      {
        seconds: Number(r.seconds),
        billable_seconds: Number(r.billable_seconds),
        rate_cents: r.rate_cents === null ? null : Number(r.rate_cents),
      },
    ]),
  );
}
