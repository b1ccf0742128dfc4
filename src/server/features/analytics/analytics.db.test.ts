// Product analytics end to end: the real posthog-node SDK sends to a capture server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { startCaptureServer } from '../../../../test/capture-server.js';
import { ApiClient, startTestApp, TEST_PASSWORD } from '../../../../test/harness.js';
import { PAGES } from '../../../shared/routes.js';
import { nowSeconds } from '../../lib/clock.js';
import { byEvent, expectOnlyBatchUploads, ofUser, startWithCapture, UA, type AnalyticsTestApp } from './analytics.test-helpers.js';

const PERSON_SET = [
  'account_age_days',
  'auth_method',
  'engagement_level',
  'entries_last_30_days',
  'entries_last_7_days',
  'is_active',
  'is_admin',
  'last_login',
  'person_kind',
  'preferred_tracking_method',
  'role',
];
/** The page the web UI's API calls come from (the same-origin Referer a browser sends). */
const PAGE = { referer: 'http://localhost/entries' };
const PATHS = Object.values(PAGES).map((p) => p.path);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let running: AnalyticsTestApp[] = [];
async function start(...args: Parameters<typeof startWithCapture>): Promise<AnalyticsTestApp> {
  const t = await startWithCapture(...args);
  running.push(t);
  return t;
}
afterEach(async () => {
  for (const t of running) await t.close();
  running = [];
});

async function userIdOf(t: AnalyticsTestApp, username: string): Promise<number> {
  const row = await t.runtime.ctx.db.selectFrom('users').select('id').where('username_lower', '=', username.toLowerCase()).executeTakeFirstOrThrow();
  return row.id;
}

describe('user $identify on login', () => {
  it('sends exactly the spec person properties computed in SQL, keeps $set_once stable, then auth.login', async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    expect((await admin.post('/users', { username: 'bob', password: TEST_PASSWORD, role: 'user' })).status).toBe(201);
    const bobId = await userIdOf(t, 'bob');
    const db = t.runtime.ctx.db;
    const now = nowSeconds();
    await db.updateTable('users').set({ created_at: now - 40 * 86_400 - 60 }).where('id', '=', bobId).execute();
    const project = await db
      .insertInto('projects')
      .values({ client_id: null, name: 'P', name_lower: 'p', description: null, billable: 1, hourly_rate_cents: null, color: null, budget_hours: null, status: 'active', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = (startAgo: number, source: 'timer' | 'manual' | 'import') => ({
      user_id: bobId,
      project_id: project.id,
      task_id: null,
      start_time: now - startAgo,
      end_time: now - startAgo + 600,
      duration_seconds: 600,
      paused_at: null,
      notes: null,
      billable: 1 as const,
      source,
      created_at: now,
      updated_at: now,
    });
    // last 7 days: 2 timer + 1 import; 8-30 days: 1 manual; older: 1 timer (outside every window)
    await db
      .insertInto('time_entries')
      .values([entry(3_600, 'timer'), entry(2 * 86_400, 'timer'), entry(3 * 86_400, 'import'), entry(10 * 86_400, 'manual'), entry(45 * 86_400, 'timer')])
      .execute();

    const bob = await t.login('bob', TEST_PASSWORD, { userAgent: UA.chromeLinux });
    const bobDistinct = t.runtime.analytics.distinctIdOf(bobId);
    let events = ofUser(await t.flushed(), bobDistinct);
    const identifies = byEvent(events, '$identify');
    expect(identifies).toHaveLength(1);
    const first = identifies[0]!.properties;
    expect(Object.keys(first.$set).sort()).toEqual(PERSON_SET);
    expect(Object.keys(first.$set_once).sort()).toEqual(['first_login', 'signup_method']);
    expect(first.$set).toEqual({
      person_kind: 'user',
      role: 'user',
      is_admin: false,
      is_active: true,
      last_login: expect.stringMatching(ISO),
      auth_method: 'local',
      entries_last_7_days: 3,
      entries_last_30_days: 4,
      engagement_level: 'medium',
      preferred_tracking_method: 'mixed', // 2 timer vs 1 manual in 30 days: neither reaches 75 %
      account_age_days: 40,
    });
    expect(first.$set_once).toEqual({ first_login: expect.stringMatching(ISO), signup_method: 'admin' });
    expect(Math.abs(Date.parse(first.$set.last_login) / 1000 - now)).toBeLessThan(60);
    expect(first.$groups).toEqual({ version: t.runtime.ctx.version, platform: expect.any(String), installation: t.runtime.analytics.facts.installId });
    const logins = byEvent(events, 'auth.login');
    expect(logins).toHaveLength(1);
    expect(logins[0]!.properties.auth_method).toBe('local');
    expect(events.indexOf(identifies[0]!)).toBeLessThan(events.indexOf(logins[0]!));

    await new Promise((r) => setTimeout(r, 1100)); // a later second, so last_login can move
    await bob.post('/auth/logout');
    await t.login('bob', TEST_PASSWORD, { userAgent: UA.chromeLinux });
    events = ofUser(await t.flushed(), bobDistinct);
    const second = byEvent(events, '$identify')[1]!.properties;
    expect(second.$set_once).toEqual(first.$set_once);
    expect(Date.parse(second.$set.last_login)).toBeGreaterThan(Date.parse(first.$set.last_login));
    expect(byEvent(events, 'auth.logout')).toHaveLength(1);
    expect(byEvent(events, 'auth.login')).toHaveLength(2);
    // The identify work is done off the request path: nothing about it is in the login answer.
    expect(byEvent(ofUser(t.cap.events(), bobDistinct), 'user.signed_up')).toHaveLength(1);
  });

  it('derives browser, OS and device type from the User-Agent', async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    await admin.post('/users', { username: 'bob', password: TEST_PASSWORD, role: 'user' });
    for (const ua of [UA.chromeLinux, UA.firefoxWindows, UA.safariIphone]) await t.login('bob', TEST_PASSWORD, { userAgent: ua });
    const logins = byEvent(ofUser(await t.flushed(), t.runtime.analytics.distinctIdOf(await userIdOf(t, 'bob'))), 'auth.login');
    const pick = (e: (typeof logins)[number]) => ({
      $browser: e.properties.$browser,
      $browser_version: e.properties.$browser_version,
      $os: e.properties.$os,
      $device_type: e.properties.$device_type,
    });
    expect(logins.map(pick)).toEqual([
      { $browser: 'Chrome', $browser_version: 124, $os: 'Linux', $device_type: 'Desktop' },
      { $browser: 'Firefox', $browser_version: 125, $os: 'Windows', $device_type: 'Desktop' },
      { $browser: 'Mobile Safari', $browser_version: 17.4, $os: 'iOS', $device_type: 'Mobile' }, // as posthog-js
    ]);
  });
});

describe('context of product events', () => {
  it('never sends a query string, and every event carries $groups and the installation context', async () => {
    const t = await start({ ENABLE_TELEMETRY: 'true' });
    const admin = await t.setupAdmin();
    const page = new ApiClient(t.runtime, { ...admin.auth, userAgent: UA.firefoxWindows });
    expect((await page.post('/analytics/events?token=abc&user=alice', { event: '$pageview' }, { referer: 'http://localhost/reports?q=alice%40example.com&from=2026-01-01#frag' })).status).toBe(202);
    expect((await page.post('/analytics/events', { event: '$pageview' }, { referer: 'https://elsewhere.example.org/x?y=1' })).status).toBe(202);
    expect((await page.post('/projects?utm=1', { name: 'Relaunch' })).status).toBe(201);
    const events = await t.flushed();
    const pageviews = byEvent(events, '$pageview');
    // A page view from another site names no page of the app: dropped (and counted), not reported as the API URL.
    expect(pageviews.map((e) => e.properties.$current_url)).toEqual(['http://timetracker.invalid/reports']);
    expect(pageviews[0]!.properties).toMatchObject({ $pathname: '/reports', $browser: 'Firefox', $os: 'Windows', $device_type: 'Desktop' });
    expect(pageviews[0]!.properties.$host).toBeUndefined(); // ANALYTICS_SEND_HOST is off
    expect(byEvent(events, 'project.created')[0]!.properties.$current_url).toBeUndefined(); // no page: an API call without a Referer
    const groups = { version: t.runtime.ctx.version, platform: t.runtime.analytics.facts.platform, installation: t.runtime.analytics.facts.installId };
    expect(events.length).toBeGreaterThan(8);
    for (const e of events) {
      expect(e.properties.$groups, e.event).toEqual(groups);
      expect(JSON.stringify(e)).not.toMatch(/\?|#frag|alice|token=|\$ip/);
      expect(e.properties.$geoip_disable, e.event).toBe(true);
      if (!e.event.startsWith('$') && !e.event.startsWith('telemetry.')) {
        expect(e.properties).toMatchObject({ environment: 'test', app_version: t.runtime.ctx.version, deployment_method: t.runtime.analytics.facts.deploymentMethod });
      }
    }
  });
});

describe('POST /analytics/events', () => {
  it('accepts client-side events (202), refuses others (400), drops undeclared properties and counts them', async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    const ok = await admin.post('/analytics/events', { event: '$pageview', properties: { title: 'Invoice for Alice', path: '/x' } }, PAGE);
    expect(ok).toMatchObject({ status: 202, body: { accepted: true } });
    for (const event of ['made.up', 'auth.login', 'telemetry.health', '__proto__']) {
      const res = await admin.post('/analytics/events', { event });
      expect(res.status, event).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.fields.event).toBeDefined();
    }
    expect((await admin.post('/analytics/events', { event: '$pageview', extra: 1 })).status).toBe(400);
    // Nobody signed in: accepted, but not sent (no throw-away distinct id), and counted.
    const anonymous = await t.anonymous.post('/analytics/events', { event: '$pageview' }, { referer: 'http://localhost/login' });
    expect(anonymous.status).toBe(202);

    const events = byEvent(await t.flushed(), '$pageview');
    expect(events).toHaveLength(1);
    expect(events[0]!.properties.title).toBeUndefined();
    expect(events[0]!.distinct_id).toBe(t.runtime.analytics.distinctIdOf(1));
    const status = (await admin.get('/admin/telemetry')).body;
    expect(status.counters.suppressed).toBe(3); // title, path, the anonymous page view
  });

  it('answers 202 and sends nothing while analytics is off', async () => {
    const cap = await startCaptureServer();
    const t = await startTestApp({ POSTHOG_HOST: cap.url }); // no key
    try {
      const admin = await t.setupAdmin();
      expect((await admin.post('/analytics/events', { event: '$pageview' })).status).toBe(202);
      expect((await admin.post('/analytics/events', { event: 'nope' })).status).toBe(400);
      await t.runtime.analytics.flush();
    } finally {
      await t.close();
      await cap.close();
    }
    expect(cap.connections).toBe(0);
  });
});

describe('gating', () => {
  async function exercise(t: { setupAdmin: AnalyticsTestApp['setupAdmin']; login: AnalyticsTestApp['login'] }) {
    const admin = await t.setupAdmin('admin', TEST_PASSWORD, true);
    await t.login('admin', TEST_PASSWORD, { userAgent: UA.chromeLinux });
    await admin.post('/projects', { name: 'Gated' });
    await admin.post('/analytics/events', { event: '$pageview' });
    await admin.patch('/users/me/preferences', { theme: 'dark' });
    return admin;
  }

  for (const [label, env] of [
    ['no POSTHOG_API_KEY', { POSTHOG_API_KEY: '', ENABLE_TELEMETRY: 'true' }],
    ['DO_NOT_TRACK=1', { DO_NOT_TRACK: '1', ENABLE_TELEMETRY: 'true', ANALYTICS_ENABLED: 'true' }],
    ['both channels switched off by variables', { ENABLE_TELEMETRY: 'false', ANALYTICS_ENABLED: 'false' }],
  ] as const) {
    it(`${label}: the SDK is never constructed and no connection is ever opened`, async () => {
      const t = await start(env);
      const admin = await exercise(t);
      await t.runtime.jobs.tick();
      await t.flushed();
      expect(t.runtime.analytics.sdkConstructed).toBe(false);
      expect(t.cap.connections).toBe(0);
      const status = (await admin.get('/admin/telemetry')).body;
      expect(status.product_analytics.enabled).toBe(false);
      expect(status.installation_telemetry.enabled).toBe(false);
      expect(status.counters).toEqual({ queued: 0, sent: 0, failed: 0, dropped: 0, suppressed: 0 });
      const reason = label === 'DO_NOT_TRACK=1' ? /^DO_NOT_TRACK is set/ : label.startsWith('no') ? /^no POSTHOG_API_KEY/ : /^ENABLE_TELEMETRY=false overrides the stored consent/;
      expect(status.installation_telemetry.reason).toMatch(reason);
      const code = label === 'DO_NOT_TRACK=1' ? 'do_not_track' : label.startsWith('no') ? 'no_api_key' : 'forced_off';
      expect(status.installation_telemetry.reason_code).toBe(code);
      expect(status.product_analytics.reason_code).toBe(code);
      // Nothing can be sent without a key, so no host is named.
      expect(status.product_analytics.host === null).toBe(label.startsWith('no'));
    });
  }

  it('product analytics off: telemetry still goes, no product event and no user $identify', async () => {
    const t = await start({ ENABLE_TELEMETRY: 'true', ANALYTICS_ENABLED: 'false' });
    await exercise(t);
    const events = await t.flushed();
    expect(events.map((e) => e.event)).toEqual(['telemetry.install', '$identify', '$groupidentify', '$groupidentify', '$groupidentify']);
    expect(events.every((e) => e.distinct_id === t.runtime.analytics.facts.installId)).toBe(true);
  });

  it('installation consent off (the default): product events go, no telemetry at all', async () => {
    const t = await start();
    await t.setupAdmin('admin', TEST_PASSWORD, false);
    await t.login('admin', TEST_PASSWORD);
    await t.runtime.jobs.tick();
    const events = await t.flushed();
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.event.startsWith('telemetry.') || e.distinct_id === t.runtime.analytics.facts.installId)).toEqual([]);
  });

  it('a user who opted out sends nothing, also events queued before the opt-out; others are still tracked', async () => {
    const t = await start({}, { analytics: { flushIntervalMs: 60_000 } });
    const admin = await t.setupAdmin();
    await admin.post('/users', { username: 'bob', password: TEST_PASSWORD, role: 'user' });
    const bobId = await userIdOf(t, 'bob');
    const bobDistinct = t.runtime.analytics.distinctIdOf(bobId);
    const bob = await t.login('bob', TEST_PASSWORD); // queued ($identify, user.signed_up, auth.login), not sent yet
    await bob.post('/analytics/events', { event: '$pageview' }, PAGE);
    expect((await bob.patch('/users/me/preferences', { analytics_opt_out: true })).status).toBe(200);
    await bob.post('/analytics/events', { event: '$pageview' }, PAGE);
    await bob.post('/auth/logout');
    await t.login('bob', TEST_PASSWORD);
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    const events = await t.flushed();
    expect(ofUser(events, bobDistinct)).toEqual([]);
    expect(byEvent(ofUser(events, t.runtime.analytics.distinctIdOf(1)), '$pageview')).toHaveLength(1);
    // $identify, user.signed_up (bob's first sign-in), auth.login, $pageview and preferences.updated were queued
    // before the opt-out was seen; they are withheld at send time.
    expect((await admin.get('/admin/telemetry')).body.counters.suppressed).toBe(5);
  });
});

describe('admin telemetry page', () => {
  it('shows both channels with reasons, counters and the payloads exactly as sent; PATCH switches at run time', async () => {
    const t = await start();
    const admin = await t.setupAdmin('admin', TEST_PASSWORD, false);
    const bob = await t.createUser(admin, 'bob');
    expect((await bob.get('/admin/telemetry')).status).toBe(403);
    expect((await bob.patch('/admin/telemetry', { product_analytics_enabled: false })).status).toBe(403);

    let status = (await admin.get('/admin/telemetry')).body;
    expect(status.product_analytics).toMatchObject({ enabled: true, stored_enabled: true, host: t.cap.url, api_key_set: true });
    expect(status.installation_telemetry).toMatchObject({ enabled: false, stored_enabled: false, reason: expect.stringMatching(/unchecked by default/) });
    expect(status.install_id).toBe(t.runtime.analytics.facts.installId);

    // Turning installation telemetry on sends the install ping once (and the toggle event).
    status = (await admin.patch('/admin/telemetry', { installation_telemetry_enabled: true })).body;
    expect(status.installation_telemetry).toMatchObject({ enabled: true, stored_enabled: true });
    expect(byEvent(await t.flushed(), 'telemetry.install')).toHaveLength(1);
    await admin.patch('/admin/telemetry', { installation_telemetry_enabled: false });
    await admin.patch('/admin/telemetry', { installation_telemetry_enabled: true });
    let events = await t.flushed();
    expect(byEvent(events, 'telemetry.install')).toHaveLength(1);
    expect(byEvent(events, 'admin.telemetry_toggled').map((e) => e.properties)).toEqual([
      expect.objectContaining({ channel: 'installation_telemetry', enabled: true }),
      expect.objectContaining({ channel: 'installation_telemetry', enabled: false }),
      expect.objectContaining({ channel: 'installation_telemetry', enabled: true }),
    ]);

    status = (await admin.get('/admin/telemetry')).body;
    const sent = t.cap.events();
    expect(status.counters).toEqual({ queued: sent.length, sent: sent.length, failed: 0, dropped: 0, suppressed: 0 });
    expect(status.recent_events).toEqual(sent); // exactly as received by PostHog (fewer than 100 so far)

    // Both channels off: nothing more goes out, the SDK is released.
    await admin.patch('/admin/telemetry', { installation_telemetry_enabled: false, product_analytics_enabled: false });
    expect(t.runtime.analytics.sdkConstructed).toBe(false);
    const requestsBefore = t.cap.requests.length;
    await admin.post('/analytics/events', { event: '$pageview' });
    await t.login('admin', TEST_PASSWORD);
    events = await t.flushed();
    expect(t.cap.requests.length).toBe(requestsBefore);
    expect(byEvent(events, 'admin.telemetry_toggled')).toHaveLength(3); // switching product off is not reported
  });

  it('withdrawing consent before the install ping went out cancels it; the next consent sends it once', async () => {
    const t = await start({}, { analytics: { flushIntervalMs: 60_000 } });
    const admin = await t.setupAdmin('admin', TEST_PASSWORD, false);
    await admin.patch('/admin/telemetry', { installation_telemetry_enabled: true }); // install ping queued
    await admin.patch('/admin/telemetry', { installation_telemetry_enabled: false }); // … and withdrawn
    const flag = async () => (await t.runtime.ctx.db.selectFrom('installation').select('install_event_sent').executeTakeFirstOrThrow()).install_event_sent;
    expect(await flag()).toBe(0);
    await admin.patch('/admin/telemetry', { installation_telemetry_enabled: true });
    const events = await t.flushed();
    expect(byEvent(events, 'telemetry.install')).toHaveLength(1);
    expect(await flag()).toBe(1);
    expect((await admin.get('/admin/telemetry')).body.counters.dropped).toBe(5); // the withdrawn ping and its identity messages
  });

  it('reports an environment override and keeps the stored choice', async () => {
    const t = await start({ ENABLE_TELEMETRY: 'false' });
    const admin = await t.setupAdmin('admin', TEST_PASSWORD, true);
    const status = (await admin.patch('/admin/telemetry', { installation_telemetry_enabled: true })).body;
    expect(status.installation_telemetry).toEqual({
      enabled: false,
      stored_enabled: true,
      reason: 'ENABLE_TELEMETRY=false overrides the stored consent.',
      reason_code: 'forced_off',
      debug: false,
    });
    expect((await admin.patch('/admin/telemetry', { bogus: true })).status).toBe(400);
  });

  it("shows a user's analytics id: the distinct_id of their events, not derived from their name", async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    const bob = await t.createUser(admin, 'bob');
    const bobId = await userIdOf(t, 'bob');
    const res = await admin.get(`/admin/users/${bobId}/analytics-id`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user_id: bobId, analytics_id: expect.stringMatching(/^u_[0-9a-f]{32}$/), opted_out: false });
    const events = await t.flushed();
    expect(byEvent(ofUser(events, res.body.analytics_id), 'auth.login')).toHaveLength(1);
    expect(res.body.analytics_id).not.toContain('bob');
    expect((await admin.get('/admin/users/999999/analytics-id')).status).toBe(404);
    expect((await bob.get(`/admin/users/${bobId}/analytics-id`)).status).toBe(403);
  });
});

describe('pipeline', () => {
  it('ANALYTICS_DEBUG prints each payload as one JSON line and sends nothing', async () => {
    const lines: string[] = [];
    const t = await start({ ANALYTICS_DEBUG: '1', ENABLE_TELEMETRY: 'true' }, { analytics: { stderr: (line) => void lines.push(line) } });
    const admin = await t.setupAdmin();
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await t.flushed();
    expect(t.cap.connections).toBe(0);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const printed = lines.map((l) => JSON.parse(l));
    expect(printed.map((e) => e.event)).toEqual(expect.arrayContaining(['telemetry.install', '$identify', '$groupidentify', 'user.signed_up', '$pageview']));
    const status = (await admin.get('/admin/telemetry')).body;
    expect(status.recent_events).toEqual(printed);
    expect(status.counters.sent).toBe(0);
    expect(status.product_analytics.reason).toMatch(/ANALYTICS_DEBUG is set/);
    expect(status.product_analytics).toMatchObject({ reason_code: 'stored_on', debug: true });
  });

  it('bounds the queue: overflow drops the oldest and counts it', async () => {
    const t = await start({}, { analytics: { maxQueueSize: 5, flushAt: 1_000, flushIntervalMs: 60_000 } });
    // Setup queues the admin's $identify and user.signed_up; the visit's first page view another $identify.
    const admin = await t.setupAdmin();
    for (const path of PATHS.slice(0, 12)) await admin.post('/analytics/events', { event: '$pageview' }, { referer: `http://localhost${path}` });
    const events = await t.flushed();
    // An $identify pushed out of the queue is forgotten, so the user's next event queues it again: the newest
    // events survive, and the person properties are never missing from what is sent.
    expect(events.map((e) => (e.event === '$identify' ? '$identify' : e.properties.$pathname))).toEqual([PATHS[8], PATHS[9], '$identify', PATHS[10], PATHS[11]]);
    expect((await admin.get('/admin/telemetry')).body.counters).toMatchObject({ queued: 17, sent: 5, dropped: 12, failed: 0 });
  });

  it('batches under a steady stream: no upload smaller than flushAt until the final flush', async () => {
    // A generous request timeout: a timed-out upload is retried with everything queued, a batch below flushAt.
    const t = await start({}, { analytics: { flushAt: 10, flushIntervalMs: 60_000, requestTimeoutMs: 10_000 } });
    t.cap.delayMs = 150; // events keep arriving while each upload is in flight
    const admin = await t.setupAdmin();
    // The upload thread is started and the setup's events sent first: on a busy machine starting the thread took
    // longer than the whole stream, and the stream then went out as nothing at all (or one upload).
    await t.flushed();
    const warm = t.cap.requests.length;
    for (let i = 0; i < 45; i++) {
      await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
      await new Promise((r) => setTimeout(r, 30)); // a few events per upload, fewer than flushAt
    }
    await new Promise((r) => setTimeout(r, 400));
    const sizes = t.cap.requests.slice(warm).map((r) => r.body?.batch?.length ?? 0);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(10);
    await t.flushed();
    // the $identify of setup (no visit yet) and of the visit's first event, user.signed_up, 45 page views
    expect(t.cap.events()).toHaveLength(48);
  });

  it('reports each onboarding step once per user, at the moment it happens', async () => {
    const t = await start();
    const admin = await t.setupAdmin();
    const p1 = (await admin.post('/projects', { name: 'First' })).body.id as number;
    await admin.post('/projects', { name: 'Second' });
    await admin.post('/timer/start', { project_id: p1 });
    await admin.post('/timer/stop', {});
    await admin.post('/timer/start', { project_id: p1 });
    await admin.post('/timer/stop', {});
    await admin.post('/time-entries', { project_id: p1, start_time: '2026-01-05T09:00:00Z', end_time: '2026-01-05T10:00:00Z' });
    const events = await t.flushed();
    const funnel = events.filter((e) => e.event.startsWith('funnel.'));
    expect(funnel.map((e) => [e.event, e.properties.days_since_signup])).toEqual([
      ['funnel.onboarding.first_project_created', 0],
      ['funnel.onboarding.first_timer_started', 0],
      ['funnel.onboarding.first_time_logged', 0],
    ]);
    const names = events.map((e) => e.event);
    expect(names.indexOf('funnel.onboarding.first_project_created')).toBe(names.indexOf('project.created') + 1);
    // Another process (fresh memo) sees the steps in the database and does not report them again.
    const rows = await t.runtime.ctx.db.selectFrom('analytics_funnel_steps').selectAll().execute();
    expect(rows.map((r) => r.step).sort()).toEqual(['first_project_created', 'first_time_logged', 'first_timer_started']);
  });

  it('never contacts anything but /batch/', async () => {
    const t = await start({ ENABLE_TELEMETRY: 'true' });
    await t.setupAdmin();
    await t.login('admin', TEST_PASSWORD);
    await t.flushed();
    await new Promise((r) => setTimeout(r, 200)); // nothing polls in the background either
    expect(t.cap.requests.length).toBeGreaterThan(0);
    expectOnlyBatchUploads(t.cap);
  });
});
