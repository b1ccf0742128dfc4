// Keyset-paged reads of the entries an export contains: the shared entry filters, in the list's order
// (start_time desc, id desc), with the names an export shows. One page at a time, so memory stays flat.
import type { Kysely } from 'kysely';
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

/**
 * One page after the keyset `after` ([start_time, id] of the previous page's last row). Only the entry
 * columns: the names come from CatalogNames, which reads each user/project/client/task once per export
 * instead of joining four tables for every one of a million rows.
 */
export function exportPage(db: Kysely<DB>, s: ExportSelection, after: [number, number] | undefined, limit: number) {
  let query = selected(db, s).select([
    'time_entries.id',
    'time_entries.user_id',
    'time_entries.project_id',
    'time_entries.task_id',
    'time_entries.start_time',
    'time_entries.end_time',
    'time_entries.duration_seconds',
    'time_entries.break_seconds',
    'time_entries.notes',
    'time_entries.billable',
  ]);
  if (after) {
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(after[0], after[1])),
    );
  }
  return query.orderBy('time_entries.start_time', 'desc').orderBy('time_entries.id', 'desc').limit(limit).execute();
}

export type ExportPageRow = Awaited<ReturnType<typeof exportPage>>[number];

/** An entry with the names and the rate an export shows. */
export interface ExportEntryRow {
  id: number;
  start_time: number;
  end_time: number | null;
  duration_seconds: number | null;
  break_seconds: number;
  notes: string | null;
  billable: 0 | 1;
  username: string;
  client_name: string | null;
  project_name: string;
  task_name: string | null;
  /** The project's hourly rate, else the client's default rate (cents), else null. */
  rate_cents: number | null;
}

const NAME_CHUNK = 500;

function chunks(ids: Set<number>): number[][] {
  const all = [...ids];
  const out: number[][] = [];
  for (let i = 0; i < all.length; i += NAME_CHUNK) out.push(all.slice(i, i + NAME_CHUNK));
  return out;
}

/** Names of users, projects, clients and tasks, loaded once per id for the whole export. */
export class CatalogNames {
  private readonly users = new Map<number, string>();
  private readonly projects = new Map<number, { name: string; client_id: number | null; rate: number | null }>();
  private readonly clients = new Map<number, { name: string; rate: number | null }>();
  private readonly tasks = new Map<number, string>();

  constructor(private readonly db: Kysely<DB>) {}

  /** The rows with their names, reading the ids not seen before. */
  async resolve(rows: readonly ExportPageRow[]): Promise<ExportEntryRow[]> {
    const users = new Set<number>();
    const projects = new Set<number>();
    const tasks = new Set<number>();
    for (const r of rows) {
      if (!this.users.has(r.user_id)) users.add(r.user_id);
      if (!this.projects.has(r.project_id)) projects.add(r.project_id);
      if (r.task_id !== null && !this.tasks.has(r.task_id)) tasks.add(r.task_id);
    }
    for (const part of chunks(users)) {
      for (const u of await this.db.selectFrom('users').select(['id', 'username']).where('id', 'in', part).execute())
        this.users.set(u.id, u.username);
    }
    const clients = new Set<number>();
    for (const part of chunks(projects)) {
      const found = await this.db
        .selectFrom('projects')
        .select(['id', 'name', 'client_id', 'hourly_rate_cents'])
        .where('id', 'in', part)
        .execute();
      for (const p of found) {
        this.projects.set(p.id, { name: p.name, client_id: p.client_id, rate: p.hourly_rate_cents });
        if (p.client_id !== null && !this.clients.has(p.client_id)) clients.add(p.client_id);
      }
    }
    for (const part of chunks(clients)) {
      const found = await this.db
        .selectFrom('clients')
        .select(['id', 'name', 'default_hourly_rate_cents'])
        .where('id', 'in', part)
        .execute();
      for (const c of found) this.clients.set(c.id, { name: c.name, rate: c.default_hourly_rate_cents });
    }
    for (const part of chunks(tasks)) {
      for (const t of await this.db.selectFrom('tasks').select(['id', 'name']).where('id', 'in', part).execute())
        this.tasks.set(t.id, t.name);
    }
    return rows.map((r) => {
      const project = this.projects.get(r.project_id);
      const client = project?.client_id == null ? undefined : this.clients.get(project.client_id);
      return {
        id: r.id,
        start_time: r.start_time,
        end_time: r.end_time,
        duration_seconds: r.duration_seconds,
        break_seconds: r.break_seconds,
        notes: r.notes,
        billable: r.billable,
        username: this.users.get(r.user_id) ?? '',
        project_name: project?.name ?? '',
        client_name: client?.name ?? null,
        task_name: r.task_id === null ? null : (this.tasks.get(r.task_id) ?? null),
        rate_cents: project?.rate ?? client?.rate ?? null,
      };
    });
  }
}

/** Number of selected entries, counting no further than `cap` (for the XLSX row limit). */
export async function countSelected(db: Kysely<DB>, s: ExportSelection, cap: number): Promise<number> {
  const row = await db
    .selectFrom(selected(db, s).select('time_entries.id').limit(cap).as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
