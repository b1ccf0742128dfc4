// The analytics outbox: where a shutting-down process leaves the events it could not deliver in time, and where
// every process (at start-up and on each job tick) takes them over to send them — with their own uuid and
// timestamp, so PostHog deduplicates one that was, after all, received before. Stored is exactly the message
// handed to posthog-node (already checked against the catalog), plus the acting user's id for the opt-out check
// at send time. A process claims rows with a lease (renewed while it holds them) and deletes each one once its
// event has a fate, so a process that dies meanwhile leaves them to the next one instead of losing them.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';
import {
  claimOutboxRows,
  deleteOutboxRows,
  purgeOutboxChannel,
  renewOutboxClaims,
  storeOutboxRows,
  type OutboxRow,
} from './outbox.queries.js';

export type OutboxChannel = 'product' | 'telemetry';

/** One undelivered event: the message as handed to posthog-node, and what the pump needs to send it. */
export interface StoredEvent {
  uuid: string;
  channel: OutboxChannel;
  userId: number | null;
  distinctId: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: Date;
  /** When its first upload failed (ms), if one did: it is retried for the retry window from then. */
  failingSince: number | undefined;
}

export interface OutboxLease {
  /** This process (the scheduler's holder id). */
  holder: string;
  leaseSeconds: number;
}

/** Rows deleted per statement (keeps the parameter list short on both databases). */
const DELETE_CHUNK = 500;

export class Outbox {
  private lease: OutboxLease | undefined;
  private readonly toDelete = new Set<string>();
  private deleting: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = nowSeconds,
  ) {}

  /** Enables taking stored events over (the lease identifies this process). Storing works without it. */
  start(lease: OutboxLease): void {
    this.lease = lease;
  }

  get started(): boolean {
    return this.lease !== undefined;
  }

  /** Stores the events in one statement. */
  async store(events: StoredEvent[]): Promise<void> {
    const storedAt = this.now();
    await storeOutboxRows(
      this.db,
      events.map((e) => ({
        uuid: e.uuid,
        channel: e.channel,
        user_id: e.userId,
        payload: JSON.stringify({
          distinctId: e.distinctId,
          event: e.event,
          properties: e.properties,
          timestamp: e.timestamp.toISOString(),
        }),
        failing_since_ms: e.failingSince ?? null,
        stored_at: storedAt,
        holder: null,
        lease_until: 0,
      })),
    );
  }

  /** Renews this process's claims, then claims up to `limit` more of the given channels, oldest first. */
  async claim(channels: OutboxChannel[], limit: number): Promise<StoredEvent[]> {
    if (!this.lease) return [];
    const { holder, leaseSeconds } = this.lease;
    const now = this.now();
    await renewOutboxClaims(this.db, holder, now + leaseSeconds);
    const rows = await claimOutboxRows(this.db, { holder, now, leaseUntil: now + leaseSeconds, channels, limit });
    const events: StoredEvent[] = [];
    for (const row of rows) {
      const event = parse(row);
      if (event) events.push(event);
      else this.forget(row.uuid); // unreadable: it could never be sent
    }
    return events.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  }

  /** Deletes what was stored for a channel that is off now; returns how many events that were. */
  purge(channel: OutboxChannel): Promise<number> {
    return purgeOutboxChannel(this.db, channel, this.now());
  }

  /** The event has its fate (delivered, or given up): its row goes (batched, in the background). */
  forget(uuid: string): void {
    this.toDelete.add(uuid);
    this.deleting ??= this.deleteAll().finally(() => (this.deleting = undefined));
  }

  /** Resolves once every forgotten row is deleted (or the database refused: the rows are sent again, deduplicated). */
  async settled(): Promise<void> {
    while (this.deleting) await this.deleting;
  }

  private async deleteAll(): Promise<void> {
    while (this.toDelete.size > 0) {
      const chunk = [...this.toDelete].slice(0, DELETE_CHUNK);
      for (const uuid of chunk) this.toDelete.delete(uuid);
      await deleteOutboxRows(this.db, chunk).catch(() => undefined);
    }
  }
}

function parse(row: OutboxRow): StoredEvent | undefined {
  try {
    const payload = JSON.parse(row.payload) as {
      distinctId?: unknown;
      event?: unknown;
      properties?: unknown;
      timestamp?: unknown;
    };
    const timestamp = typeof payload.timestamp === 'string' ? new Date(payload.timestamp) : undefined;
    if (
      typeof payload.distinctId !== 'string' ||
      typeof payload.event !== 'string' ||
      typeof payload.properties !== 'object' ||
      payload.properties === null ||
      !timestamp ||
      Number.isNaN(timestamp.getTime()) ||
      (row.channel !== 'product' && row.channel !== 'telemetry')
    )
      return undefined;
    return {
      uuid: row.uuid,
      channel: row.channel,
      userId: row.user_id === null ? null : Number(row.user_id),
      distinctId: payload.distinctId,
      event: payload.event,
      properties: payload.properties as Record<string, unknown>,
      timestamp,
      failingSince: row.failing_since_ms === null ? undefined : Number(row.failing_since_ms),
    };
  } catch {
    return undefined;
  }
}
