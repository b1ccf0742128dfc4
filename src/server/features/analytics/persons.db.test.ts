// Persons and identities end to end (real posthog-node, loopback capture server): whose events are whose, and
// person properties that stay fresh with sliding sessions and API tokens, computed as of the event.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCaptureServer, type CapturedEvent } from '../../../../test/capture-server.js';
import { ApiClient, createTestEnvironment, TEST_PASSWORD, tokenFor } from '../../../../test/harness.js';
import { requestContext, type RequestContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import { createRuntime, type Runtime } from '../../runtime.js';
import { findUserById } from '../users/users.queries.js';
import { byEvent, FAST_ANALYTICS, ofUser, startWithCapture, UA, type AnalyticsTestApp } from './analytics.test-helpers.js';
import { track } from './track.js';

let running: AnalyticsTestApp[] = [];
async function start(...args: Parameters<typeof startWithCapture>): Promise<AnalyticsTestApp> {
  const t = await startWithCapture(...args);
  running.push(t);
  return t;
}
afterEach(async () => {
  vi.useRealTimers();
  for (const t of running) await t.close();
  running = [];
});

async function userIdOf(runtime: Runtime, username: string): Promise<number> {
  const row = await runtime.ctx.db
    .selectFrom('users')
    .select('id')
    .where('username_lower', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

const names = (events: CapturedEvent[]) => events.map((e) => e.event);

/** Page views name a page of this app (a same-origin Referer), or they are dropped. */
const PAGE = { referer: 'http://localhost/entries' };

describe('fresh person properties', () => {
  it('a restarted server re-identifies a user of an old session with their first event, once per day', async () => {
    const cap = await startCaptureServer();
    const env = await createTestEnvironment({ POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url });
    const boot = () => createRuntime(env.env, { logger: false, analytics: FAST_ANALYTICS, jobs: { tickMs: 3_600_000 } });
    let second: Runtime | undefined;
    try {
      const first = await boot();
      const setup = await new ApiClient(first).post('/setup', {
        admin_username: 'admin',
        admin_password: TEST_PASSWORD,
        telemetry_enabled: false,
      });
      expect(setup.status).toBe(201);
      const login = await new ApiClient(first, { userAgent: UA.chromeLinux }).post('/auth/login', {
        username: 'admin',
        password: TEST_PASSWORD,
      });
      const cookie = /tt_session=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!;
      const auth = { cookie, csrf: login.body.csrf_token as string, userAgent: UA.chromeLinux };
      await first.analytics.flush();
      await first.close();
      const before = cap.events().length;

      // The session slides on; the user never signs in again. Their last real sign-in was three days ago.
      second = await boot();
      const adminId = await userIdOf(second, 'admin');
      const threeDaysAgo = nowSeconds() - 3 * 86_400;
      await second.ctx.db.updateTable('users').set({ last_login_at: threeDaysAgo }).where('id', '=', adminId).execute();
      const admin = new ApiClient(second, auth);
      expect((await admin.post('/projects', { name: 'After the restart' })).status).toBe(201);
      expect(
        (await admin.post('/analytics/events', { event: '$pageview' }, { referer: 'http://localhost/projects' })).status,
      ).toBe(202);
      await second.analytics.flush();
      const events = ofUser(cap.events().slice(before), second.analytics.distinctIdOf(adminId));
      // Identified before the first event; the second event of the same day sends no second identify.
      expect(names(events)).toEqual(['$identify', 'project.created', 'funnel.onboarding.first_project_created', '$pageview']);
      expect(events[0]!.properties.$set).toMatchObject({
        person_kind: 'user',
        role: 'admin',
        auth_method: 'local', // the method of the session the request came with
        last_login: new Date(threeDaysAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), // the real one, not "now"
        engagement_level: 'new',
      });
    } finally {
      await second?.close();
      await env.destroy();
      await cap.close();
    }
  });

  it('identifies a user who only ever uses an API token: no invented login, a new account is `new`', async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    expect((await admin.post('/users', { username: 'robot', password: TEST_PASSWORD, role: 'user' })).status).toBe(201);
    const robotId = await userIdOf(t.runtime, 'robot');
    const projectId = (await admin.post('/projects', { name: 'Shared' })).body.id as number;
    const robot = await tokenFor(t, robotId, ['write:time_entries', 'read:time_entries']);
    const hour = (h: number) => new Date((nowSeconds() - h * 3_600) * 1000).toISOString();
    expect((await robot.post('/time-entries', { project_id: projectId, start_time: hour(3), end_time: hour(2) })).status).toBe(
      201,
    );
    expect((await robot.get('/time-entries')).status).toBe(200);
    expect((await robot.post('/time-entries', { project_id: projectId, start_time: hour(2), end_time: hour(1) })).status).toBe(
      201,
    );
    const events = ofUser(await t.flushed(), t.runtime.analytics.distinctIdOf(robotId));
    expect(names(events)).toEqual([
      '$identify',
      'time_entry.created',
      'funnel.onboarding.first_time_logged',
      'time_entry.created',
    ]);
    const { $set, $set_once } = events[0]!.properties;
    expect($set).toMatchObject({
      person_kind: 'user',
      role: 'user',
      is_active: true,
      auth_method: 'local',
      engagement_level: 'new',
      account_age_days: 0,
    });
    expect($set.last_login).toBeUndefined();
    expect($set_once).toEqual({ signup_method: 'admin' }); // no first_login: they never signed in
    expect(byEvent(events, 'user.signed_up')).toEqual([]); // nor signed up themselves
  });

  it('identifies again with the first event of a new analytics session, and of a new UTC day', async () => {
    const t = await start();
    await t.setupAdmin();
    await t.flushed();
    const before = t.cap.events().length;
    const user = (await findUserById(t.runtime.ctx.db, 1))!;
    const context = (analyticsSessionId: string | undefined): RequestContext => ({
      requestId: 'test',
      analytics: t.runtime.analytics,
      principal: {
        via: 'session',
        user,
        sessionIdHash: 'not-a-session',
        csrfToken: 'x',
        analyticsSessionId: analyticsSessionId ?? 'none',
      },
      url: 'http://localhost/api/v1/reports/summary',
      referer: undefined,
      userAgent: undefined,
      host: 'localhost',
      analyticsSessionId,
    });
    const view = (session: string | undefined) =>
      requestContext.run(context(session), () => track('report.viewed', { group_by: 'project', range_days: 7 }));
    const midnight = Math.ceil(Date.now() / 86_400_000) * 86_400_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(midnight - 60_000);
    view('visit-1');
    view('visit-1');
    view('visit-2'); // a new visit
    view('visit-2');
    vi.setSystemTime(midnight + 60_000);
    view('visit-2'); // the same visit goes on past midnight: a new day
    view('visit-2');
    vi.useRealTimers();
    const events = ofUser((await t.flushed()).slice(before), t.runtime.analytics.distinctIdOf(1));
    expect(names(events)).toEqual([
      '$identify',
      'report.viewed',
      'report.viewed',
      '$identify',
      'report.viewed',
      'report.viewed',
      '$identify',
      'report.viewed',
      'report.viewed',
    ]);
    // Each identify carries the timestamp of the event that caused it.
    expect(events.filter((e) => e.event === '$identify').map((e) => Date.parse(e.timestamp!))).toEqual([
      midnight - 60_000,
      midnight - 60_000,
      midnight + 60_000,
    ]);
  });

  it('computes the person properties as of the event, not of the upload', async () => {
    const t = await start({}, { analytics: { flushIntervalMs: 60_000 } });
    const admin = await t.setupAdmin();
    const db = t.runtime.ctx.db;
    const now = nowSeconds();
    await db
      .updateTable('users')
      .set({ created_at: now - 60 * 86_400 })
      .where('id', '=', 1)
      .execute();
    const project = (await admin.post('/projects', { name: 'P' })).body.id as number;
    await t.flushed();
    const before = t.cap.events().length;
    const entry = (createdAt: number) => ({
      user_id: 1,
      project_id: project,
      task_id: null,
      start_time: now - 3_600,
      end_time: now - 3_000,
      duration_seconds: 600,
      paused_at: null,
      notes: null,
      billable: 1 as const,
      source: 'manual' as const,
      created_at: createdAt,
      updated_at: createdAt,
    });
    await db
      .insertInto('time_entries')
      .values(entry(now - 10))
      .execute();
    // A new UTC day (as far as the memo knows): the next event identifies again.
    const tomorrow = Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 1_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(tomorrow);
    const eventTime = nowSeconds();
    expect((await admin.post('/analytics/events', { event: '$pageview' }, PAGE)).status).toBe(202);
    // Entries that came into being after the event are not part of what the event saw.
    await db
      .insertInto('time_entries')
      .values([entry(eventTime + 5), entry(eventTime + 6)])
      .execute();
    vi.useRealTimers();
    const identify = byEvent((await t.flushed()).slice(before), '$identify')[0]!;
    expect(identify.properties.$set).toMatchObject({
      entries_last_7_days: 1,
      entries_last_30_days: 1,
      engagement_level: 'low',
      account_age_days: 60,
    });
  });
});

describe('an identify that was not delivered', () => {
  it('a failing identify is retried with its uuid; one given up is sent again with the user’s next event', async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    await t.flushed();
    const adminId = t.runtime.analytics.distinctIdOf(1);
    /** The admin's events of the uploads PostHog accepted since the `from`-th request. */
    const acceptedSince = (from: number) =>
      ofUser(
        t.cap.requests.slice(from).flatMap((r) => (r.status !== undefined && r.status < 300 ? (r.body?.batch ?? []) : [])),
        adminId,
      );
    const day = 86_400_000;
    const tomorrow = Math.ceil(Date.now() / day) * day + 1_000;
    vi.useFakeTimers({ toFake: ['Date'] });

    // A passing failure (500): the identify due with the day's first event is retried — the same message, uuid
    // included — and arrives once; it was not given up, so the events that follow bring no second one.
    vi.setSystemTime(tomorrow);
    let from = t.cap.requests.length;
    t.cap.status = 500;
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await t.runtime.analytics.flush();
    const refused = ofUser(t.cap.requests[from]!.body!.batch!, adminId);
    expect(names(refused)).toEqual(['$identify', '$pageview']);
    t.cap.status = undefined;
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await t.flushed();
    const retried = acceptedSince(from);
    expect(names(retried)).toEqual(['$identify', '$pageview', '$pageview']);
    expect(retried.slice(0, 2).map((e) => e.uuid)).toEqual(refused.map((e) => e.uuid));

    // A final refusal (400): the identify is given up, so the memo forgets it and the user's next event of the same
    // visit and day identifies them again.
    vi.setSystemTime(tomorrow + day);
    from = t.cap.requests.length;
    t.cap.status = 400;
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await t.runtime.analytics.flush();
    expect(names(ofUser(t.cap.requests[from]!.body!.batch!, adminId))).toEqual(['$identify', '$pageview']);
    t.cap.status = undefined;
    from = t.cap.requests.length;
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await t.flushed();
    vi.useRealTimers();
    expect(names(acceptedSince(from))).toEqual(['$identify', '$pageview', '$pageview']);
  });
});

describe('at once, whatever the user does next', () => {
  it('sends a role change, a deactivation and a re-activation of the user right away', async () => {
    const t = await start({}, { analytics: { flushIntervalMs: 60_000 } });
    const admin = await t.setupAdmin();
    await t.createUser(admin, 'bob');
    const bobId = await userIdOf(t.runtime, 'bob');
    const bobDistinct = t.runtime.analytics.distinctIdOf(bobId);
    await t.flushed();
    const identifies = () => byEvent(ofUser(t.cap.events(), bobDistinct), '$identify').map((e) => e.properties.$set);
    const sentBefore = identifies().length;
    const adminIdentifies = () => byEvent(ofUser(t.cap.events(), t.runtime.analytics.distinctIdOf(1)), '$identify').length;
    const adminIdentifiesBefore = adminIdentifies();

    expect((await admin.patch(`/users/${bobId}`, { role: 'admin' })).status).toBe(200);
    await t.flushed();
    expect(identifies().slice(sentBefore)).toEqual([expect.objectContaining({ role: 'admin', is_admin: true, is_active: true })]);
    expect(byEvent(ofUser(t.cap.events(), bobDistinct), 'auth.login')).toHaveLength(1); // nothing else of bob's

    expect((await admin.patch(`/users/${bobId}`, { active: false })).status).toBe(200);
    expect((await admin.patch(`/users/${bobId}`, { full_name: 'Bob B' })).status).toBe(200); // not in the person properties
    expect((await admin.patch(`/users/${bobId}`, { active: true })).status).toBe(200);
    await t.flushed();
    expect(identifies().slice(sentBefore + 1)).toEqual([
      expect.objectContaining({ role: 'admin', is_active: false }),
      expect.objectContaining({ role: 'admin', is_active: true }),
    ]);
    // The admin's own events stay the admin's: no identify of the admin was caused by these changes.
    expect(adminIdentifies()).toBe(adminIdentifiesBefore);
  });
});

describe('identities', () => {
  it('an admin creating an account is the admin’s user.created; the new user’s first sign-in is their user.signed_up', async () => {
    const t = await start();
    const admin = new ApiClient(t.runtime, { ...(await t.setupAdmin()).auth, userAgent: UA.firefoxWindows });
    expect((await admin.post('/users', { username: 'bob', password: TEST_PASSWORD, role: 'user' })).status).toBe(201);
    const bobId = await userIdOf(t.runtime, 'bob');
    await t.login('bob', TEST_PASSWORD, { userAgent: UA.safariIphone });
    await t.login('bob', TEST_PASSWORD, { userAgent: UA.safariIphone });
    const events = await t.flushed();
    const adminEvents = ofUser(events, t.runtime.analytics.distinctIdOf(1));
    const bobEvents = ofUser(events, t.runtime.analytics.distinctIdOf(bobId));
    const created = byEvent(adminEvents, 'user.created');
    expect(created).toHaveLength(1);
    expect(created[0]!.properties).toMatchObject({ signup_method: 'admin', $browser: 'Firefox' });
    expect(byEvent(events, 'user.created')).toHaveLength(1);
    expect(byEvent(adminEvents, 'user.signed_up').map((e) => e.properties.signup_method)).toEqual(['setup']); // the admin's own
    const signedUp = byEvent(bobEvents, 'user.signed_up');
    expect(signedUp).toHaveLength(1); // the first sign-in only
    expect(signedUp[0]!.properties).toMatchObject({ signup_method: 'admin', $os: 'iOS' });
    expect(names(bobEvents).slice(0, 3)).toEqual(['$identify', 'user.signed_up', 'auth.login']);
    expect(byEvent(bobEvents, '$identify')[0]!.properties.$set.engagement_level).toBe('new');
  });

  it('never sends an event under a throw-away distinct id: only users’ analytics ids and the install id', async () => {
    const t = await start({ ENABLE_TELEMETRY: 'true' });
    const anonymousView = (page: string) =>
      t.anonymous.post('/analytics/events', { event: '$pageview' }, { referer: `http://localhost${page}` });
    expect((await anonymousView('/setup')).status).toBe(409); // before setup every route but setup is closed
    const admin = await t.setupAdmin('admin', TEST_PASSWORD, true);
    for (const page of ['/login', '/setup']) expect((await anonymousView(page)).status).toBe(202);
    expect((await t.anonymous.post('/auth/login', { username: 'admin', password: 'wrong password' })).status).toBe(401);
    const bob = await t.createUser(admin, 'bob');
    await bob.post('/analytics/events', { event: '$pageview' }, PAGE);
    await bob.post('/auth/logout');
    expect((await bob.post('/analytics/events', { event: '$pageview' }, PAGE)).status).toBe(202); // its session is gone: nobody
    const token = await t.tokenClient(admin, ['write:projects']);
    await token.post('/projects', { name: 'By token' });
    await t.runtime.jobs.tick();
    const events = await t.flushed();
    const users = await t.runtime.ctx.db.selectFrom('users').select('id').execute();
    const allowed = new Set([t.runtime.analytics.facts.installId, ...users.map((u) => t.runtime.analytics.distinctIdOf(u.id))]);
    expect(events.length).toBeGreaterThan(15);
    for (const e of events) expect(allowed.has(e.distinct_id), `${e.event} under ${e.distinct_id}`).toBe(true);
    expect(events.some((e) => e.properties.$process_person_profile === false)).toBe(false);
    // Every person says what kind it is.
    for (const e of byEvent(events, '$identify')) {
      expect(e.properties.$set.person_kind).toBe(e.distinct_id === t.runtime.analytics.facts.installId ? 'installation' : 'user');
    }
    expect((await admin.get('/admin/telemetry')).body.counters.suppressed).toBe(3); // the three page views of nobody
  });
});
