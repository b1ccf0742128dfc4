import { type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// The analytics session (PostHog `$session_id`) of a browser visit lives with the login session, so a visit is
// never tracked by a cookie of its own and ends with the login (features/auth/analytics-session.ts). Existing
// sessions start without one: their next request starts a visit.
// - analytics_session_id: UUIDv7 of the current visit
// - analytics_session_started_at: when that visit began (visits end after 24 h whatever the activity)
// - analytics_entry_seen: 1 once the visit's first page view was reported (it is the entry page, `$direct`)
export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema.alterTable('sessions').addColumn('analytics_session_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('analytics_session_started_at', big).execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('analytics_entry_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('analytics_entry_seen').execute();
  await db.schema.alterTable('sessions').dropColumn('analytics_session_started_at').execute();
  await db.schema.alterTable('sessions').dropColumn('analytics_session_id').execute();
}
