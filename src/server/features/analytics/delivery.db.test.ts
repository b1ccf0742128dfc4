// Delivery through the real posthog-node to a capture server on 127.0.0.1: retries with back-off through an
// outage, final refusals, a bounded queue while PostHog is down, and events undelivered at shutdown stored in the
// database and sent — once, with their uuid and timestamp — by the next start (whichever process that is).
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer, type CapturedEvent } from '../../../../test/capture-server.js';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { loadConfig } from '../../config/config.js';
import { openDatabase } from '../../db/database.js';
import type { DB, UserRow } from '../../db/schema.js';
import { createRuntime, sqliteFileFor, type Runtime } from '../../runtime.js';
import type { AnalyticsOptions } from './analytics.js';
import { expectOnlyBatchUploads, FAST_ANALYTICS } from './analytics.test-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Events of the requests PostHog accepted (2xx): what PostHog keeps. */
const accepted = (cap: CaptureServer): CapturedEvent[] =>
  cap.requests.filter((r) => r.status !== undefined && r.status < 300).flatMap((r) => r.body?.batch ?? []);
/** Everything still queued stays queued (no timer-driven upload) and one upload hangs until shutdown. */
/** The tracked events, without the user's $identify that precedes their first event of the day. */
const tracked = (events: CapturedEvent[]): CapturedEvent[] => events.filter((e) => e.event !== '$identify');
const names = (events: CapturedEvent[]): string[] => events.map((e) => e.event);
const HOLD = { flushAt: 1_000, flushIntervalMs: 600_000, requestTimeoutMs: 30_000, shutdownTimeoutMs: 1_000 } as const;

describe('delivery', () => {
  let cap: CaptureServer;
  let env: TestEnvironment;
  let runtimes: Runtime[];

  beforeEach(async () => {
    cap = await startCaptureServer();
    env = await createTestEnvironment({ POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url });
    runtimes = [];
  });
  afterEach(async () => {
    for (const r of runtimes) await r.close();
    await env.destroy();
    await cap.close();
    expectOnlyBatchUploads(cap);
  });

  async function boot(analytics: Partial<AnalyticsOptions> = {}, extraEnv: Record<string, string> = {}): Promise<Runtime> {
    const runtime = await createRuntime(
      { ...env.env, ...extraEnv },
      { logger: false, analytics: { ...FAST_ANALYTICS, ...analytics }, jobs: { tickMs: 3_600_000 } },
    );
    runtimes.push(runtime);
    return runtime;
  }
  async function stop(runtime: Runtime): Promise<void> {
    await runtime.close();
    runtimes = runtimes.filter((r) => r !== runtime);
  }
  async function addUser(runtime: Runtime, name: string): Promise<UserRow> {
    const now = Math.floor(Date.now() / 1000);
    const db = runtime.ctx.db;
    await db
      .insertInto('users')
      .values({
        username: name,
        username_lower: name,
        password_hash: null,
        role: 'user',
        active: 1,
        auth_method: 'local',
        signup_method: 'admin',
        created_at: now,
        updated_at: now,
      })
      .execute();
    return db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirstOrThrow();
  }
  const track = (runtime: Runtime, user: UserRow, count: number) =>
    runtime.analytics.track('time_entries.bulk_action', { action: 'delete', count }, { user });
  /** The database, opened beside the runtimes (none of them needs to run for it). */
  async function withDb<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const config = loadConfig(env.env);
    const database = await openDatabase({ url: config.DATABASE_URL, sqliteFile: sqliteFileFor(config) });
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  }
  const outbox = () => withDb((db) => db.selectFrom('analytics_outbox').selectAll().orderBy('uuid').execute());
  /** Stores `count` events of `user` (and returns what the hanging upload carried): PostHog hangs at shutdown. */
  async function storeAtShutdown(users: UserRow[] | ((r: Runtime) => Promise<UserRow[]>), count: number) {
    cap.mode = 'hang';
    const runtime = await boot({ ...HOLD, maxBatchSize: 5 });
    const owners = typeof users === 'function' ? await users(runtime) : users;
    for (let i = 0; i < count; i++) track(runtime, owners[i % owners.length]!, i);
    void runtime.analytics.flush(); // one batch goes out and hangs
    await expect.poll(() => cap.requests.length, { timeout: 5_000 }).toBe(1);
    const started = performance.now();
    await runtime.analytics.close();
    expect(performance.now() - started).toBeLessThan(HOLD.shutdownTimeoutMs + 150); // within its budget, storing included
    await stop(runtime);
    cap.mode = 'ok';
    return { inFlight: cap.requests[0]!.body!.batch!, owners };
  }

  // A 60 s outage with back-off from 200 ms capped at 5 s, events every 2 s, played at a tenth of the time: what is
  // asserted (the number of attempts, nothing lost, uuids and timestamps) depends only on the ratios, so the shape
  // is the same as in real time, in 6 s instead of a minute.
  const OUTAGE = { lengthMs: 6_000, trackEveryMs: 200, retryDelayMs: 20, retryMaxDelayMs: 500 } as const;
  it(
    'a 60 s outage (503, then 200; at a tenth of the time) loses nothing: each event arrives once, with its uuid and original timestamp',
    { timeout: 60_000 },
    async () => {
      const runtime = await boot({ retryDelayMs: OUTAGE.retryDelayMs, retryMaxDelayMs: OUTAGE.retryMaxDelayMs });
      const user = await addUser(runtime, 'ann');
      cap.status = 503;
      const outageStarted = Date.now();
      const trackedAt = new Map<number, number>();
      let n = 0;
      while (Date.now() - outageStarted < OUTAGE.lengthMs) {
        for (let k = 0; k < 3; k++) {
          trackedAt.set(n, Date.now());
          track(runtime, user, n++); // never waits, also while PostHog is down
        }
        await sleep(OUTAGE.trackEveryMs);
      }
      const during = cap.requests.length;
      // Seen between two attempts: while one is in flight its batch is out of the queue and no attempt is planned
      // (a few ms each time, a larger share of the shortened back-off than of the real one).
      let status = runtime.analytics.status();
      await expect
        .poll(() => (status = runtime.analytics.status()).delivery.nextAttemptAt, { timeout: 5_000, interval: 5 })
        .not.toBeNull();
      // n events and the user's $identify queued with the first of them (their first event of the day).
      expect(status.counters).toMatchObject({ queued: n + 1, sent: 0, failed: 0, dropped: 0 });
      expect(status.delivery.retrying).toBeGreaterThan(0);
      expect(status.delivery.nextAttemptAt).not.toBeNull();
      // Retried all along, but backing off: not once per event or per flush interval (10 ms), at most ~1 per 0.25 s
      // (half the capped delay: 1 per 2.5 s in real time).
      expect(during).toBeGreaterThan(8);
      expect(during).toBeLessThan(40);
      expect(cap.requests.every((r) => r.status === 503 || r.status === undefined)).toBe(true);

      cap.status = undefined; // PostHog is back: the next scheduled attempt delivers, without any flush()
      await expect.poll(() => accepted(cap).length, { timeout: 15_000, interval: 100 }).toBe(n + 1);
      // The $identify is retried like the events: it arrives once, with the uuid of its first attempt.
      const identifies = accepted(cap).filter((e) => e.event === '$identify');
      expect(identifies).toHaveLength(1);
      expect(cap.requests[0]!.body!.batch![0]).toMatchObject({ event: '$identify', uuid: identifies[0]!.uuid });
      const got = tracked(accepted(cap));
      expect(new Set(got.map((e) => e.uuid)).size).toBe(n);
      expect(got.map((e) => e.properties.count as number).sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
      // The uuid and timestamp PostHog keeps are those of the first (failed) attempt, i.e. of the moment it was tracked.
      const firstSeen = new Map<string, CapturedEvent>();
      for (const request of cap.requests)
        for (const e of request.body?.batch ?? []) if (!firstSeen.has(e.uuid!)) firstSeen.set(e.uuid!, e);
      for (const e of got) {
        expect(e.timestamp).toBe(firstSeen.get(e.uuid!)!.timestamp);
        expect(Math.abs(Date.parse(e.timestamp!) - trackedAt.get(e.properties.count as number)!)).toBeLessThan(1_000);
      }
      // (PostHog's answer reaches the capture server's log a moment before the pump has read it.)
      await expect
        .poll(() => runtime.analytics.status().counters, { timeout: 5_000 })
        .toMatchObject({ queued: n + 1, sent: n + 1, failed: 0, dropped: 0 });
      expect(runtime.analytics.status().delivery).toMatchObject({ retrying: 0, nextAttemptAt: null });
    },
  );

  it('retries 429 and 5xx; a 400 is final: counted as failed, never retried', async () => {
    const runtime = await boot({ retryDelayMs: 50, retryMaxDelayMs: 100 });
    const user = await addUser(runtime, 'bob');
    for (const status of [429, 500]) {
      cap.status = status;
      track(runtime, user, status);
      await expect
        .poll(() => cap.requests.filter((r) => r.status === status).length, { timeout: 5_000 })
        .toBeGreaterThanOrEqual(2);
      cap.status = undefined;
      await expect.poll(() => accepted(cap).filter((e) => e.properties.count === status).length, { timeout: 5_000 }).toBe(1);
    }
    const before = cap.requests.length;
    cap.status = 400;
    for (let i = 0; i < 5; i++) track(runtime, user, i);
    await runtime.analytics.flush();
    await sleep(500); // several back-off periods: nothing is tried again
    expect(cap.requests.length - before).toBe(1);
    cap.status = undefined;
    await runtime.analytics.flush();
    expect(cap.requests.length - before).toBe(1);
    // Seven events and the user's $identify, which went (retried, then accepted) with the 429 one.
    expect(runtime.analytics.status().counters).toMatchObject({ queued: 8, sent: 3, failed: 5, dropped: 0 });
    expect(runtime.analytics.status().delivery.retrying).toBe(0);
  });

  it('gives an event up (failed) once it has been failing for the retry window', async () => {
    const runtime = await boot({ retryDelayMs: 50, retryMaxDelayMs: 50, retryWindowMs: 400 });
    const user = await addUser(runtime, 'cid');
    cap.status = 503;
    track(runtime, user, 1);
    // The event and the user's $identify (queued with their first event of the day) fail in the same uploads.
    await expect.poll(() => runtime.analytics.status().counters.failed, { timeout: 5_000 }).toBe(2);
    const attempts = cap.requests.length;
    expect(attempts).toBeGreaterThanOrEqual(3);
    await sleep(300);
    expect(cap.requests.length).toBe(attempts);
    expect(runtime.analytics.status().counters).toMatchObject({ queued: 2, sent: 0, failed: 2 });
    // The given-up $identify is forgotten: the user's next event identifies them again.
    cap.status = undefined;
    track(runtime, user, 2);
    await runtime.analytics.flush();
    expect(names(accepted(cap))).toEqual(['$identify', 'time_entries.bulk_action']);
  });

  it('a full queue during an outage drops the oldest and counts them; the newest arrive once PostHog is back', async () => {
    const runtime = await boot({
      maxQueueSize: 20,
      maxBatchSize: 10,
      flushAt: 10,
      retryDelayMs: 60_000,
      retryMaxDelayMs: 60_000,
    });
    const user = await addUser(runtime, 'dee');
    cap.status = 503;
    for (let i = 0; i < 10; i++) track(runtime, user, i);
    // The first batch (the user's $identify, queued with their first event of the day, and events 0-8) fails and
    // waits for its retry.
    await runtime.analytics.flush();
    expect(runtime.analytics.status().delivery.retrying).toBe(10);
    expect(names(cap.requests[0]!.body!.batch!)[0]).toBe('$identify');
    for (let i = 10; i < 35; i++) track(runtime, user, i);
    await sleep(200);
    expect(cap.requests).toHaveLength(1); // backing off: a full batch waiting does not trigger an upload
    // The 11 waiting and 25 more in a queue of 20. Pushing event 19 drops the $identify, which the memo then
    // forgets, so event 20 is queued with a new $identify: 37 queued, 17 dropped (the first $identify, events 0-15).
    expect(runtime.analytics.status().counters).toMatchObject({ queued: 37, dropped: 17, failed: 0 });
    expect(runtime.analytics.queueLength).toBe(20);
    cap.status = undefined;
    await runtime.analytics.flush();
    const got = accepted(cap);
    expect(tracked(got).map((e) => e.properties.count)).toEqual([...Array(19).keys()].map((i) => i + 16));
    expect(got.findIndex((e) => e.event === '$identify')).toBe(4); // right before event 20, the user's next event
    expect(runtime.analytics.status().counters).toMatchObject({ queued: 37, sent: 20, dropped: 17, failed: 0 });
  });

  it('stores what is queued and in flight at shutdown (PostHog hanging) and the next start sends it once', async () => {
    const { inFlight } = await storeAtShutdown((r) => addUser(r, 'eve').then((u) => [u]), 12);
    expect(inFlight).toHaveLength(5);
    // The user's $identify (queued with their first event of the day, person properties computed) is stored like
    // the events: it reaches PostHog with the events that follow it, under its uuid.
    expect(names(inFlight)[0]).toBe('$identify');
    const rows = await outbox();
    expect(rows).toHaveLength(13);
    const stored = new Map(rows.map((r) => [r.uuid, JSON.parse(r.payload)]));
    for (const e of inFlight) {
      // Exactly the payload handed to posthog-node: the properties as sent, minus what the SDK adds itself.
      const { $lib, $lib_version, $geoip_disable, $is_server, ...properties } = e.properties;
      expect(stored.get(e.uuid!)).toEqual({ distinctId: e.distinct_id, event: e.event, properties, timestamp: e.timestamp });
      expect([$lib, $geoip_disable, $is_server, typeof $lib_version]).toEqual(['posthog-node', true, true, 'string']);
    }
    for (const payload of stored.values())
      expect(Object.keys(payload).sort()).toEqual(['distinctId', 'event', 'properties', 'timestamp']);
    expect(rows.every((r) => r.holder === null && r.channel === 'product')).toBe(true);

    const next = await boot();
    await next.analytics.flush();
    const got = accepted(cap);
    expect(
      tracked(got)
        .map((e) => e.properties.count as number)
        .sort((a, b) => a - b),
    ).toEqual([...Array(12).keys()]);
    expect(got.filter((e) => e.event === '$identify').map((e) => e.uuid)).toEqual([inFlight[0]!.uuid]);
    for (const e of got) expect(e.timestamp).toBe(stored.get(e.uuid!).timestamp);
    for (const e of inFlight) expect(got.find((g) => g.uuid === e.uuid)?.timestamp).toBe(e.timestamp);
    expect(next.analytics.status().delivery.resumed).toBe(13);
    expect(next.analytics.status().counters).toMatchObject({ queued: 13, sent: 13 });
    await expect.poll(async () => (await outbox()).length, { timeout: 5_000 }).toBe(0);
    await stop(next);
    await (await boot()).analytics.flush();
    expect(accepted(cap)).toHaveLength(13);
  });

  it('sends stored events only while allowed: an opted-out user’s are dropped, a channel switched off deletes them', async () => {
    const { owners } = await storeAtShutdown(async (r) => [await addUser(r, 'fay'), await addUser(r, 'gus')], 8);
    const [fay, gus] = owners as [UserRow, UserRow];
    // 8 events and each user's $identify (queued with their first event of the day; each runtime has its own memo).
    expect(await outbox()).toHaveLength(10);
    const off = await boot({}, { ANALYTICS_ENABLED: 'false' });
    expect(await outbox()).toHaveLength(0); // product analytics off: deleted, never sent
    expect(off.analytics.status().counters.dropped).toBe(10);
    await stop(off);

    await storeAtShutdown([fay, gus], 8);
    expect(await outbox()).toHaveLength(10);
    await withDb((db) => db.updateTable('users').set({ analytics_opt_out: 1 }).where('id', '=', gus.id).execute());
    const next = await boot();
    await next.analytics.flush();
    const got = accepted(cap);
    expect(
      tracked(got)
        .map((e) => e.properties.count as number)
        .sort((a, b) => a - b),
    ).toEqual([0, 2, 4, 6]); // fay's only
    expect(new Set(got.map((e) => e.distinct_id))).toEqual(new Set([next.analytics.distinctIdOf(fay.id)]));
    // Fay's $identify and 4 events are sent; gus's 4 events and his $identify are withheld.
    expect(next.analytics.status().counters).toMatchObject({ queued: 10, sent: 5, suppressed: 5 });
    await expect.poll(async () => (await outbox()).length, { timeout: 5_000 }).toBe(0);
  });

  it('two runtimes on one database take stored events over together and send each once', async () => {
    await storeAtShutdown((r) => addUser(r, 'hal').then((u) => [u]), 30);
    const [a, b] = await Promise.all([boot(), boot()]);
    await Promise.all([a.analytics.resumeStored(), b.analytics.resumeStored()]);
    await Promise.all([a.analytics.flush(), b.analytics.flush()]);
    // 30 events and the user's $identify queued with the first of them.
    const got = accepted(cap);
    expect(got).toHaveLength(31);
    expect(new Set(got.map((e) => e.uuid)).size).toBe(31);
    expect(a.analytics.status().delivery.resumed + b.analytics.status().delivery.resumed).toBe(31);
    await expect.poll(async () => (await outbox()).length, { timeout: 5_000 }).toBe(0);
  });

  it('does not store the install ping: its claim is released and the next start sends it, once', async () => {
    cap.mode = 'hang';
    const first = await boot(HOLD, { ENABLE_TELEMETRY: 'true' });
    void first.analytics.flush();
    await expect.poll(() => cap.events().map((e) => e.event), { timeout: 5_000 }).toContain('telemetry.install');
    await stop(first);
    const rows = await outbox();
    expect(rows.map((r) => JSON.parse(r.payload).event).sort()).toEqual([
      '$groupidentify',
      '$groupidentify',
      '$groupidentify',
      '$identify',
    ]);
    cap.mode = 'ok';
    const next = await boot({}, { ENABLE_TELEMETRY: 'true' });
    await next.analytics.flush();
    expect(accepted(cap).filter((e) => e.event === 'telemetry.install')).toHaveLength(1);
    const installation = await next.ctx.db
      .selectFrom('installation')
      .select(['install_event_sent', 'install_event_holder'])
      .executeTakeFirstOrThrow();
    expect(installation).toEqual({ install_event_sent: 1, install_event_holder: null });
    await stop(next);
    await (await boot({}, { ENABLE_TELEMETRY: 'true' })).analytics.flush();
    expect(accepted(cap).filter((e) => e.event === 'telemetry.install')).toHaveLength(1);
  });
});
