// The live event bus behind GET /api/v1/events. Each process delivers a user's events to its own open streams
// at once; on PostgreSQL it also sends them with NOTIFY, and one dedicated LISTEN connection per process
// (reconnecting with back-off) brings in what the other processes published. On SQLite there is only one
// process, so the bus is in-process only.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { LiveEvent } from './live-events.js';
import { LocalFanout } from './local-fanout.js';

export type LiveListener = (event: LiveEvent) => void;
/** Told that some session or token of the user may have ended (logout, revocation, deactivation, new password). */
export type CredentialWatcher = () => void;
/**
 * Told that a user's row, sessions or tokens changed (null: any user's may have, after a gap in the signals); a
 * credential ending is such a change too. The principal cache drops what it holds of the user.
 */
export type UserWatcher = (userId: number | null) => void;

/** The subset of pino's logger the bus uses (app.log fits). */
export interface LiveLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LiveBus {
  readonly kind: 'in-process' | 'postgres';
  /** Delivers the events to the user's open streams in every process. Never throws; failures are logged. */
  publish(userId: number, events: readonly LiveEvent[]): Promise<void>;
  /** Registers a stream of one user; returns the function that removes it. */
  subscribe(userId: number, listener: LiveListener): () => void;
  /** Open streams in this process. */
  subscriberCount(): number;
  /**
   * Signals "a credential of this user ended" to the user's streams in every process, which then re-check their
   * own session or token at once. Call it after the change committed. Never throws.
   */
  credentialsChanged(userId: number): Promise<void>;
  /** Registers a stream's re-check; returns the function that removes it. */
  watchCredentials(userId: number, watcher: CredentialWatcher): () => void;
  /**
   * Signals "this user's row changed" (profile, preferences, role, a sign-in) to every process, without waking
   * the user's streams (their credential still holds). Call it after the change committed. Never throws.
   */
  userChanged(userId: number): Promise<void>;
  /** Registers a process-wide watcher of user changes (credentialsChanged included); returns its removal. */
  watchUsers(watcher: UserWatcher): () => void;
  /** False while a PostgreSQL bus has no working LISTEN connection (always true in-process). */
  isListening(): boolean;
  setLogger(logger: LiveLogger): void;
  close(): Promise<void>;
}

export const LIVE_CHANNEL = 'tt_live';
/** NOTIFY payloads must stay below 8000 bytes; leave room for the envelope. */
const MAX_PAYLOAD_BYTES = 7500;

export class InProcessLiveBus extends LocalFanout implements LiveBus {
  readonly kind = 'in-process' as const;

  async publish(userId: number, events: readonly LiveEvent[]): Promise<void> {
    this.deliver(userId, events);
  }

  async credentialsChanged(userId: number): Promise<void> {
    this.deliverCredentialsChanged(userId);
  }

  async userChanged(userId: number): Promise<void> {
    this.deliverUserChanged(userId);
  }

  isListening(): boolean {
    return true;
  }

  async close(): Promise<void> {}
}

interface Envelope {
  /** origin: the publishing process, which has already delivered locally */
  o: string;
  u: number;
  e?: LiveEvent[];
  /** 1: "a credential of user u ended"; 2: "user u's row changed" (no events either way) */
  c?: UserSignal;
}

/** What a signal without events says: 1 a credential of the user ended (streams re-check), 2 the user's row changed. */
export type UserSignal = 1 | 2;
export const CREDENTIALS_ENDED: UserSignal = 1;
export const USER_CHANGED: UserSignal = 2;

/** The NOTIFY payload of a credentials-changed (1) or user-changed (2) signal. */
export const credentialsEnvelope = (origin: string, userId: number, signal: UserSignal = CREDENTIALS_ENDED): string =>
  JSON.stringify({ o: origin, u: userId, c: signal } satisfies Envelope);

/**
 * Sends a credentials-changed or user-changed signal to every process through the database alone (for the CLI,
 * which has no bus of its own). The CLI never has streams or a principal cache, so nothing is delivered locally.
 */
export async function notifyUserSignal(db: Kysely<DB>, userId: number, signal: UserSignal): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${credentialsEnvelope(`cli-${randomUUID()}`, userId, signal)})`.execute(db);
}

/** Splits events into NOTIFY payloads below the size limit (one event never comes near it). */
export function packEnvelopes(origin: string, userId: number, events: readonly LiveEvent[]): string[] {
  const payloads: string[] = [];
  let batch: LiveEvent[] = [];
  const encode = (e: LiveEvent[]) => JSON.stringify({ o: origin, u: userId, e } satisfies Envelope);
  for (const event of events) {
    const candidate = [...batch, event];
    if (batch.length > 0 && Buffer.byteLength(encode(candidate)) > MAX_PAYLOAD_BYTES) {
      payloads.push(encode(batch));
      batch = [event];
    } else {
      batch = candidate;
    }
  }
  if (batch.length > 0) payloads.push(encode(batch));
  return payloads;
}

export interface PgLiveBusOptions {
  db: Kysely<DB>;
  /** Connection URL for the dedicated LISTEN connection. */
  url: string;
  /** Longest wait between reconnection attempts (ms). */
  maxBackoffMs?: number;
  /** How often the idle LISTEN connection is probed, to notice a silently dead socket (ms). */
  probeIntervalMs?: number;
}

export class PgLiveBus extends LocalFanout implements LiveBus {
  readonly kind = 'postgres' as const;
  /** Identifies this process's own notifications, which it has already delivered. */
  readonly origin = randomUUID();
  private client: pg.Client | undefined;
  private attempts = 0;
  private everConnected = false;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly maxBackoffMs: number;
  private readonly probeIntervalMs: number;

  constructor(private readonly options: PgLiveBusOptions) {
    super();
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.probeIntervalMs = options.probeIntervalMs ?? 30_000;
  }

  /** First connection attempt; when it fails the bus keeps retrying in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  isListening(): boolean {
    return this.client !== undefined;
  }

  async publish(userId: number, events: readonly LiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.deliver(userId, events);
    try {
      for (const payload of packEnvelopes(this.origin, userId, events)) {
        await sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(this.options.db);
      }
    } catch (error) {
      // The change itself is committed; other processes' tabs miss this event and catch up on their next fetch.
      this.logger.warn({ err: error, user_id: userId }, 'live event not sent to other processes');
    }
  }

  async credentialsChanged(userId: number): Promise<void> {
    this.deliverCredentialsChanged(userId);
    await this.notifyOthers(userId, CREDENTIALS_ENDED);
  }

  async userChanged(userId: number): Promise<void> {
    this.deliverUserChanged(userId);
    await this.notifyOthers(userId, USER_CHANGED);
  }

  private async notifyOthers(userId: number, signal: UserSignal): Promise<void> {
    try {
      await sql`select pg_notify(${LIVE_CHANNEL}, ${credentialsEnvelope(this.origin, userId, signal)})`.execute(this.options.db);
    } catch (error) {
      // Other processes' streams still re-check at their next heartbeat or expiry, their cached principals expire.
      this.logger.warn({ err: error, user_id: userId }, 'credential signal not sent to other processes');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.probeTimer);
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5000,
      application_name: 'timetracker-live',
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL && message.payload) this.received(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn({ err: error, attempt: this.attempts + 1 }, 'live listener could not connect; retrying');
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempts = 0;
    this.startProbe(client);
    if (this.everConnected) {
      this.logger.info({}, 'live listener reconnected');
      // Whatever was published while we were deaf is lost: ask every open stream to refetch.
      this.deliverToAll({ type: 'resync', data: { reason: 'listener_reconnected' } });
      this.deliverCredentialsChangedToAll();
    }
    this.everConnected = true;
  }

  private received(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === this.origin || typeof envelope.u !== 'number') return;
    if (envelope.c === CREDENTIALS_ENDED) {
      this.deliverCredentialsChanged(envelope.u);
      return;
    }
    if (envelope.c === USER_CHANGED) {
      this.deliverUserChanged(envelope.u);
      return;
    }
    if (!this.hasSubscribers(envelope.u) || !Array.isArray(envelope.e)) return;
    this.deliver(envelope.u, envelope.e);
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return; // a failed attempt, or already handled
    this.client = undefined;
    clearInterval(this.probeTimer);
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn({ err: error }, 'live listener lost its database connection; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const base = Math.min(this.maxBackoffMs, 250 * 2 ** this.attempts);
    this.attempts += 1;
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }

  /** An idle LISTEN socket can die without an error (e.g. a dropped network path); a cheap query notices. */
  private startProbe(client: pg.Client): void {
    clearInterval(this.probeTimer);
    this.probeTimer = setInterval(() => {
      if (this.client !== client) return;
      let answered = false;
      const deadline = setTimeout(() => {
        if (!answered) this.lost(client, new Error('live listener probe timed out'));
      }, 5000);
      deadline.unref();
      client.query('select 1').then(
        () => {
          answered = true;
          clearTimeout(deadline);
        },
        (error: unknown) => {
          answered = true;
          clearTimeout(deadline);
          this.lost(client, error);
        },
      );
    }, this.probeIntervalMs);
    this.probeTimer.unref();
  }
}

export async function createLiveBus(input: { kind: 'sqlite' | 'postgres'; db: Kysely<DB>; url?: string }): Promise<LiveBus> {
  if (input.kind === 'postgres' && input.url) {
    const bus = new PgLiveBus({ db: input.db, url: input.url });
    await bus.start();
    return bus;
  }
  return new InProcessLiveBus();
}
