import { sql, type Kysely } from 'kysely';

// Every timer start and stop and every entry write reads the user's entries that may overlap the new span: an
// index range of time_entries_user_start from the start minus the user's longest entry (014) on, filtered by
// end_time. The index held no end_time, so each entry in the range cost a seek into the table to be filtered
// out: a user whose longest entry is a month long paid a month of seeks on every start. With end_time as the
// index's last column the read never leaves the index. Same name, same partial condition (010), same order for
// the lists that page through it; only the stop's update of end_time now also moves one entry of this index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index time_entries_user_start`.execute(db);
  await sql`create index time_entries_user_start on time_entries (user_id, start_time, id, end_time) where deleted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index time_entries_user_start`.execute(db);
  await sql`create index time_entries_user_start on time_entries (user_id, start_time, id) where deleted_at is null`.execute(db);
}
