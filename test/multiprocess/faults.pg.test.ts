// Faults with two real server processes on a private PostgreSQL cluster: the database stops for 10 s under
// load, and a process dies with SIGKILL in the middle of a request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openSse } from '../../src/server/features/live/sse-client.test-helpers.js';
import { startPgCluster, type PgCluster } from './pg-cluster.js';
import { eventually, Http, sharedSecret, startAppProcess, type AppProcess } from './processes.js';

const PASSWORD = 'correct horse battery';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates users through the API, each with a read/write time-entries token. */
async function createUsers(admin: Http, count: number, prefix: string): Promise<{ id: number; token: string }[]> {
  const users: { id: number; token: string }[] = [];
  for (let i = 0; i < count; i++) {
    const username = `${prefix}${i}`;
    const created = await admin.post('/users', { username, password: PASSWORD, role: 'user' });
    if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`);
    const session = await Http.login(admin.baseUrl, username, PASSWORD, { 'x-forwarded-for': `10.20.${i >> 8}.${i & 255}` });
    const token = await session.post('/tokens', { name: 'fault test', scopes: ['read:time_entries', 'write:time_entries'] });
    users.push({ id: created.body.id, token: token.body.token });
  }
  return users;
}

interface Outcome {
  op: 'start' | 'stop' | 'list';
  process: string;
  status: number;
  code?: string;
  entryId?: number;
  endTime?: string;
  at: number;
}

/** One user's loop over both processes: start, stop, list, …; retries the same step after a failure. */
async function userLoop(
  user: { token: string },
  targets: AppProcess[],
  projectId: number,
  outcomes: Outcome[],
  running: () => boolean,
) {
  let next: 'start' | 'stop' | 'list' = 'start';
  let turn = 0;
  while (running()) {
    const target = targets[turn++ % targets.length]!;
    const http = new Http(target.url, { token: user.token });
    let res;
    try {
      res =
        next === 'start'
          ? await http.post('/timer/start', { project_id: projectId })
          : next === 'stop'
            ? await http.post('/timer/stop', {})
            : await http.get('/time-entries?limit=20');
    } catch {
      outcomes.push({ op: next, process: target.name, status: 0, at: Date.now() });
      await sleep(100);
      continue;
    }
    const body = res.body as any;
    outcomes.push({
      op: next,
      process: target.name,
      status: res.status,
      code: body?.error?.code,
      entryId: next === 'start' ? body?.timer?.id : next === 'stop' ? body?.time_entry?.id : undefined,
      endTime: next === 'stop' ? body?.time_entry?.end_time : undefined,
      at: Date.now(),
    });
    if (res.status >= 500) {
      await sleep(100);
      continue;
    }
    if (next === 'start')
      next = 'stop'; // 201, or 409 timer_already_running (an earlier start committed)
    else if (next === 'stop')
      next = 'list'; // 200, or 409 no_running_timer
    else next = 'start';
  }
}

describe('faults: database outage and killed processes', () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  }, 30_000);

  it('answers 503 database_unavailable while PostgreSQL is down for 10 s, writes nothing half, and recovers by itself', async () => {
    const url = await cluster.createDatabase('tt_outage');
    const env = { DATABASE_URL: url, SECRET_KEY: sharedSecret(), TRUST_PROXY: 'loopback' };
    const [a, b] = await Promise.all([startAppProcess('a', env), startAppProcess('b', env)]);
    try {
      const admin = await Http.setup(a.url, 'admin', PASSWORD);
      const projectId = (await admin.post('/projects', { name: 'Outage' })).body.id as number;
      const users = await createUsers(admin, 8, 'outage');
      const stream = await openSse(b.url, { authorization: `Bearer ${users[0]!.token}` });
      await stream.waitFor((e) => e.event === 'ready');

      const outcomes: Outcome[] = [];
      let loading = true;
      const loops = users.map((u) => userLoop(u, [a, b], projectId, outcomes, () => loading));

      await sleep(2000);
      const downAt = Date.now();
      await cluster.stop();
      const stoppedAt = Date.now();
      const healthDuringOutage: number[] = [];
      while (Date.now() - stoppedAt < 10_000) {
        for (const p of [a, b])
          healthDuringOutage.push(
            await new Http(p.url).get('/health').then(
              (r) => r.status,
              () => 0,
            ),
          );
        await sleep(500);
      }
      await cluster.start();
      const upAt = Date.now();
      // Both processes notice on their own: no restart, no signal.
      for (const p of [a, b]) {
        await eventually(async () => (await new Http(p.url).get('/health')).status === 200, 30_000, `${p.name} healthy again`);
      }
      await sleep(3000);
      loading = false;
      await Promise.all(loops);
      // Stop whatever timer a loop left running, recording the answers like the loops do.
      for (const [i, u] of users.entries()) {
        const target = i % 2 ? a : b;
        const res = await new Http(target.url, { token: u.token }).post('/timer/stop', {});
        outcomes.push({
          op: 'stop',
          process: target.name,
          status: res.status,
          code: res.body?.error?.code,
          entryId: res.body?.time_entry?.id,
          endTime: res.body?.time_entry?.end_time,
          at: Date.now(),
        });
      }

      expect(a.child.exitCode).toBeNull();
      expect(b.child.exitCode).toBeNull();
      expect(healthDuringOutage.every((s) => s === 503)).toBe(true);

      // Every answer was a success, an expected conflict, or 503 database_unavailable — never a 500 or a dropped connection.
      const failures = outcomes.filter((o) => o.status >= 500 || o.status === 0);
      expect(failures.filter((o) => o.status !== 503 || o.code !== 'database_unavailable')).toEqual([]);
      const during = failures.filter((o) => o.at >= downAt);
      expect(during.length).toBeGreaterThan(0);
      expect(new Set(during.map((o) => o.process))).toEqual(new Set(['a', 'b']));
      expect(
        outcomes
          .filter((o) => o.status === 409)
          .every((o) => o.code === 'timer_already_running' || o.code === 'no_running_timer'),
      ).toBe(true);

      // After the database is back every kind of request succeeds again on both processes.
      const after = outcomes.filter((o) => o.at > upAt + 2000);
      for (const op of ['start', 'stop', 'list'] as const) {
        for (const p of ['a', 'b']) expect(after.some((o) => o.op === op && o.process === p && o.status < 300)).toBe(true);
      }
      expect(after.filter((o) => o.status >= 500)).toEqual([]);

      // The event stream on B survived: its listener reconnected, asked for a resync, and events flow again.
      await stream.waitFor((e) => e.event === 'resync', 15_000);
      const resyncAt = stream.events.find((e) => e.event === 'resync')!.at;
      const probe = new Http(a.url, { token: users[0]!.token });
      const probeStart = await probe.post('/timer/start', { project_id: projectId });
      expect(probeStart.status).toBe(201);
      await stream.waitFor(
        (e) => e.event === 'timer.changed' && e.at > resyncAt && e.data.timer?.id === probeStart.body.timer.id,
        3000,
      );
      stream.close();
      const probeStop = await probe.post('/timer/stop', {});
      expect(probeStop.status).toBe(200);
      outcomes.push({
        op: 'stop',
        process: 'a',
        status: 200,
        entryId: probeStop.body.time_entry.id,
        endTime: probeStop.body.time_entry.end_time,
        at: Date.now(),
      });

      // Nothing half-written, nothing lost, nothing doubled.
      const rows = await withClient(
        url,
        async (c) =>
          (
            await c.query<{ id: number; user_id: number; end_time: string | null; duration_seconds: string | null }>(
              'select id, user_id, end_time, duration_seconds from time_entries',
            )
          ).rows,
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const r of rows) {
        expect(r.end_time === null).toBe(r.duration_seconds === null); // finished entries are complete
      }
      expect(rows.filter((r) => r.end_time === null)).toEqual([]); // every timer was stopped in the end
      for (const o of outcomes.filter((x) => x.op === 'start' && x.status === 201)) expect(byId.has(o.entryId!)).toBe(true);
      const okStops = outcomes.filter((o) => o.op === 'stop' && o.status === 200);
      expect(new Set(okStops.map((o) => o.entryId)).size).toBe(okStops.length); // no entry was stopped twice
      for (const o of okStops) {
        const row = byId.get(o.entryId!);
        expect(row?.end_time).not.toBeNull();
        expect(new Date(Number(row!.end_time) * 1000).toISOString().replace('.000', '')).toBe(o.endTime);
      }
      // Finished entries: at least the acknowledged stops, at most those plus stops whose answer was lost in the outage.
      const unknownStops = outcomes.filter((o) => o.op === 'stop' && o.status === 503).length;
      expect(rows.length).toBeGreaterThanOrEqual(okStops.length);
      expect(rows.length).toBeLessThanOrEqual(okStops.length + unknownStops);
    } finally {
      for (const p of [a, b])
        if (p.child.exitCode !== null || p.child.signalCode !== null) console.error(`${p.name} died:\n${p.stderr()}`);
      await Promise.all([a.stop(), b.stop()]);
      await cluster.start().catch(() => undefined); // already running unless the test failed mid-outage
    }
  }, 180_000);

  describe('a process killed with SIGKILL mid-request', () => {
    let url: string;
    let a: AppProcess;
    let b: AppProcess;
    let admin: Http;
    let projectId: number;
    let env: Record<string, string>;

    beforeAll(async () => {
      url = await cluster.createDatabase('tt_sigkill');
      env = { DATABASE_URL: url, SECRET_KEY: sharedSecret(), TRUST_PROXY: 'loopback' };
      // PGAPPNAME tags A's pool connections, so the test can see them in pg_stat_activity.
      [a, b] = await Promise.all([startAppProcess('a', { ...env, PGAPPNAME: 'tt-proc-a' }), startAppProcess('b', env)]);
      admin = await Http.setup(b.url, 'admin', PASSWORD);
      projectId = (await admin.post('/projects', { name: 'Killed' })).body.id;
    }, 120_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    }, 30_000);

    /** Waits until A's database session is blocked on a lock, i.e. A is inside its transaction, mid-request. */
    const aBlockedOnLock = (c: pg.Client) =>
      eventually(
        async () =>
          (await c.query(`select 1 from pg_stat_activity where application_name = 'tt-proc-a' and wait_event_type = 'Lock'`))
            .rowCount === 1,
        10_000,
        'A blocked inside its transaction',
      );
    const aSessionsGone = (c: pg.Client) =>
      eventually(
        async () =>
          (await c.query(`select 1 from pg_stat_activity where application_name = 'tt-proc-a' and xact_start is not null`))
            .rowCount === 0,
        10_000,
        'A’s transactions gone',
      );

    it('leaves no partial bulk update', async () => {
      const [user] = await createUsers(admin, 1, 'bulk');
      const { ids, blockerTag, lastId } = await withClient(url, async (c) => {
        const inserted = await c.query<{ id: number }>(
          `insert into time_entries (user_id, project_id, start_time, end_time, duration_seconds, billable, source, created_at, updated_at)
           select $1, $2, 1700000000 + g * 7200, 1700000000 + g * 7200 + 3600, 3600, 1, 'manual', 1700000000, 1700000000
           from generate_series(1, 300) g returning id`,
          [user!.id, projectId],
        );
        const tag = await c.query<{ id: number }>(
          `insert into tags (user_id, name, name_lower) values ($1, 'blocker', 'blocker') returning id`,
          [user!.id],
        );
        const all = inserted.rows.map((r) => r.id).sort((x, y) => x - y);
        return { ids: all, blockerTag: tag.rows[0]!.id, lastId: all[all.length - 1]! };
      });

      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        // An uncommitted link of the last entry to "blocker": A's insert of the same pair must wait for it,
        // after A has already created the new tag and linked other entries inside its transaction.
        await holder.query('begin');
        await holder.query('insert into time_entry_tags (time_entry_id, tag_id) values ($1, $2)', [lastId, blockerTag]);
        const request = new Http(a.url, { token: user!.token })
          .post('/time-entries/bulk', { ids, action: 'add_tags', value: ['fresh-tag', 'blocker'] })
          .catch((error: unknown) => error);
        await aBlockedOnLock(holder);
        await a.kill();
        expect(await request).toBeInstanceOf(Error); // the client saw the connection die
        await holder.query('rollback');
        await aSessionsGone(holder);

        const tags = await holder.query(`select name from tags where user_id = $1 order by name`, [user!.id]);
        expect(tags.rows).toEqual([{ name: 'blocker' }]); // the tag A created is gone with its transaction
        expect((await holder.query('select count(*)::int as n from time_entry_tags')).rows[0].n).toBe(0);
        expect(
          (
            await holder.query('select count(*)::int as n from time_entries where user_id = $1 and updated_at <> 1700000000', [
              user!.id,
            ])
          ).rows[0].n,
        ).toBe(0);

        // The client retries on B: all or nothing, and now all.
        const retry = await new Http(b.url, { token: user!.token }).post('/time-entries/bulk', {
          ids,
          action: 'add_tags',
          value: ['fresh-tag', 'blocker'],
        });
        expect(retry.status).toBe(200);
        expect(retry.body).toMatchObject({ updated: 300 });
        expect((await holder.query('select count(*)::int as n from time_entry_tags')).rows[0].n).toBe(600);
      } finally {
        await holder.end();
      }
    }, 60_000);

    it('leaves no duplicated running timer', async () => {
      a = await startAppProcess('a', { ...env, PGAPPNAME: 'tt-proc-a' });
      const [user] = await createUsers(admin, 1, 'timer');
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        // Another uncommitted running timer of the same user: A's insert waits on the one-running-timer index.
        await holder.query('begin');
        await holder.query(
          `insert into time_entries (user_id, project_id, start_time, billable, source, created_at, updated_at)
           values ($1, $2, 1700000000, 1, 'timer', 1700000000, 1700000000)`,
          [user!.id, projectId],
        );
        const request = new Http(a.url, { token: user!.token })
          .post('/timer/start', { project_id: projectId })
          .catch((error: unknown) => error);
        await aBlockedOnLock(holder);
        await a.kill();
        expect(await request).toBeInstanceOf(Error);
        await holder.query('rollback');
        await aSessionsGone(holder);

        // The client retries on B and gets the one and only running timer.
        const retry = await new Http(b.url, { token: user!.token }).post('/timer/start', { project_id: projectId });
        expect(retry.status).toBe(201);
        const rows = await holder.query<{ id: number; end_time: string | null }>(
          'select id, end_time from time_entries where user_id = $1',
          [user!.id],
        );
        expect(rows.rows).toEqual([{ id: retry.body.timer.id, end_time: null }]);
        const again = await new Http(b.url, { token: user!.token }).post('/timer/start', { project_id: projectId });
        expect(again.body.error.code).toBe('timer_already_running');
      } finally {
        await holder.end();
      }
    }, 60_000);
  });
});
