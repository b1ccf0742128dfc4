// Event streams (GET /api/v1/events) against ended credentials and stream floods: a stream must close within a
// second of logout, token revocation, deactivation, a password change (other sessions) or expiry — the heartbeat
// here is 5 minutes, so nothing but the credential signal or the expiry timer can close it — and no user or
// burst may hold more streams than the caps. Runs on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, addUser, startTestApp, tokenFor, type TestApp } from '../harness.js';
import { cookieHeaders, listen, openSse, type SseStream } from '../../src/server/features/live/sse-client.test-helpers.js';
import { nowSeconds } from '../../src/server/lib/clock.js';
import { sha256Hex } from '../../src/server/features/auth/secrets.js';

/** Resolves when the stream ended within `ms`, rejects otherwise. */
async function endsWithin(stream: SseStream, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([stream.ended, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when the stream is still open after `ms`. */
async function staysOpen(stream: SseStream, ms: number): Promise<boolean> {
  return Promise.race([stream.ended.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);
}

describe('live streams and ended credentials', () => {
  let t: TestApp;
  let baseUrl: string;
  let admin: ApiClient;
  const streams: SseStream[] = [];
  const open = async (headers: Record<string, string>) => {
    const s = await openSse(baseUrl, headers);
    streams.push(s);
    if (s.status === 200) await s.waitFor((e) => e.event === 'ready');
    return s;
  };
  const bearer = (c: ApiClient) => ({ authorization: `Bearer ${c.auth.token}` });

  beforeEach(async () => {
    t = await startTestApp({ LIVE_HEARTBEAT_SECONDS: '300', LIVE_MAX_STREAMS_PER_USER: '3', LIVE_MAX_STREAMS: '8' });
    baseUrl = await listen(t.runtime);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await t.close();
  });

  it('closes a session stream within a second of logout, and a token stream within a second of revocation', async () => {
    const alice = await t.createUser(admin, 'alice');
    const token = await t.tokenClient(alice, ['read:time_entries']);
    const viaSession = await open(cookieHeaders(alice));
    const viaToken = await open(bearer(token));
    const other = await open(cookieHeaders(await t.login('alice', TEST_PASSWORD)));

    expect((await alice.post('/auth/logout')).status).toBe(204);
    await endsWithin(viaSession, 1000);
    expect(await staysOpen(other, 300)).toBe(true); // another session of the same user is untouched

    const again = await t.login('alice', TEST_PASSWORD);
    const [row] = (await again.get('/tokens')).body.items as { id: number }[];
    expect((await again.delete(`/tokens/${row!.id}`)).status).toBe(204);
    await endsWithin(viaToken, 1000);
    expect((await openSse(baseUrl, bearer(token))).status).toBe(401);
  });

  it('closes every stream of a deactivated user at once; re-activation revives neither tokens nor sessions', async () => {
    const { client: bob, id } = await addUser(t, 'bob');
    const token = await tokenFor(t, id, ['read:*']);
    const s1 = await open(cookieHeaders(bob));
    const s2 = await open(bearer(token));

    expect((await admin.patch(`/users/${id}`, { active: false })).status).toBe(200);
    await Promise.all([endsWithin(s1, 1000), endsWithin(s2, 1000)]);

    expect((await admin.patch(`/users/${id}`, { active: true })).status).toBe(200);
    expect((await token.get('/users/me')).status).toBe(401);
    expect((await openSse(baseUrl, bearer(token))).status).toBe(401);
    expect((await bob.get('/users/me')).status).toBe(401);
    const tokens = await t.runtime.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', id).execute();
    expect(tokens).toEqual([]);
  });

  it("a password change closes the streams of the user's other sessions, not of the session that changed it", async () => {
    const { client: carol } = await addUser(t, 'carol');
    const elsewhere = await t.login('carol', TEST_PASSWORD);
    const mine = await open(cookieHeaders(carol));
    const theirs = await open(cookieHeaders(elsewhere));

    const changed = await carol.post('/users/me/password', { current_password: TEST_PASSWORD, new_password: 'a brand new secret' });
    expect(changed.status).toBe(204);
    await endsWithin(theirs, 1000);
    expect(await staysOpen(mine, 300)).toBe(true);
    expect((await elsewhere.get('/users/me')).status).toBe(401);
    expect((await carol.get('/users/me')).status).toBe(200);
  });

  it('closes a stream within a second of its session or token expiring', async () => {
    const { client: dave, id } = await addUser(t, 'dave');
    const expiresAt = nowSeconds() + 2;
    await t.runtime.ctx.db
      .updateTable('sessions')
      .set({ expires_at: expiresAt })
      .where('id_hash', '=', sha256Hex(dave.auth.cookie!))
      .execute();
    const token = await tokenFor(t, id, ['read:time_entries']);
    await t.runtime.ctx.db.updateTable('api_tokens').set({ expires_at: expiresAt }).where('user_id', '=', id).execute();
    const viaSession = await open(cookieHeaders(dave));
    const viaToken = await open(bearer(token));
    const untilExpiry = expiresAt * 1000 - Date.now();
    await Promise.all([endsWithin(viaSession, untilExpiry + 1000), endsWithin(viaToken, untilExpiry + 1000)]);
  });

  it('holds at most LIVE_MAX_STREAMS_PER_USER streams per user: a burst of 50 keeps the newest, the oldest close first', async () => {
    const first = await open(cookieHeaders(admin));
    const burst = await Promise.all(Array.from({ length: 50 }, () => openSse(baseUrl, cookieHeaders(admin))));
    streams.push(...burst);
    await endsWithin(first, 1000);
    expect(first.comments).toContain('closed, too many streams');
    // The survivors are three of the burst; everything else has ended.
    const results = await Promise.all(burst.map((s) => staysOpen(s, 300)));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(t.runtime.ctx.live.subscriberCount()).toBe(3);
    // Another user is not affected by the flood and still gets a stream.
    const { client: erin } = await addUser(t, 'erin');
    const theirs = await open(cookieHeaders(erin));
    expect(theirs.status).toBe(200);
    expect(await staysOpen(theirs, 200)).toBe(true);
  });

  it('holds at most LIVE_MAX_STREAMS streams per process, closing the oldest of the process first', async () => {
    const users = await Promise.all(['u1', 'u2', 'u3', 'u4'].map((name) => addUser(t, name)));
    const opened: SseStream[] = [];
    for (const { client } of users) {
      for (let i = 0; i < 2; i++) opened.push(await open(cookieHeaders(client)));
    }
    expect(t.runtime.ctx.live.subscriberCount()).toBe(8);
    const newer = await open(cookieHeaders(admin));
    await endsWithin(opened[0]!, 1000);
    expect(await staysOpen(opened[1]!, 200)).toBe(true);
    expect(await staysOpen(newer, 10)).toBe(true);
    expect(t.runtime.ctx.live.subscriberCount()).toBe(8);
  });
});
