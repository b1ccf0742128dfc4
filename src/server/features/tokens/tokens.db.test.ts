import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';
import { sha256Hex } from '../auth/secrets.js';

describe('API tokens', () => {
  let t: TestApp;
  let admin: ApiClient;
  let user: ApiClient;
  let events: { event: string; properties: Record<string, unknown> }[];
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
    user = await t.createUser(admin, 'worker');
    events = [];
    t.runtime.ctx.analytics = { track: (event, properties) => events.push({ event, properties }), identifyUser: () => undefined };
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.runtime.ctx.db;

  it('shows the secret exactly once and stores only its SHA-256', async () => {
    const created = await user.post('/tokens', { name: 'laptop script', scopes: ['read:time_entries', 'write:time_entries'] });
    expect(created.status).toBe(201);
    const secret: string = created.body.token;
    expect(secret).toMatch(/^tt_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'laptop script',
      prefix: secret.slice(0, 10),
      scopes: ['read:time_entries', 'write:time_entries'],
      expires_at: null,
      last_used_at: null,
    });
    expect(events).toEqual([{ event: 'token.created', properties: { scopes_count: 2 } }]);

    const rows = await db().selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(sha256Hex(secret));
    expect(JSON.stringify(rows)).not.toContain(secret.slice(10));

    const list = await user.get('/tokens');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toEqual({
      id: created.body.id,
      user_id: (await user.get('/users/me')).body.id,
      name: 'laptop script',
      prefix: secret.slice(0, 10),
      scopes: ['read:time_entries', 'write:time_entries'],
      expires_at: null,
      last_used_at: null,
      created_at: created.body.created_at,
    });
    expect(list.raw.body).not.toContain(secret.slice(10));
  });

  it('authenticates bearer requests, records last use, and needs no CSRF token', async () => {
    const token = await t.tokenClient(admin, ['admin:all']);
    const me = await token.get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');
    const [listed] = (await admin.get('/tokens')).body.items;
    expect(listed.last_used_at).toEqual(expect.any(String));

    // An unsafe request with only the bearer header (no cookie, no X-CSRF-Token) goes through.
    const created = await token.post('/users', { username: 'via-token', password: TEST_PASSWORD, role: 'user' });
    expect(created.status).toBe(201);
  });

  it('enforces scopes: a read:* token reads but cannot write', async () => {
    const reader = await t.tokenClient(admin, ['read:*']);
    expect((await reader.get('/users')).status).toBe(200);
    const write = await reader.post('/users', { username: 'nope', password: TEST_PASSWORD, role: 'user' });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('admin:all') });
    const writer = await t.tokenClient(admin, ['write:*']);
    expect((await writer.get('/users')).status).toBe(403);
  });

  it('refuses tokens that are deleted, expired, or whose user is deactivated', async () => {
    const token = await t.tokenClient(user, ['read:*']);
    const userId = (await user.get('/users/me')).body.id;
    expect((await token.get('/users/me')).status).toBe(200);

    await admin.patch(`/users/${userId}`, { active: false });
    expect((await token.get('/users/me')).status).toBe(401);
    await admin.patch(`/users/${userId}`, { active: true });
    // Deactivation revoked the token for good: re-activation does not revive it.
    expect((await token.get('/users/me')).status).toBe(401);
    user = await t.login('worker', TEST_PASSWORD); // deactivation ended the old session
    expect((await user.get('/tokens')).body.items).toEqual([]);

    const live = await t.tokenClient(user, ['read:*']);
    expect((await live.get('/users/me')).status).toBe(200);
    const [row] = (await user.get('/tokens')).body.items;
    await db()
      .updateTable('api_tokens')
      .set({ expires_at: Math.floor(Date.now() / 1000) - 1 })
      .where('id', '=', row.id)
      .execute();
    const expired = await live.get('/users/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');

    const other = await t.tokenClient(user, ['read:*']);
    const [newest] = (await user.get('/tokens')).body.items;
    expect((await user.delete(`/tokens/${newest.id}`)).status).toBe(204);
    expect((await other.get('/users/me')).status).toBe(401);
    expect((await user.delete(`/tokens/${newest.id}`)).status).toBe(404);
  });

  it('sets expires_at from expires_in_days', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await user.post('/tokens', { name: 'ci', scopes: ['read:reports'], expires_in_days: 30 });
    const expiresAt = Date.parse(res.body.expires_at) / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 86_400);
    expect(expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 86_400);
  });

  it('keeps a user’s tokens to them; admins see and revoke everyone’s', async () => {
    const adminToken = await t.tokenClient(admin, ['read:*']);
    const userToken = await t.tokenClient(user, ['read:projects']);
    const adminId = (await admin.get('/users/me')).body.id;
    const userId = (await user.get('/users/me')).body.id;
    const mine = (await user.get('/tokens')).body.items;
    expect(mine.map((x: { scopes: string[]; user_id: number }) => [x.user_id, x.scopes])).toEqual([[userId, ['read:projects']]]);

    // The admin lists all, each with its owner, or one user's.
    const all = (await admin.get('/tokens')).body.items;
    expect(all.map((x: { user_id: number }) => x.user_id)).toEqual([userId, adminId]);
    expect((await admin.get(`/tokens?user_id=${adminId}`)).body.items.map((x: { id: number }) => x.id)).toEqual([all[1].id]);
    const other = await user.get(`/tokens?user_id=${adminId}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    expect((await user.get(`/tokens?user_id=${userId}`)).body.items).toHaveLength(1);

    // A user cannot revoke the admin's token (404, as for a missing one); the admin revokes the user's.
    const stolen = await user.delete(`/tokens/${all[1].id}`);
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('not_found');
    expect((await adminToken.get('/users/me')).status).toBe(200);
    expect((await userToken.get('/projects')).status).toBe(200);
    expect((await admin.delete(`/tokens/${all[0].id}`)).status).toBe(204);
    expect((await userToken.get('/projects')).status).toBe(401);
    expect((await user.get('/tokens')).body.items).toEqual([]);
    expect((await admin.delete(`/tokens/${all[0].id}`)).status).toBe(404);
  });

  it('is session-only: a token cannot list, mint or revoke tokens', async () => {
    const token = await t.tokenClient(admin, ['admin:all']);
    const [row] = (await admin.get('/tokens')).body.items;
    expect((await token.get('/tokens')).status).toBe(403);
    expect((await token.post('/tokens', { name: 'child', scopes: ['read:*'] })).status).toBe(403);
    expect((await token.delete(`/tokens/${row.id}`)).status).toBe(403);
    expect((await t.anonymous.get('/tokens')).status).toBe(401);
    expect(await db().selectFrom('api_tokens').select('id').execute()).toHaveLength(1);
  });

  it('gives admin:all to admins only', async () => {
    const res = await user.post('/tokens', { name: 'root', scopes: ['admin:all'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await admin.post('/tokens', { name: 'root', scopes: ['admin:all'] })).status).toBe(201);
  });

  it.each([
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: 'x', scopes: ['read:*', 'read:*'] }, 'scopes'],
    [{ name: 'x', scopes: ['read:everything'] }, 'scopes.0'],
    [{ name: 'x' }, 'scopes'],
    [{ name: '   ', scopes: ['read:*'] }, 'name'],
    [{ name: 'x'.repeat(101), scopes: ['read:*'] }, 'name'],
    [{ name: 'x', scopes: ['read:*'], expires_in_days: 0 }, 'expires_in_days'],
    [{ name: 'x', scopes: ['read:*'], expires_in_days: 3651 }, 'expires_in_days'],
    [{ name: 'x', scopes: ['read:*'], expires_in_days: 1.5 }, 'expires_in_days'],
    [{ name: 'x', scopes: ['read:*'], secret: 'mine' }, 'secret'],
  ])('refuses %j with validation_failed on %s', async (body, field) => {
    const res = await user.post('/tokens', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual([field]);
    expect(await db().selectFrom('api_tokens').select('id').execute()).toEqual([]);
  });

  it('pages the list newest first', async () => {
    for (const name of ['a', 'b', 'c']) await user.post('/tokens', { name, scopes: ['read:*'] });
    const first = await user.get('/tokens?limit=2');
    expect(first.body.items.map((x: { name: string }) => x.name)).toEqual(['c', 'b']);
    const second = await user.get(`/tokens?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ items: [{ name: 'a' }], next_cursor: null });
  });
});
