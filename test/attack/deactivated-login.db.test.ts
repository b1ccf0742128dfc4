// A deactivated user is told so — but only after the right password, so the answer tells a guesser nothing about
// which accounts exist or are deactivated, and the throttle counts these attempts like any other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, startTestApp, type TestApp } from '../harness.js';

const LIMIT = 5;

describe('signing in to a deactivated account', () => {
  let t: TestApp;
  let admin: ApiClient;
  beforeEach(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS: String(LIMIT), LOGIN_LOCKOUT_SECONDS: '60' });
    admin = await t.setupAdmin();
    const user = await t.createUser(admin, 'gone');
    const id = (await user.get('/users/me')).body.id;
    expect((await admin.patch(`/users/${id}`, { active: false })).status).toBe(200);
    await t.createUser(admin, 'here');
  });
  afterEach(async () => {
    await t.close();
  });

  const attempt = (username: string, password: string) =>
    new ApiClient(t.runtime, { ip: '10.7.0.1' }).post('/auth/login', { username, password });

  it('the right password answers 403 account_deactivated, and no session', async () => {
    const res = await attempt('gone', TEST_PASSWORD);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('account_deactivated');
    expect([res.headers['set-cookie']].flat().join(';')).not.toMatch(/tt_session=/);
  });

  it('a wrong password answers exactly as for an active or an unknown account', async () => {
    const answers = await Promise.all([
      attempt('gone', 'wrong-pass'),
      attempt('here', 'wrong-pass'),
      attempt('nobody', 'wrong-pass'),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(answers[0]?.body);
    }
  });

  it('the deactivated answer is counted by the throttle: guessing stops at the limit whatever the answers say', async () => {
    const tries = [];
    for (let i = 0; i < LIMIT; i++) tries.push((await attempt('gone', i === 2 ? TEST_PASSWORD : `guess-${i}`)).status);
    expect(tries).toEqual([401, 401, 403, 401, 401]);
    expect((await attempt('gone', TEST_PASSWORD)).status).toBe(429);
  });
});
