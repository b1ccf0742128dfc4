import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';
import { createSession } from '../auth/sessions.js';

type Recorded = { event: string; properties: Record<string, unknown> };

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Replaces the app's analytics sink with one that records what features track. */
function recordAnalytics(t: TestApp): Recorded[] {
  const events: Recorded[] = [];
  t.runtime.ctx.analytics = { track: (event, properties) => events.push({ event, properties }), identifyUser: () => undefined };
  return events;
}

describe('the signed-in user', () => {
  let t: TestApp;
  let admin: ApiClient;
  beforeEach(async () => {
    t = await startTestApp({ TZ: 'Europe/Berlin', ROUNDING_MINUTES: '15' });
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers GET /users/me for a session and for a token with read:users, 403 for other tokens, 401 for nobody', async () => {
    const me = await admin.get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin', active: true, auth_method: 'local', full_name: null });
    expect(me.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const scopes of [['read:users'], ['read:*'], ['admin:all']]) {
      expect((await (await t.tokenClient(admin, scopes)).get('/users/me')).body.id).toBe(me.body.id);
    }
    for (const scopes of [['read:projects'], ['read:time_entries', 'write:time_entries'], ['write:*'], ['read:reports']]) {
      const token = await t.tokenClient(admin, scopes);
      const res = await token.get('/users/me');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('read:users');
      expect((await token.get('/users/me/preferences')).status).toBe(200);
      // The session endpoint does not leak the profile either.
      expect((await token.get('/auth/session')).body).toEqual({ user: null, csrf_token: null });
    }
    expect((await (await t.tokenClient(admin, ['read:users'])).get('/auth/session')).body.user.id).toBe(me.body.id);
    expect((await t.anonymous.get('/users/me')).status).toBe(401);
    const doc = (await t.anonymous.get('/api/docs/json')).body;
    expect(doc.paths['/api/v1/users/me'].get.description).toContain('read:users');
  });

  it('changes full name and e-mail, normalises an empty name to null, and validates', async () => {
    const res = await admin.patch('/users/me', { full_name: '  Ada Lovelace ', email: 'ada@example.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ full_name: 'Ada Lovelace', email: 'ada@example.com' });
    expect((await admin.patch('/users/me', { full_name: '' })).body.full_name).toBeNull();
    expect((await admin.get('/users/me')).body).toMatchObject({ full_name: null, email: 'ada@example.com' });

    const bad = await admin.patch('/users/me', { email: 'not-an-address', role: 'user' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['email', 'role']);
  });

  it('refuses profile, preference and password changes through tokens and without CSRF', async () => {
    const token = await t.tokenClient(admin, ['admin:all']);
    for (const [url, body] of [
      ['/users/me', { full_name: 'x' }],
      ['/users/me/preferences', { theme: 'dark' }],
    ] as const) {
      const res = await token.patch(url, body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(
      (await token.post('/users/me/password', { current_password: TEST_PASSWORD, new_password: 'another-password' })).status,
    ).toBe(403);
    const noCsrf = new ApiClient(t.runtime, { cookie: admin.auth.cookie });
    expect((await noCsrf.patch('/users/me', { full_name: 'x' })).body.error.code).toBe('csrf_failed');
    expect((await admin.get('/users/me')).body.full_name).toBeNull();
  });
});

describe('preferences', () => {
  let t: TestApp;
  let user: ApiClient;
  let events: Recorded[];
  beforeEach(async () => {
    t = await startTestApp({ TZ: 'Europe/Berlin', ROUNDING_MINUTES: '15' });
    const admin = await t.setupAdmin();
    user = await t.createUser(admin, 'mia');
    events = recordAnalytics(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('starts from the instance defaults', async () => {
    const res = await user.get('/users/me/preferences');
    expect(res.body).toEqual({
      theme: 'system',
      language: 'en',
      timezone: 'Europe/Berlin',
      date_format: 'YYYY-MM-DD',
      time_format: '24h',
      week_start: 1,
      rounding_minutes: 15,
      rounding_method: 'nearest',
      standard_hours_per_day: 8,
      weekly_goal_hours: null,
      analytics_opt_out: false,
      min_timer_seconds: 60,
      report_rounding: 'none',
      report_rounding_minutes: 15,
      report_rounding_method: 'nearest',
      pinned_project_ids: [],
    });
  });

  it('applies any subset, stores canonical language and zone names, and tracks only the changed names', async () => {
    const res = await user.patch('/users/me/preferences', {
      theme: 'dark',
      language: 'DE-de',
      timezone: 'america/new_york',
      week_start: 0,
      rounding_minutes: 15, // unchanged: not reported
      standard_hours_per_day: 7.5,
      weekly_goal_hours: 37.5,
      analytics_opt_out: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      theme: 'dark',
      language: 'de-DE',
      timezone: 'America/New_York',
      week_start: 0,
      rounding_minutes: 15,
      standard_hours_per_day: 7.5,
      weekly_goal_hours: 37.5,
      analytics_opt_out: true,
      date_format: 'YYYY-MM-DD',
    });
    expect((await user.get('/users/me/preferences')).body).toEqual(res.body);
    expect((await user.get('/users/me')).body.preferences).toEqual(res.body);
    expect(events).toEqual([
      {
        event: 'preferences.updated',
        properties: {
          fields: [
            'theme',
            'language',
            'timezone',
            'week_start',
            'standard_hours_per_day',
            'weekly_goal_hours',
            'analytics_opt_out',
          ],
        },
      },
    ]);

    events.length = 0;
    expect((await user.patch('/users/me/preferences', { theme: 'dark' })).status).toBe(200);
    expect(events).toEqual([]); // nothing changed, nothing tracked
    expect((await user.patch('/users/me/preferences', { weekly_goal_hours: null })).body.weekly_goal_hours).toBeNull();
    expect(events).toEqual([{ event: 'preferences.updated', properties: { fields: ['weekly_goal_hours'] } }]);
  });

  it.each([
    ['theme', 'blue'],
    ['language', 'en_US'],
    ['language', ''],
    ['timezone', 'Mars/Olympus_Mons'],
    ['timezone', '+01:00'],
    ['date_format', 'YY-MM-DD'],
    ['time_format', '24'],
    ['week_start', 7],
    ['week_start', 1.5],
    ['rounding_minutes', 7],
    ['rounding_minutes', '15'],
    ['rounding_method', 'sideways'],
    ['standard_hours_per_day', 0],
    ['standard_hours_per_day', 24.5],
    ['weekly_goal_hours', 0],
    ['weekly_goal_hours', 169],
    ['analytics_opt_out', 'yes'],
    ['min_timer_seconds', -1],
    ['min_timer_seconds', 3601],
    ['min_timer_seconds', 1.5],
    ['report_rounding', 'week'],
    ['report_rounding_minutes', 7],
    ['report_rounding_method', 'ceil'],
    ['favourite_colour', 'green'],
  ])('refuses %s = %j with validation_failed naming the field', async (field, value) => {
    const before = (await user.get('/users/me/preferences')).body;
    const res = await user.patch('/users/me/preferences', { [field]: value });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual([field]);
    expect((await user.get('/users/me/preferences')).body).toEqual(before);
  });

  it('accepts the boundary values', async () => {
    const res = await user.patch('/users/me/preferences', {
      standard_hours_per_day: 24,
      weekly_goal_hours: 168,
      week_start: 6,
      rounding_minutes: 60,
      min_timer_seconds: 3600,
      report_rounding: 'day',
      report_rounding_minutes: 6,
      report_rounding_method: 'up',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      standard_hours_per_day: 24,
      weekly_goal_hours: 168,
      week_start: 6,
      rounding_minutes: 60,
      min_timer_seconds: 3600,
      report_rounding: 'day',
      report_rounding_minutes: 6,
      report_rounding_method: 'up',
    });
    expect((await user.patch('/users/me/preferences', { min_timer_seconds: 0 })).body.min_timer_seconds).toBe(0);
  });

  it('lets a token read the preferences', async () => {
    const token = await t.tokenClient(user, ['read:time_entries']);
    expect((await token.get('/users/me/preferences')).body.timezone).toBe('Europe/Berlin');
  });
});

describe('changing the password', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  it('ends every other session, keeps this one, and swaps the password', async () => {
    const here = await t.login('admin', TEST_PASSWORD);
    const elsewhere = await t.login('admin', TEST_PASSWORD);
    const res = await here.post('/users/me/password', { current_password: TEST_PASSWORD, new_password: 'a brand new secret' });
    expect(res.status).toBe(204);
    expect((await here.get('/users/me')).status).toBe(200);
    expect((await elsewhere.get('/users/me')).status).toBe(401);
    expect((await t.anonymous.post('/auth/login', { username: 'admin', password: TEST_PASSWORD })).status).toBe(401);
    await t.login('admin', 'a brand new secret');
  });

  it('answers 400 on current_password when it is wrong and on new_password when too short', async () => {
    const admin = await t.login('admin', TEST_PASSWORD);
    const other = await t.login('admin', TEST_PASSWORD);
    const wrong = await admin.post('/users/me/password', {
      current_password: 'not the password',
      new_password: 'a brand new secret',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields).toHaveProperty('current_password');
    const short = await admin.post('/users/me/password', { current_password: TEST_PASSWORD, new_password: '1234567' });
    expect(short.status).toBe(400);
    expect(Object.keys(short.body.error.details.fields)).toEqual(['new_password']);
    // nothing changed: the old password and the other session still work
    expect((await other.get('/users/me')).status).toBe(200);
    await t.login('admin', TEST_PASSWORD);
  });

  it('limits password attempts: the 11th within a minute is 429 in the error shape', async () => {
    const admin = await t.login('admin', TEST_PASSWORD);
    const attempt = () =>
      admin.post('/users/me/password', { current_password: 'guess-guess', new_password: 'a brand new secret' });
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/Try again in \d+ s/),
      details: { retry_after_seconds: expect.any(Number) },
    });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('explains that single sign-on accounts have no password', async () => {
    const admin = await t.login('admin', TEST_PASSWORD);
    const created = await admin.post('/users', { username: 'sso-only', role: 'user' });
    expect(created.body.auth_method).toBe('oidc');
    // SSO login is not part of this feature; a session is opened directly, as the SSO callback would.
    const session = await createSession(t.runtime.ctx.db, { userId: created.body.id, authMethod: 'oidc', lifetimeHours: 1 });
    const ssoUser = new ApiClient(t.runtime, { cookie: session.cookieValue, csrf: session.csrfToken });
    const res = await ssoUser.post('/users/me/password', { current_password: 'anything', new_password: 'a brand new secret' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/single sign-on/);
  });
});

describe('user administration', () => {
  let t: TestApp;
  let admin: ApiClient;
  let events: Recorded[];
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
    events = recordAnalytics(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates users: 201, case-insensitive 409 username_taken, signup_method admin, tracked without names', async () => {
    const res = await admin.post('/users', {
      username: 'Bob',
      password: TEST_PASSWORD,
      full_name: 'Bob B',
      email: 'bob@example.com',
      role: 'user',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'Bob',
      full_name: 'Bob B',
      email: 'bob@example.com',
      role: 'user',
      active: true,
      auth_method: 'local',
    });
    const row = await t.runtime.ctx.db.selectFrom('users').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.signup_method).toBe('admin');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // The admin's action is the admin's event; bob's own first sign-in is his sign-up (and only the first).
    expect(events).toEqual([{ event: 'user.created', properties: { signup_method: 'admin' } }]);
    await t.login('bob', TEST_PASSWORD);
    await t.login('bob', TEST_PASSWORD);
    expect(events.slice(1)).toEqual([
      { event: 'user.signed_up', properties: { signup_method: 'admin' } },
      { event: 'auth.login', properties: { auth_method: 'local' } },
      { event: 'auth.login', properties: { auth_method: 'local' } },
    ]);

    const dup = await admin.post('/users', { username: 'BOB', password: TEST_PASSWORD, role: 'user' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('username_taken');
  });

  it('validates new users', async () => {
    const res = await admin.post('/users', {
      username: 'has space',
      password: 'short',
      role: 'owner',
      email: 'nope',
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['email', 'extra', 'password', 'role', 'username']);
  });

  it('creates password-less users who cannot sign in with a password', async () => {
    const res = await admin.post('/users', { username: 'sso', role: 'user' });
    expect(res.status).toBe(201);
    expect(res.body.auth_method).toBe('oidc');
    const login = await t.anonymous.post('/auth/login', { username: 'sso', password: 'whatever-password' });
    expect(login.status).toBe(401);
  });

  it('lists users by id with a working cursor, and shows one user', async () => {
    for (const name of ['u1', 'u2', 'u3']) await admin.post('/users', { username: name, password: TEST_PASSWORD, role: 'user' });
    const first = await admin.get('/users?limit=2');
    expect(first.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'u1']);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await admin.get(`/users?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items.map((u: { username: string }) => u.username)).toEqual(['u2', 'u3']);
    expect(second.body.next_cursor).toBeNull();
    expect((await admin.get('/users?cursor=garbage')).status).toBe(400);
    expect((await admin.get('/users?limit=501')).status).toBe(400);

    const u2 = second.body.items[0];
    expect((await admin.get(`/users/${u2.id}`)).body).toEqual(u2);
    expect((await admin.get('/users/999999')).status).toBe(404);
    expect((await admin.get('/users/abc')).status).toBe(400);
  });

  it('keeps administration to admins, and to tokens with the right scope', async () => {
    const user = await t.createUser(admin, 'plain');
    const userId = (await user.get('/users/me')).body.id;
    expect((await user.get('/users')).status).toBe(403);
    expect((await user.get(`/users/${userId}`)).status).toBe(403);
    expect((await user.post('/users', { username: 'x', role: 'admin' })).status).toBe(403);
    expect((await user.patch(`/users/${userId}`, { role: 'admin' })).status).toBe(403);
    // a non-admin's token never passes an admin route, whatever its scope
    const userToken = await t.tokenClient(user, ['read:users']);
    expect((await userToken.get('/users')).status).toBe(403);

    const reader = await t.tokenClient(admin, ['read:users']);
    expect((await reader.get('/users')).body.items).toHaveLength(2);
    expect((await reader.post('/users', { username: 'x', role: 'user' })).status).toBe(403);
    expect((await reader.patch(`/users/${userId}`, { role: 'admin' })).status).toBe(403);
    const projectsOnly = await t.tokenClient(admin, ['read:projects', 'write:projects']);
    expect((await projectsOnly.get('/users')).status).toBe(403);

    const full = await t.tokenClient(admin, ['admin:all']);
    expect((await full.patch(`/users/${userId}`, { role: 'admin', full_name: 'P' })).body).toMatchObject({
      role: 'admin',
      full_name: 'P',
    });
  });

  it('deactivation ends sessions, revokes tokens and stops logins; reactivation lets the user back in, not the tokens', async () => {
    const user = await t.createUser(admin, 'leaver');
    const token = await t.tokenClient(user, ['read:*']);
    const id = (await user.get('/users/me')).body.id;

    const res = await admin.patch(`/users/${id}`, { active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    const sessions = await t.runtime.ctx.db.selectFrom('sessions').select('id_hash').where('user_id', '=', id).execute();
    expect(sessions).toEqual([]);
    expect((await user.get('/users/me')).status).toBe(401);
    expect((await token.get('/users/me')).status).toBe(401);
    // With the right password the user learns the account is deactivated (a wrong one says nothing of the sort).
    const refused = await t.anonymous.post('/auth/login', { username: 'leaver', password: TEST_PASSWORD });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'account_deactivated']);

    expect((await admin.patch(`/users/${id}`, { active: true })).body.active).toBe(true);
    expect((await token.get('/users/me')).status).toBe(401);
    await t.login('leaver', TEST_PASSWORD);
  });

  it('never leaves the installation without an active admin', async () => {
    const me = (await admin.get('/users/me')).body.id;
    const demoteSelf = await admin.patch(`/users/${me}`, { role: 'user' });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.error.code).toBe('last_admin');
    const deactivateSelf = await admin.patch(`/users/${me}`, { active: false });
    expect(deactivateSelf.status).toBe(409);
    expect(deactivateSelf.body.error.code).toBe('cannot_deactivate_self');

    const second = await t.createUser(admin, 'second', 'admin');
    const secondId = (await second.get('/users/me')).body.id;
    // an inactive admin does not count
    expect((await admin.patch(`/users/${secondId}`, { active: false })).status).toBe(200);
    expect((await admin.patch(`/users/${me}`, { role: 'user' })).body.error.code).toBe('last_admin');
    // with another active admin, demoting yourself is fine
    expect((await admin.patch(`/users/${secondId}`, { active: true })).status).toBe(200);
    expect((await admin.patch(`/users/${me}`, { role: 'user' })).body.role).toBe('user');
    expect((await admin.get('/users')).status).toBe(403);
    const back = await t.login('second', TEST_PASSWORD);
    expect((await back.patch(`/users/${secondId}`, { role: 'user' })).body.error.code).toBe('last_admin');
    expect((await back.patch(`/users/${me}`, { role: 'admin' })).body.role).toBe('admin');
  });

  it('keeps one admin when two admins demote each other at the same time', async () => {
    const other = await t.createUser(admin, 'other', 'admin');
    const me = (await admin.get('/users/me')).body.id;
    const otherId = (await other.get('/users/me')).body.id;
    const demoteEachOther = () =>
      Promise.all([admin.patch(`/users/${otherId}`, { role: 'user' }), other.patch(`/users/${me}`, { role: 'user' })]);
    let results;
    if (t.runtime.database.kind === 'postgres') {
      // Make the race certain: hold both rows in another transaction until both requests wait on them, then let go.
      const blocker = new pg.Client({ connectionString: t.env.env.DATABASE_URL });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('update users set updated_at = updated_at where id in ($1, $2)', [me, otherId]);
        const pending = demoteEachOther();
        await waitFor(async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(t.runtime.ctx.db);
          return rows[0]?.n === 2;
        });
        await blocker.query('commit');
        results = await pending;
      } finally {
        await blocker.end();
      }
    } else {
      results = await demoteEachOther(); // SQLite runs one transaction at a time
    }
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).every((r) => [403, 409].includes(r.status))).toBe(true);
    const admins = await t.runtime.ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .execute();
    expect(admins).toHaveLength(1);
  });

  it('refuses bad patches', async () => {
    const res = await admin.patch('/users/1', { role: 'root', active: 'no', username: 'renamed' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['active', 'role', 'username']);
    expect((await admin.patch('/users/424242', { full_name: 'x' })).status).toBe(404);
  });
});
