// Two real server processes on one PostgreSQL database: sessions, the login throttle and the running timer are
// shared through the database, and live events cross processes through LISTEN/NOTIFY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgDatabase } from '../harness.js';
import { openSse } from '../../src/server/features/live/sse-client.test-helpers.js';
import { Http, sharedSecret, startAppProcess, type AppProcess } from './processes.js';

const PASSWORD = 'correct horse battery';

describe('two processes on one PostgreSQL database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let a: AppProcess;
  let b: AppProcess;
  let admin: Http;
  let projectId: number;

  beforeAll(async () => {
    database = await createPgDatabase({ empty: true });
    const env = {
      DATABASE_URL: database.url,
      SECRET_KEY: sharedSecret(),
      LOGIN_MAX_ATTEMPTS: '3',
      // Tests send X-Forwarded-For to act from several client addresses.
      TRUST_PROXY: 'loopback',
    };
    // Both start at once on an empty database: the migration lock must let exactly one migrate.
    [a, b] = await Promise.all([startAppProcess('a', env), startAppProcess('b', env)]);
    admin = await Http.setup(a.url, 'admin', PASSWORD);
    projectId = (await admin.post('/projects', { name: 'Shared' })).body.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  }, 30_000);

  it('started both processes on a fresh database with the migrations applied once', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    } finally {
      await client.end();
    }
    expect((await new Http(b.url).get('/info')).body.setup_complete).toBe(true);
  });

  it('accepts a session created on A on B, and a logout on B ends it on A', async () => {
    const onA = await Http.login(a.url, 'admin', PASSWORD);
    const onB = onA.on(b.url);
    expect((await onB.get('/auth/session')).body.user.username).toBe('admin');
    // The CSRF token belongs to the session, not to the process.
    const created = await onB.post('/clients', { name: 'Made on B with a session from A' });
    expect(created.status).toBe(201);
    expect((await onB.post('/auth/logout')).status).toBe(204);
    expect((await onA.get('/auth/session')).body.user).toBeNull();
    expect((await onA.get('/users/me')).status).toBe(401);
  });

  it('counts failed logins across both processes, per account (not per address)', async () => {
    await admin.post('/users', { username: 'victim', password: PASSWORD, role: 'user' });
    const attempt = (target: AppProcess, username: string, password: string, ip: string) =>
      new Http(target.url).post('/auth/login', { username, password }, { 'x-forwarded-for': ip });

    // Three attempts for one name from three addresses, spread over both processes (neither saw three).
    expect((await attempt(a, 'victim', 'wrong-password', '10.0.0.1')).status).toBe(401);
    expect((await attempt(b, 'victim', 'wrong-password', '10.0.0.2')).status).toBe(401);
    expect((await attempt(a, 'victim', 'wrong-password', '10.0.0.3')).status).toBe(401);
    const lockedName = await attempt(b, 'victim', PASSWORD, '10.0.0.4');
    expect(lockedName.status).toBe(429);
    expect(lockedName.body.error.code).toBe('rate_limited');

    // Failures from one address on other names, spread over both processes, lock none of the others.
    for (const [target, name] of [
      [a, 'x1'],
      [b, 'x2'],
      [a, 'x3'],
    ] as const) {
      expect((await attempt(target, name, 'wrong-password', '10.1.0.1')).status).toBe(401);
    }
    expect((await attempt(b, 'admin', PASSWORD, '10.1.0.1')).status).toBe(200);
  });

  it('shows a timer started through A on B’s event stream within a second', async () => {
    const stream = await openSse(b.url, { cookie: `tt_session=${admin.auth.cookie}` });
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e.event === 'ready');
      const started = await admin.post('/timer/start', { project_id: projectId });
      expect(started.status).toBe(201);
      const event = await stream.waitFor((e) => e.event === 'timer.changed' && e.data.timer !== null, 1000);
      expect(event.data.timer).toMatchObject({ id: started.body.timer.id, project_id: projectId, paused: false });

      // B answers with the same timer, and a stop through B reaches a stream on A.
      expect((await admin.on(b.url).get('/timer')).body.timer.id).toBe(started.body.timer.id);
      const onA = await openSse(a.url, { cookie: `tt_session=${admin.auth.cookie}` });
      try {
        await onA.waitFor((e) => e.event === 'ready');
        expect((await admin.on(b.url).post('/timer/stop', {})).status).toBe(200);
        await onA.waitFor((e) => e.event === 'timer.changed' && e.data.timer === null, 1000);
        await stream.waitFor((e) => e.event === 'timer.changed' && e.data.timer === null, 1000);
      } finally {
        onA.close();
      }
    } finally {
      stream.close();
    }
  });

  it('lets only one of simultaneous timer starts through A and B win', async () => {
    const starts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => admin.on(i % 2 ? a.url : b.url).post('/timer/start', { project_id: projectId })),
    );
    expect(starts.filter((r) => r.status === 201)).toHaveLength(1);
    expect(starts.filter((r) => r.status === 409).every((r) => r.body.error.code === 'timer_already_running')).toBe(true);
    expect(starts.filter((r) => r.status === 409)).toHaveLength(9);
    expect((await admin.post('/timer/stop', {})).status).toBe(200);
  });
});
