// The one-statement credential lookups use their indexes, and the principal cache spares reads only: the sliding
// session expiry, the analytics visit and the token's last use are written exactly when they were without it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CompiledQuery, type Kysely } from 'kysely';
import { ApiClient, TEST_PASSWORD, addUser, startTestApp, tokenFor, type TestApp } from '../../../../test/harness.js';
import { isPostgres } from '../../db/dialect.js';
import { nowSeconds } from '../../lib/clock.js';
import { ANALYTICS_MAX_SECONDS } from './analytics-session.js';
import { credentialLookups } from './auth.queries.js';
import { sha256Hex } from './secrets.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.setupAdmin();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const sessionRow = (client: ApiClient) =>
  t.runtime.ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', sha256Hex(client.auth.cookie!))
    .executeTakeFirstOrThrow();

describe('credential lookups', () => {
  it('read the credential by its unique index and the user by primary key, on both databases', async () => {
    const db = t.runtime.ctx.db;
    const pg = isPostgres(db as Kysely<unknown>);
    const plans: string[] = [];
    for (const query of [credentialLookups.sessionWithUser, credentialLookups.tokenWithUser]) {
      const compiled = query.compile(db, 'a'.repeat(64), nowSeconds());
      await db.connection().execute(async (conn) => {
        if (pg) await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
        const explained = await conn.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(`${pg ? 'explain' : 'explain query plan'} ${compiled.sql}`, [...compiled.parameters]),
        );
        if (pg) await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = on'));
        plans.push(explained.rows.map((r) => String(pg ? r['QUERY PLAN'] : r.detail)).join('\n'));
      });
    }
    const [session, token] = plans;
    expect(session).toMatch(pg ? /Index Scan using sessions_pkey/ : /SEARCH sessions USING INDEX sqlite_autoindex_sessions_1/);
    expect(token).toMatch(
      pg ? /Index Scan using api_tokens_token_hash_key/ : /SEARCH api_tokens USING INDEX sqlite_autoindex_api_tokens_1/,
    );
    for (const plan of plans) {
      expect(plan).toMatch(pg ? /Index Scan using users_pkey/ : /SEARCH users USING INTEGER PRIMARY KEY/);
      expect(plan).not.toMatch(/Seq Scan|SCAN (sessions|api_tokens|users)\b/);
    }
  });
});

describe('the cache spares reads, never the writes', () => {
  it('slides the session expiry once a minute, as without the cache', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const session = await t.login('admin', TEST_PASSWORD);
    const signedIn = (await sessionRow(session)).last_seen_at;
    vi.setSystemTime((signedIn + 58) * 1000);
    expect((await session.get('/timer')).status).toBe(200); // read and cached: no write due yet
    expect((await sessionRow(session)).last_seen_at).toBe(signedIn);
    vi.setSystemTime((signedIn + 61) * 1000); // the cached row is 3 s old, but a minute has passed since last_seen_at
    expect((await session.get('/timer')).status).toBe(200);
    const touched = await sessionRow(session);
    expect(touched.last_seen_at).toBe(signedIn + 61);
    expect(touched.expires_at).toBe(signedIn + 61 + t.runtime.config.SESSION_LIFETIME_HOURS * 3600);
  });

  it('begins a new analytics visit when the old one reaches its 24 hours, as without the cache', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const session = await t.login('admin', TEST_PASSWORD);
    const row = await sessionRow(session);
    const now = nowSeconds();
    // A visit that began almost 24 hours ago and is still in use.
    await t.runtime.ctx.db
      .updateTable('sessions')
      .set({ analytics_session_started_at: now - ANALYTICS_MAX_SECONDS + 2, last_seen_at: now })
      .where('id_hash', '=', row.id_hash)
      .execute();
    expect((await session.get('/timer')).status).toBe(200);
    expect((await sessionRow(session)).analytics_session_id).toBe(row.analytics_session_id);
    vi.setSystemTime((now + 3) * 1000);
    expect((await session.get('/timer')).status).toBe(200);
    const renewed = await sessionRow(session);
    expect(renewed.analytics_session_id).not.toBe(row.analytics_session_id);
    expect(renewed.analytics_session_started_at).toBe(now + 3);
  });

  it('writes a token’s last use once a minute, as without the cache', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { id } = await addUser(t, 'tina');
    const token = await tokenFor(t, id, ['read:time_entries']);
    const lastUsed = async () =>
      (await t.runtime.ctx.db.selectFrom('api_tokens').select('last_used_at').where('user_id', '=', id).executeTakeFirstOrThrow())
        .last_used_at;
    const start = nowSeconds();
    expect((await token.get('/timer')).status).toBe(200);
    expect(await lastUsed()).toBe(start); // never used before: written at once (and not cached)
    vi.setSystemTime((start + 30) * 1000);
    expect((await token.get('/timer')).status).toBe(200); // read and cached
    vi.setSystemTime((start + 32) * 1000);
    expect((await token.get('/timer')).status).toBe(200); // from the cache
    expect(await lastUsed()).toBe(start);
    vi.setSystemTime((start + 58) * 1000);
    expect((await token.get('/timer')).status).toBe(200); // read afresh and cached again
    expect(await lastUsed()).toBe(start);
    vi.setSystemTime((start + 60) * 1000); // the cached row is 2 s old, but a minute has passed since the last use
    expect((await token.get('/timer')).status).toBe(200);
    expect(await lastUsed()).toBe(start + 60);
  });
});
