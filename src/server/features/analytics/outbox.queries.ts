// SQL of the analytics outbox (migration 008): events stored at shutdown, claimed and sent by a later process.
// Every statement runs unchanged on SQLite and PostgreSQL except the claim's row locking (PostgreSQL only).
import type { Insertable, Kysely, Selectable } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { AnalyticsOutboxTable, DB } from '../../db/schema.js';
import { boundLimit } from '../../db/limits.js';

export type OutboxRow = Selectable<AnalyticsOutboxTable>;
export type NewOutboxRow = Insertable<AnalyticsOutboxTable>;

/**
 * Stores events in one statement. An event already stored (taken over from the outbox and still undelivered at
 * this shutdown) is stored again, unclaimed, so the next start takes it over.
 */
export async function storeOutboxRows(db: Kysely<DB>, rows: NewOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('analytics_outbox')
    .values(rows)
    .onConflict((oc) =>
      oc.column('uuid').doUpdateSet((eb) => ({
        holder: null,
        lease_until: 0,
        failing_since_ms: eb.ref('excluded.failing_since_ms'),
      })),
    )
    .execute();
}

/**
 * Claims up to `limit` unclaimed (or abandoned: lease expired) events of the given channels for `holder` until
 * `leaseUntil`, oldest first, and returns them. One statement: two processes claiming at once never get the same
 * row (SQLite runs one writer at a time; on PostgreSQL the rows are locked, skipping those another claim holds,
 * and the lease is checked again on the locked row).
 */
export async function claimOutboxRows(
  db: Kysely<DB>,
  claim: { holder: string; now: number; leaseUntil: number; channels: AnalyticsOutboxTable['channel'][]; limit: number },
): Promise<OutboxRow[]> {
  if (claim.channels.length === 0 || claim.limit <= 0) return [];
  let candidates = db
    .selectFrom('analytics_outbox')
    .select('uuid')
    .where('lease_until', '<=', claim.now)
    .where('channel', 'in', claim.channels)
    .orderBy('stored_at')
    .orderBy('uuid')
    .limit(boundLimit(claim.limit));
  if (isPostgres(db as Kysely<unknown>)) candidates = candidates.forUpdate().skipLocked();
  return db
    .updateTable('analytics_outbox')
    .set({ holder: claim.holder, lease_until: claim.leaseUntil })
    .where('uuid', 'in', candidates)
    .where('lease_until', '<=', claim.now)
    .returningAll()
    .execute();
}

/** Extends the holder's claim on the events it took over and still holds. */
export async function renewOutboxClaims(db: Kysely<DB>, holder: string, leaseUntil: number): Promise<void> {
  await db.updateTable('analytics_outbox').set({ lease_until: leaseUntil }).where('holder', '=', holder).execute();
}

/** Deletes events that have their fate (accepted by PostHog, or given up). */
export async function deleteOutboxRows(db: Kysely<DB>, uuids: string[]): Promise<void> {
  if (uuids.length === 0) return;
  await db.deleteFrom('analytics_outbox').where('uuid', 'in', uuids).execute();
}

/** Deletes every unclaimed event of a channel that is off (they must never be sent); returns how many. */
export async function purgeOutboxChannel(db: Kysely<DB>, channel: AnalyticsOutboxTable['channel'], now: number): Promise<number> {
  const result = await db
    .deleteFrom('analytics_outbox')
    .where('channel', '=', channel)
    .where('lease_until', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countOutboxRows(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('analytics_outbox').select(db.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
