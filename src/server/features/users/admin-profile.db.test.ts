// An administrator edits another user's name and e-mail address and sets their password.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';

describe('an admin looks after a user’s account', () => {
  let t: TestApp;
  let admin: ApiClient;
  let user: ApiClient;
  let userId: number;
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
    user = await t.createUser(admin, 'worker');
    userId = (await user.get('/users/me')).body.id;
  });
  afterEach(async () => {
    await t.close();
  });

  it('edits the name and e-mail address; addresses are unique ignoring case (409 email_taken)', async () => {
    const res = await admin.patch(`/users/${userId}`, { full_name: '  Grace Hopper ', email: 'Grace@Example.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ full_name: 'Grace Hopper', email: 'Grace@Example.com', email_verified: true });
    expect((await user.get('/users/me')).body).toMatchObject({ full_name: 'Grace Hopper', email: 'Grace@Example.com' });

    await admin.patch('/users/me', { email: 'boss@example.com' });
    const taken = await admin.patch(`/users/${userId}`, { email: 'BOSS@example.COM' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    expect((await user.get('/users/me')).body.email).toBe('Grace@Example.com');
    // The user's own address in another case is no conflict.
    expect((await admin.patch(`/users/${userId}`, { email: 'grace@example.com' })).status).toBe(200);
    expect((await user.patch(`/users/${userId}`, { full_name: 'Self-made' })).status).toBe(403);
  });

  it('sets a password: the user’s sessions end, the new password works, the old one does not', async () => {
    const token = await t.tokenClient(user, ['read:*']);
    const res = await admin.post(`/users/${userId}/password`, { new_password: 'a brand new secret' });
    expect(res.status).toBe(204);
    expect((await user.get('/users/me')).status).toBe(401);
    // Tokens are not sessions: they stay until revoked.
    expect((await token.get('/users/me')).status).toBe(200);
    expect((await t.anonymous.post('/auth/login', { username: 'worker', password: TEST_PASSWORD })).status).toBe(401);
    await t.login('worker', 'a brand new secret');
    const hash = await t.runtime.ctx.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('an admin setting their own password stays signed in here', async () => {
    const me = (await admin.get('/users/me')).body.id;
    const other = await t.login('admin', TEST_PASSWORD);
    expect((await admin.post(`/users/${me}/password`, { new_password: 'another long secret' })).status).toBe(204);
    expect((await admin.get('/users/me')).status).toBe(200);
    expect((await other.get('/users/me')).status).toBe(401);
  });

  it('is for admins only, validates, and answers 404 for no user', async () => {
    const refused = await user.post(`/users/${userId}/password`, { new_password: 'a brand new secret' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const weak = await t.tokenClient(admin, ['write:*']);
    expect((await weak.post(`/users/${userId}/password`, { new_password: 'a brand new secret' })).status).toBe(403);
    for (const body of [
      { new_password: 'short' },
      { new_password: 'x'.repeat(5000) },
      {},
      { new_password: 'long enough', extra: 1 },
    ]) {
      const res = await admin.post(`/users/${userId}/password`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await admin.post('/users/999999/password', { new_password: 'a brand new secret' })).status).toBe(404);
    expect((await user.get('/users/me')).status).toBe(200);
  });
});
