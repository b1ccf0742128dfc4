import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';

describe('setup, login, session, logout', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS: '3' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('gates the API with setup_required until setup, then refuses a second setup', async () => {
    expect((await t.anonymous.get('/health')).body).toMatchObject({ status: 'ok', db: 'ok' });
    expect((await t.anonymous.get('/info')).body).toMatchObject({
      setup_complete: false,
      auth_methods: ['local'],
      // Rates and budgets can be shown with their currency before any report was asked for.
      currency: 'EUR',
      // The wizard says plainly that, without a key, nothing would be sent anywhere.
      setup_analytics: { api_key_set: false, host: null, product_analytics: false, do_not_track: false },
    });
    const gated = await t.anonymous.get('/auth/session');
    expect(gated.status).toBe(409);
    expect(gated.body.error.code).toBe('setup_required');

    const admin = await t.setupAdmin();
    const after = (await t.anonymous.get('/info')).body;
    expect(after.setup_complete).toBe(true);
    // Afterwards nobody learns the analytics configuration from a public endpoint.
    expect(after.setup_analytics).toBeNull();
    const me = await admin.get('/auth/session');
    expect(me.body.user).toMatchObject({ username: 'admin', role: 'admin' });

    const again = await t.anonymous.post('/setup', { admin_username: 'x', admin_password: TEST_PASSWORD, telemetry_enabled: false });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_already_complete');
  });

  it('rejects bad setup bodies with validation_failed naming the fields', async () => {
    const res = await t.anonymous.post('/setup', { admin_username: '', admin_password: 'short', telemetry_enabled: 'yes', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['admin_password', 'admin_username', 'extra', 'telemetry_enabled']);
    const malformed = await t.anonymous.post('/setup', '{"admin_username": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
  });

  it('logs in, rotates the session on each login, and logout really invalidates it', async () => {
    const admin = await t.setupAdmin();
    const a = await t.login('admin', TEST_PASSWORD);
    const b = await t.login('ADMIN', TEST_PASSWORD); // usernames are case-insensitive
    expect(a.auth.cookie).not.toBe(b.auth.cookie);
    expect(a.auth.cookie).not.toBe(admin.auth.cookie);
    expect((await a.get('/auth/session')).body.user.username).toBe('admin');

    expect((await a.post('/auth/logout')).status).toBe(204);
    expect((await a.get('/auth/session')).body).toEqual({ user: null, csrf_token: null });
    expect((await b.get('/auth/session')).body.user.username).toBe('admin');
  });

  it('sets an HttpOnly SameSite session cookie, Secure only behind TLS', async () => {
    await t.setupAdmin();
    const res = await t.anonymous.post('/auth/login', { username: 'admin', password: TEST_PASSWORD });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('answers the same 401 for unknown users and wrong passwords, and 429 after repeated failures', async () => {
    await t.setupAdmin();
    const unknown = await t.anonymous.post('/auth/login', { username: 'nobody', password: 'whatever1' });
    const wrong = await t.anonymous.post('/auth/login', { username: 'admin', password: 'whatever1' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');

    // per username: 3 failures from different IPs lock the name, even with the right password
    for (const ip of ['10.0.0.1', '10.0.0.2']) {
      await new ApiClient(t.runtime, { ip }).post('/auth/login', { username: 'admin', password: 'nope-nope' });
    }
    const locked = await new ApiClient(t.runtime, { ip: '10.0.0.9' }).post('/auth/login', { username: 'admin', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('counts failures per account, so one address failing on other names does not lock this one', async () => {
    await t.setupAdmin();
    const attacker = new ApiClient(t.runtime, { ip: '10.1.1.1' });
    for (const name of ['a1', 'a2', 'a3', 'a1', 'a1']) await attacker.post('/auth/login', { username: name, password: 'nope-nope' });
    expect((await attacker.post('/auth/login', { username: 'a1', password: 'nope-nope' })).status).toBe(429);
    const res = await attacker.post('/auth/login', { username: 'admin', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('requires the CSRF token on cookie-authenticated unsafe requests', async () => {
    const admin = await t.setupAdmin();
    const noCsrf = new ApiClient(t.runtime, { cookie: admin.auth.cookie });
    const res = await noCsrf.post('/auth/logout');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    const wrong = await noCsrf.post('/auth/logout', undefined, { 'x-csrf-token': 'not-the-token' });
    expect(wrong.body.error.code).toBe('csrf_failed');
    expect((await admin.post('/auth/logout')).status).toBe(204);
  });

  it('refuses malformed bearer tokens with 401', async () => {
    await t.setupAdmin();
    const res = await t.anonymous.get('/auth/session', { authorization: 'Bearer tt_notarealtokenatallxxxxxxxx' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('headless bootstrap', () => {
  it('creates the admin from ADMIN_USERNAME/ADMIN_PASSWORD when no user exists', async () => {
    const t = await startTestApp({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: TEST_PASSWORD });
    try {
      expect((await t.anonymous.get('/info')).body.setup_complete).toBe(true);
      const root = await t.login('root', TEST_PASSWORD);
      expect((await root.get('/auth/session')).body.user.role).toBe('admin');
    } finally {
      await t.close();
    }
  });
});
