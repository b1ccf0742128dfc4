import { type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// The one-time install ping is claimed with a lease instead of a flag set before sending: `install_event_holder`
// and `install_event_lease_until` say which process is sending it and until when its claim holds (renewed while
// the ping waits); `install_event_sent` now means "PostHog accepted it". A process that dies before delivery
// leaves an expired, unconfirmed claim, which the next process to look takes over (features/analytics/telemetry.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema.alterTable('installation').addColumn('install_event_holder', 'text').execute();
  await db.schema
    .alterTable('installation')
    .addColumn('install_event_lease_until', big, (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('installation').dropColumn('install_event_lease_until').execute();
  await db.schema.alterTable('installation').dropColumn('install_event_holder').execute();
}
