import { sql, type Kysely } from 'kysely';

// Reports and exports select the entries overlapping [from, to). `start_time < to` is an index range, but
// `end_time > from` is not, so without more help the database walks every entry before `to` (a full history
// at a million entries). The longest finished entry bounds how far before `from` an overlapping entry can
// start; this index answers "longest entry" by reading one index row (see features/reports/entry-scan.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index time_entries_span on time_entries ((end_time - start_time))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index time_entries_span`.execute(db);
}
