// Kysely queries of the importer: catalog look-ups by name, the user's existing entries (for duplicates),
// and batched inserts. The same code runs on SQLite and PostgreSQL.
import type { Insertable, Kysely } from 'kysely';
import type { DB, TimeEntriesTable } from '../../db/schema.js';
import { keptEntries } from '../time-entries/kept-entries.js';

/** Keeps every statement well under the bind-parameter limits of both databases (13 columns × 500 rows). */
const CHUNK = 500;

export function chunked<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function clientsByName(db: Kysely<DB>, namesLower: string[]) {
  const rows: { id: number; name_lower: string }[] = [];
  for (const part of chunked(namesLower)) {
    rows.push(...(await db.selectFrom('clients').select(['id', 'name_lower']).where('name_lower', 'in', part).execute()));
  }
  return rows;
}

export async function projectsByName(db: Kysely<DB>, namesLower: string[]) {
  const rows: { id: number; client_id: number | null; name_lower: string; status: 'active' | 'archived'; billable: 0 | 1 }[] = [];
  for (const part of chunked(namesLower)) {
    rows.push(
      ...(await db
        .selectFrom('projects')
        .select(['id', 'client_id', 'name_lower', 'status', 'billable'])
        .where('name_lower', 'in', part)
        .execute()),
    );
  }
  return rows;
}

export async function tasksOfProjects(db: Kysely<DB>, projectIds: number[]) {
  const rows: { id: number; project_id: number; name: string }[] = [];
  for (const part of chunked(projectIds)) {
    rows.push(...(await db.selectFrom('tasks').select(['id', 'project_id', 'name']).where('project_id', 'in', part).execute()));
  }
  return rows;
}

/**
 * The user's kept entries starting in [from, to]: what a re-import would duplicate. A deleted entry is no
 * duplicate: importing the file again brings its rows back as new entries (restoring the old ones then
 * answers 409 overlap).
 */
export function entriesStartingBetween(db: Kysely<DB>, userId: number, from: number, to: number) {
  return keptEntries(db)
    .select(['project_id', 'start_time', 'end_time', 'notes'])
    .where('user_id', '=', userId)
    .where('start_time', '>=', from)
    .where('start_time', '<=', to)
    .execute();
}

/** Inserts a client unless one with the name exists (also when a concurrent import just created it); answers its id. */
export async function ensureClient(db: Kysely<DB>, name: string, now: number): Promise<number> {
  const nameLower = name.toLowerCase();
  await db
    .insertInto('clients')
    .values({
      name,
      name_lower: nameLower,
      email: null,
      default_hourly_rate_cents: null,
      notes: null,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db.selectFrom('clients').select('id').where('name_lower', '=', nameLower).executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts a project in the client's namespace unless it exists; answers its id and whether it was created. */
export async function ensureProject(
  db: Kysely<DB>,
  clientId: number | null,
  name: string,
  now: number,
): Promise<{ id: number; created: boolean }> {
  const nameLower = name.toLowerCase();
  const find = () => {
    const q = db.selectFrom('projects').select('id').where('name_lower', '=', nameLower);
    return (clientId === null ? q.where('client_id', 'is', null) : q.where('client_id', '=', clientId)).executeTakeFirst();
  };
  const existing = await find();
  if (existing) return { id: existing.id, created: false };
  await db
    .insertInto('projects')
    .values({
      client_id: clientId,
      name,
      name_lower: nameLower,
      description: null,
      billable: 1,
      hourly_rate_cents: null,
      color: null,
      budget_hours: null,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await find();
  if (!row) throw new Error(`project "${name}" could not be created`);
  return { id: row.id, created: true };
}

export async function insertTaskRow(db: Kysely<DB>, projectId: number, name: string, now: number): Promise<number> {
  const row = await db
    .insertInto('tasks')
    .values({ project_id: projectId, name, status: 'todo', estimated_hours: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts entries in batches; answers each inserted row's id with the columns that identify it. */
export async function insertEntries(db: Kysely<DB>, rows: Insertable<TimeEntriesTable>[], onBatch?: (done: number) => void) {
  const out: { id: number; project_id: number; start_time: number; end_time: number | null; notes: string | null }[] = [];
  for (const part of chunked(rows)) {
    out.push(
      ...(await db
        .insertInto('time_entries')
        .values(part)
        .returning(['id', 'project_id', 'start_time', 'end_time', 'notes'])
        .execute()),
    );
    onBatch?.(out.length);
  }
  return out;
}

/**
 * Links freshly inserted entries to their tags in batches. (setEntryTags replaces the tags of one entry per
 * call, two statements each; an import of many new entries, which have no tags yet, links them in bulk.)
 */
export async function linkNewEntryTags(db: Kysely<DB>, links: { time_entry_id: number; tag_id: number }[]): Promise<void> {
  for (const part of chunked(links)) await db.insertInto('time_entry_tags').values(part).execute();
}
