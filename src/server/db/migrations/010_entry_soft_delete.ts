import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Deleting a time entry only marks it (`deleted_at`, epoch seconds UTC), so it can be restored with its id,
// source and durations (POST /time-entries/restore); the purge job removes it for good after the retention
// period. Every read outside restore and purge skips marked rows (features/time-entries/kept-entries.ts), so the
// indexes those reads seek become partial on `deleted_at IS NULL`: a marked row never sits in the way of a page,
// and a deleted running timer no longer counts as the user's one running timer. Both databases use a partial
// index only when the query repeats its condition, which the shared helper guarantees.
//
// time_entries_project_start and time_entries_task stay whole: the foreign-key checks of project and task
// deletes look rows up by those columns whether marked or not. time_entries_span stays whole too: the longest
// entry only bounds a range scan, and a marked entry merely widens it (features/reports/entry-scan.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema.alterTable('time_entries').addColumn('deleted_at', big).execute();

  await db.schema.dropIndex('time_entries_one_running_timer').execute();
  await db.schema
    .createIndex('time_entries_one_running_timer')
    .unique()
    .on('time_entries')
    .column('user_id')
    .where(sql<boolean>`end_time is null and deleted_at is null`)
    .execute();
  await db.schema.dropIndex('time_entries_user_start').execute();
  await db.schema
    .createIndex('time_entries_user_start')
    .on('time_entries')
    .columns(['user_id', 'start_time', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.dropIndex('time_entries_start').execute();
  await db.schema
    .createIndex('time_entries_start')
    .on('time_entries')
    .columns(['start_time', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // The purge job's range; holds only the few marked rows.
  await db.schema
    .createIndex('time_entries_deleted_at')
    .on('time_entries')
    .column('deleted_at')
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Without the column a marked entry would come back to life: deleting it is what its owner asked for.
  await sql`delete from time_entries where deleted_at is not null`.execute(db);
  for (const name of [
    'time_entries_deleted_at',
    'time_entries_start',
    'time_entries_user_start',
    'time_entries_one_running_timer',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.createIndex('time_entries_user_start').on('time_entries').columns(['user_id', 'start_time', 'id']).execute();
  await db.schema.createIndex('time_entries_start').on('time_entries').columns(['start_time', 'id']).execute();
  await db.schema
    .createIndex('time_entries_one_running_timer')
    .unique()
    .on('time_entries')
    .column('user_id')
    .where(sql.ref('end_time'), 'is', null)
    .execute();
  await db.schema.alterTable('time_entries').dropColumn('deleted_at').execute();
}
