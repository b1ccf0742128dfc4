import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB, TaskRow, TasksTable } from '../../db/schema.js';
import { afterNameCursor, nameContains, type NameCursor } from '../clients/name-keyset.js';
import { purgeDeletedOf } from '../time-entries/deleted-entries.queries.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import { boundLimit, fixedLimit } from '../../db/limits.js';

export type TaskStatus = TasksTable['status'];

export interface TaskListQuery {
  status?: TaskStatus;
  q?: string;
  project_id?: number;
  limit: number;
  after?: NameCursor;
}

// Tasks have no stored lowercase name; the database lowercases for sorting, searching and the cursor alike.
const loweredName = sql<string>`lower(tasks.name)`;

/** One page plus one row (to tell whether there is a next page), in (lower(name), id) order. */
export function listTaskRows(db: Kysely<DB>, query: TaskListQuery) {
  let select = db
    .selectFrom('tasks')
    .selectAll()
    .select(loweredName.as('sort_key'))
    .orderBy(loweredName)
    .orderBy('id')
    .limit(boundLimit(query.limit + 1));
  if (query.status) select = select.where('status', '=', query.status);
  if (query.project_id !== undefined) select = select.where('project_id', '=', query.project_id);
  if (query.q) select = select.where(nameContains(loweredName, query.q));
  if (query.after) select = select.where(afterNameCursor(loweredName, sql.ref('tasks.id'), query.after));
  return select.execute();
}

export function findTask(db: Kysely<DB>, id: number): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertTask(db: Kysely<DB>, values: Omit<TaskRow, 'id'>): Promise<TaskRow> {
  return db.insertInto('tasks').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateTask(db: Kysely<DB>, id: number, values: Updateable<TasksTable>): Promise<TaskRow> {
  return db.updateTable('tasks').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Deletes the task and the deleted entries that refer to it (the caller has made sure no kept one does). */
export async function deleteTaskRow(db: Kysely<DB>, id: number): Promise<void> {
  await purgeDeletedOf(db, { task_id: id });
  await db.deleteFrom('tasks').where('id', '=', id).execute();
}

export async function taskHasTimeEntries(db: Kysely<DB>, taskId: number): Promise<boolean> {
  const row = await keptEntries(db).select('id').where('task_id', '=', taskId).limit(fixedLimit(1)).executeTakeFirst();
  return row !== undefined;
}
