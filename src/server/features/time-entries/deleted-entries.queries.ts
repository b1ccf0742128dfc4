// The only queries that see deleted entries (`deleted_at` set): marking, restoring and purging them. Every
// other read goes through kept-entries.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isPostgres } from '../../db/dialect.js';
import { boundLimit } from '../../db/limits.js';

/** Marks kept entries as deleted at `now`; answers the number marked (already deleted ones are left alone). */
export async function markDeleted(db: Kysely<DB>, ids: number[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('time_entries')
    .set({ deleted_at: now })
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface DeletedEntry {
  id: number;
  user_id: number;
  start_time: number;
  end_time: number | null;
}

/** The given ids that are deleted entries; with `lock`, their rows are locked (PostgreSQL) until the transaction ends. */
export async function findDeleted(db: Kysely<DB>, ids: number[], lock: boolean): Promise<DeletedEntry[]> {
  let query = db
    .selectFrom('time_entries')
    .select(['id', 'user_id', 'start_time', 'end_time'])
    .where('id', 'in', ids)
    .where('deleted_at', 'is not', null);
  if (lock && isPostgres(db as Kysely<unknown>)) query = query.forUpdate();
  return query.orderBy('start_time').orderBy('id').execute();
}

/** Clears the mark: the rows are exactly as they were before the delete (updated_at included). */
export async function unmarkDeleted(db: Kysely<DB>, ids: number[]): Promise<number> {
  const result = await db
    .updateTable('time_entries')
    .set({ deleted_at: null })
    .where('id', 'in', ids)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Removes entries deleted at or before `cutoff` for good (their tag links go by ON DELETE CASCADE), at most
 * `batch` rows per statement so no statement holds its locks for long; answers how many were removed.
 */
export async function purgeDeletedBefore(db: Kysely<DB>, cutoff: number, batch = 1000): Promise<number> {
  let removed = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('time_entries')
        .select('id')
        .where('deleted_at', 'is not', null)
        .where('deleted_at', '<=', cutoff)
        .orderBy('deleted_at')
        .limit(boundLimit(batch))
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return removed;
    // The condition again: an entry restored since the select stays.
    const result = await db
      .deleteFrom('time_entries')
      .where('id', 'in', ids)
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '<=', cutoff)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
    if (ids.length < batch) return removed;
  }
}

/**
 * Removes the deleted entries of a project or task that is being deleted: they could never be restored into
 * it, and they would hold its foreign key.
 */
export async function purgeDeletedOf(db: Kysely<DB>, ref: { project_id: number } | { task_id: number }): Promise<void> {
  let query = db.deleteFrom('time_entries').where('deleted_at', 'is not', null);
  query = 'project_id' in ref ? query.where('project_id', '=', ref.project_id) : query.where('task_id', '=', ref.task_id);
  await query.execute();
}

/** Owners of the given entries, kept or deleted (locked on PostgreSQL); ids that do not exist are absent. */
export async function entriesAnyState(
  db: Kysely<DB>,
  ids: number[],
): Promise<{ id: number; user_id: number; end_time: number | null; deleted_at: number | null }[]> {
  let query = db.selectFrom('time_entries').select(['id', 'user_id', 'end_time', 'deleted_at']).where('id', 'in', ids);
  if (isPostgres(db as Kysely<unknown>)) query = query.forUpdate();
  return query.execute();
}
