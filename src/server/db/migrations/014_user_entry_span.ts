import { sql, type Kysely } from 'kysely';

// Migration 002's span index answered "the longest finished entry of anyone", which bounds the index range the
// overlap check reads (features/time-entries/time-entries.queries.ts) and the ranges of reports and exports. One
// user's forgotten three-day timer widened every other user's range to three days: a timer start read every entry
// of its user from the last three days, on every start and stop. Keyed by user first, the index answers the
// longest entry of one user with one seek, and the longest of everyone as one seek per user
// (features/reports/entry-scan.ts). It replaces the global index rather than joining it: every write of
// time_entries pays for every index. Not partial, as before (010): a deleted entry only widens the bound.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index time_entries_user_span on time_entries (user_id, (end_time - start_time))`.execute(db);
  await sql`drop index time_entries_span`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index time_entries_span on time_entries ((end_time - start_time))`.execute(db);
  await sql`drop index time_entries_user_span`.execute(db);
}
