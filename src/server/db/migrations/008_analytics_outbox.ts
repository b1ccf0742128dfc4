import { type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Analytics events that were still undelivered when a process shut down (queued, or in an upload cut off by the
// shutdown bound), so that the next process to start — any of them — sends them (features/analytics/outbox.ts).
// `payload` is exactly the message handed to posthog-node (catalog-checked; nothing the catalog would not send);
// `uuid` and the payload's timestamp are the event's own, so PostHog deduplicates a re-sent event. `user_id` is
// only for re-checking the user's opt-out before sending (never sent). A process sending stored events claims
// them with `holder` + `lease_until` (renewed while it holds them) and deletes each row once the event has its
// fate (accepted, or given up); a process that dies with rows claimed leaves them to the next one after the lease.
export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('analytics_outbox')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('failing_since_ms', big)
    .addColumn('stored_at', big, (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('lease_until', big, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('analytics_outbox_lease').on('analytics_outbox').columns(['lease_until', 'stored_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('analytics_outbox').execute();
}
