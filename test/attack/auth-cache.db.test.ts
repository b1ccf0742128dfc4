// Resolved credentials are cached per process for a few seconds (features/auth/principal-cache.ts). Every change
// that takes a right away must still count from the VERY NEXT request: each test first makes the credential's
// requests succeed (so it is cached), then changes it, then expects the refusal at once. CSRF and scopes hold on
// the cached path too.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, addUser, tokenFor } from '../harness.js';
import { createWorld, expectError, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';
import { randomToken, sha256Hex } from '../../src/server/features/auth/secrets.js';
import { nowSeconds } from '../../src/server/lib/clock.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.t.close();
});

/** Two successful requests: the second one is served from the cache. */
async function warm(client: ApiClient, url = '/timer'): Promise<void> {
  for (let i = 0; i < 2; i++) expect((await client.get(url)).status).toBe(200);
}

async function mintToken(owner: ApiClient, scopes: string[]): Promise<{ client: ApiClient; id: number }> {
  const res = await owner.post('/tokens', { name: `cache ${randomToken(4)}`, scopes });
  expect(res.status).toBe(201);
  return { client: new ApiClient(w.t.runtime, { token: res.body.token }), id: res.body.id };
}

describe('the principal cache never outlives a change of rights', () => {
  it('a revoked token is refused by the very next request', async () => {
    const { client, id } = await mintToken(w.alice, ['read:time_entries']);
    await warm(client);
    expect((await w.alice.delete(`/tokens/${id}`)).status).toBe(204);
    expectError(await client.get('/timer'), 401, 'unauthenticated');
  });

  it('a burst of 50 concurrent requests with a just-revoked token all get 401', async () => {
    const { client, id } = await mintToken(w.alice, ['read:time_entries']);
    await warm(client);
    expect((await w.alice.delete(`/tokens/${id}`)).status).toBe(204);
    const statuses = await Promise.all(Array.from({ length: 50 }, async () => (await client.get('/timer')).status));
    expect(statuses).toEqual(Array(50).fill(401));
  });

  it('requests racing with the revocation cannot put the revoked token back into the cache', async () => {
    const { client, id } = await mintToken(w.alice, ['read:time_entries']);
    await warm(client);
    // Reads that started before the revocation committed may still succeed; none may be cached past it.
    const racing = Array.from({ length: 50 }, () => client.get('/timer'));
    expect((await w.alice.delete(`/tokens/${id}`)).status).toBe(204);
    await Promise.all(racing);
    const after = await Promise.all(Array.from({ length: 20 }, async () => (await client.get('/timer')).status));
    expect(after).toEqual(Array(20).fill(401));
  });

  it('a logged-out session is refused by the very next request', async () => {
    const session = await w.t.login('alice', TEST_PASSWORD);
    await warm(session);
    expect((await session.post('/auth/logout')).status).toBe(204);
    expect((await session.get('/auth/session')).body.user).toBeNull();
    expectError(await session.get('/timer'), 401, 'unauthenticated');
  });

  it('a deactivated user’s session and token are refused by the very next request', async () => {
    const { client: carol, id } = await addUser(w.t, 'carol');
    const { client: carolToken } = await mintToken(carol, ['read:time_entries']);
    await warm(carol);
    await warm(carolToken);
    expect((await w.admin.patch(`/users/${id}`, { active: false })).status).toBe(200);
    expectError(await carol.get('/timer'), 401, 'unauthenticated');
    expectError(await carolToken.get('/timer'), 401, 'unauthenticated');
  });

  it('a demoted admin loses admin rights with the very next request, session and token alike', async () => {
    const { client: dave, id } = await addUser(w.t, 'dave', 'admin');
    const { client: daveToken } = await mintToken(dave, ['admin:all']);
    await warm(dave, '/users');
    await warm(daveToken, '/users');
    expect((await w.admin.patch(`/users/${id}`, { role: 'user' })).status).toBe(200);
    expectError(await dave.get('/users'), 403, 'forbidden');
    expectError(await daveToken.get('/users'), 403, 'forbidden');
    expect((await dave.get('/users/me')).body.role).toBe('user');
  });

  it('a preference change is what the very next request of every credential of the user reads', async () => {
    const { client: erin } = await addUser(w.t, 'erin');
    const { client: erinToken } = await mintToken(erin, ['read:time_entries']);
    await warm(erinToken, '/users/me/preferences');
    await warm(erin, '/users/me/preferences');
    expect((await erin.patch('/users/me/preferences', { rounding_minutes: 15, timezone: 'Europe/Berlin' })).status).toBe(200);
    for (const client of [erin, erinToken]) {
      const prefs = (await client.get('/users/me/preferences')).body;
      expect({ rounding_minutes: prefs.rounding_minutes, timezone: prefs.timezone }).toEqual({
        rounding_minutes: 15,
        timezone: 'Europe/Berlin',
      });
    }
  });

  it('a profile change by an admin is seen by the user’s very next request', async () => {
    const { client: frank, id } = await addUser(w.t, 'frank');
    await warm(frank, '/users/me');
    expect((await w.admin.patch(`/users/${id}`, { full_name: 'Frank Renamed' })).status).toBe(200);
    expect((await frank.get('/users/me')).body.full_name).toBe('Frank Renamed');
  });

  it('a password change ends the user’s other sessions with their very next request', async () => {
    const { client: gina } = await addUser(w.t, 'gina');
    const other = await w.t.login('gina', TEST_PASSWORD);
    await warm(gina);
    await warm(other);
    const changed = await gina.post('/users/me/password', {
      current_password: TEST_PASSWORD,
      new_password: 'a brand new secret',
    });
    expect(changed.status).toBe(204);
    expectError(await other.get('/timer'), 401, 'unauthenticated');
    expect((await gina.get('/timer')).status).toBe(200); // the session that changed it stays
  });

  it('an admin’s password reset ends the user’s sessions with their very next request', async () => {
    const { client: hank, id } = await addUser(w.t, 'hank');
    await warm(hank);
    expect((await w.admin.post(`/users/${id}/password`, { new_password: 'reset by the admin' })).status).toBe(204);
    expectError(await hank.get('/timer'), 401, 'unauthenticated');
  });

  it('a cached token is refused once it expires', async () => {
    const token = `tt_${randomToken(24)}`;
    await w.t.runtime.ctx.db
      .insertInto('api_tokens')
      .values({
        user_id: w.ids.alice,
        name: 'short-lived',
        prefix: token.slice(0, 10),
        token_hash: sha256Hex(token),
        scopes: JSON.stringify(['read:time_entries']),
        expires_at: nowSeconds() + 2,
        created_at: nowSeconds(),
      })
      .execute();
    const client = new ApiClient(w.t.runtime, { token });
    await warm(client);
    await new Promise((resolve) => setTimeout(resolve, 3100 - (Date.now() % 1000)));
    expectError(await client.get('/timer'), 401, 'unauthenticated');
  });

  it('CSRF and token scopes hold for cached credentials', async () => {
    const session = await w.t.login('bob', TEST_PASSWORD);
    await warm(session);
    const body = { project_id: w.project.id };
    expectError(await session.post('/timer/start', body, { 'x-csrf-token': 'not the token' }), 403, 'csrf_failed');
    const noCsrf = new ApiClient(w.t.runtime, { cookie: session.auth.cookie });
    expectError(await noCsrf.post('/timer/start', body), 403, 'csrf_failed');
    const readOnly = await tokenFor(w.t, w.ids.bob, ['read:time_entries']);
    await warm(readOnly);
    expectError(await readOnly.post('/timer/start', body), 403, 'forbidden');
    expectError(await readOnly.get('/tokens'), 403, 'forbidden'); // session-only
    expect((await w.bob.get('/timer')).body.timer).toBeNull(); // nothing was started
  });
});

describe.runIf(process.env.TT_TEST_DB !== 'postgres')('SQLite: writes from another process', () => {
  it('a session deleted by another connection (the CLI) is refused by the very next request', async () => {
    const bob = await w.t.login('bob', TEST_PASSWORD);
    await warm(bob);
    // The CLI writes through a connection of its own and has no way to signal this process.
    const outside = new SQLite(w.t.runtime.ctx.bulk.source.sqliteFile);
    try {
      outside.prepare('delete from sessions where id_hash = ?').run(sha256Hex(bob.auth.cookie!));
    } finally {
      outside.close();
    }
    expectError(await bob.get('/timer'), 401, 'unauthenticated');
  });
});
