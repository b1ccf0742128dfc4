// Password guessing against POST /auth/login: parallel bursts, a right password hidden in a burst, lock-outs
// from elsewhere against a browser that signed in before (device cookie), one address against many accounts,
// and the growing back-off. Runs on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { ApiClient, TEST_PASSWORD, startTestApp, type ApiResponse, type TestApp } from '../harness.js';

const LIMIT = 10;

function deviceCookieOf(res: ApiResponse): string {
  const all = [res.headers['set-cookie']].flat().map(String);
  const match = all.map((c) => /tt_device=([^;]+)/.exec(c)).find(Boolean);
  if (!match?.[1]) throw new Error('no device cookie in response');
  return match[1];
}

describe('login throttling under attack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS: String(LIMIT), LOGIN_LOCKOUT_SECONDS: '60' });
    const admin = await t.setupAdmin();
    expect((await admin.post('/users', { username: 'alice', password: TEST_PASSWORD, role: 'user' })).status).toBe(201);
    expect((await admin.post('/users', { username: 'bob', password: TEST_PASSWORD, role: 'user' })).status).toBe(201);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });

  /** One login attempt from `ip`, optionally presenting a device cookie. */
  const attempt = (username: string, password: string, ip: string, device?: string) =>
    new ApiClient(t.runtime, { ip }).post('/auth/login', { username, password }, device ? { cookie: `tt_device=${device}` } : {});

  const statuses = (responses: ApiResponse[]) => {
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  it('a burst of 60 parallel wrong passwords from one address gets at most the limit of password checks', async () => {
    const burst = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt('alice', `wrong-${i}`, '10.9.0.1')));
    const counts = statuses(burst);
    expect(counts[401]).toBe(LIMIT);
    expect(counts[429]).toBe(60 - LIMIT);
    for (const r of burst.filter((r) => r.status === 429)) {
      expect(r.body.error.code).toBe('rate_limited');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The right password is refused too while the lock holds.
    expect((await attempt('alice', TEST_PASSWORD, '10.9.0.2')).status).toBe(429);
  });

  it('bursts of 10–100 from many addresses never get more guesses than the limit (generated sizes)', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 10, max: 100 }), async (size) => {
        const name = `victim${round++}`;
        const burst = await Promise.all(
          Array.from({ length: size }, (_, i) => attempt(name, `guess-${i}`, `10.${round}.${i >> 8}.${i & 255}`)),
        );
        const counts = statuses(burst);
        expect(counts[401] ?? 0).toBe(Math.min(size, LIMIT));
        expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(size);
      }),
      { numRuns: 4 },
    );
  });

  it('a burst of 57 wrong passwords plus the right one signs in only if the right one was among the first guesses', async () => {
    const guesses = [...Array.from({ length: 57 }, (_, i) => `wrong-${i}`), TEST_PASSWORD];
    const burst = await Promise.all(guesses.map((p, i) => attempt('alice', p, `10.8.0.${i}`)));
    const counts = statuses(burst);
    // Password checks (401 or 200) never exceed the limit, whatever the order the server took them in.
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(LIMIT);
    // Once the limit of wrong guesses is spent, the right password is refused.
    for (let i = 0; i < LIMIT; i++) await attempt('bob', `wrong-${i}`, '10.8.1.1');
    expect((await attempt('bob', TEST_PASSWORD, '10.8.1.1')).status).toBe(429);
  });

  it('a browser that signed in before still signs in while an attacker elsewhere locks the account', async () => {
    const first = await attempt('alice', TEST_PASSWORD, '192.0.2.10');
    expect(first.status).toBe(200);
    const device = deviceCookieOf(first);
    expect(String(first.headers['set-cookie'])).toMatch(/tt_device=[^;]+; Max-Age=\d+; Path=\/api\/v1\/auth\/login; HttpOnly; SameSite=Strict/);

    const attack = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt('alice', `wrong-${i}`, `198.51.100.${i}`)));
    expect(statuses(attack)[401]).toBe(LIMIT);
    // Untrusted clients are locked out, even with the right password…
    expect((await attempt('alice', TEST_PASSWORD, '192.0.2.10')).status).toBe(429);
    // …a forged or foreign device cookie does not help…
    expect((await attempt('alice', TEST_PASSWORD, '203.0.113.5', `${device.slice(0, -3)}xyz`)).status).toBe(429);
    const bobLogin = await attempt('bob', TEST_PASSWORD, '203.0.113.6');
    expect((await attempt('alice', TEST_PASSWORD, '203.0.113.6', deviceCookieOf(bobLogin))).status).toBe(429);
    // …but the known browser gets in, and receives a fresh device cookie.
    const known = await attempt('alice', TEST_PASSWORD, '192.0.2.10', device);
    expect(known.status).toBe(200);
    expect(deviceCookieOf(known)).not.toBe(device);
  });

  it('a device cookie has its own limit: a stolen-cookie burst is bounded too', async () => {
    const device = deviceCookieOf(await attempt('alice', TEST_PASSWORD, '192.0.2.20'));
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt('alice', `wrong-${i}`, '192.0.2.20', device)));
    expect(statuses(burst)).toEqual({ 401: LIMIT, 429: 40 - LIMIT });
    expect((await attempt('alice', TEST_PASSWORD, '192.0.2.20', device)).status).toBe(429);
    // The device's failures did not lock the account for other browsers.
    expect((await attempt('alice', TEST_PASSWORD, '192.0.2.21')).status).toBe(200);
  });

  it('hostile device cookies (generated) never break the login and never escape the account limit', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('v1...', 'v1.YWxpY2U.aaaaaaaaaaaaaaaaaaaa.', 'v1.%00.%ff.x', `v1.${'A'.repeat(5000)}.b.c`, 's:forged.sig'),
    ).map((v) => encodeURIComponent(v));
    let i = 0;
    await fc.assert(
      fc.asyncProperty(junk, async (value) => {
        const res = await attempt('alice', `wrong-${i++}`, '10.5.0.1', value);
        expect([401, 429]).toContain(res.status);
        expect(res.body.error.code).toMatch(/^(invalid_credentials|rate_limited)$/);
      }),
      { numRuns: 25 },
    );
    // All of them counted against the account: it is locked for untrusted clients now.
    expect((await attempt('alice', TEST_PASSWORD, '10.5.0.2')).status).toBe(429);
  });

  it('answers a locked unknown name exactly like a locked real one (no account enumeration)', async () => {
    const lockOut = (name: string) => Promise.all(Array.from({ length: LIMIT + 2 }, (_, i) => attempt(name, `wrong-${i}`, '10.4.0.1')));
    const [real, unknown] = await Promise.all([lockOut('bob'), lockOut('no-such-user')]);
    expect(statuses(real)).toEqual(statuses(unknown));
    const a = await attempt('bob', 'x-wrong-x', '10.4.0.2');
    const b = await attempt('no-such-user', 'x-wrong-x', '10.4.0.2');
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(a.body.error.code).toBe(b.body.error.code);
  });

  it('one address failing on many accounts locks none of the others', async () => {
    const attacker = '10.7.7.7';
    for (const name of ['nobody1', 'nobody2', 'nobody3', 'alice']) {
      await Promise.all(Array.from({ length: LIMIT }, (_, i) => attempt(name, `wrong-${i}`, attacker)));
    }
    expect((await attempt('alice', TEST_PASSWORD, attacker)).status).toBe(429);
    expect((await attempt('bob', TEST_PASSWORD, attacker)).status).toBe(200);
  });

  it('the lock grows with each failure after it (exponential back-off) and a success resets it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let now = Date.UTC(2026, 10, 2, 8, 0, 0);
    vi.setSystemTime(now);
    const later = (seconds: number) => vi.setSystemTime((now += seconds * 1000));

    for (let i = 0; i < LIMIT; i++) expect((await attempt('alice', `wrong-${i}`, '10.6.0.1')).status).toBe(401);
    const locks: number[] = [];
    for (let step = 0; step < 4; step++) {
      const refused = await attempt('alice', TEST_PASSWORD, '10.6.0.1');
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers['retry-after']);
      locks.push(wait);
      later(wait);
      // Right after the lock one guess is checked again; its failure locks for twice as long.
      expect((await attempt('alice', 'still-wrong', '10.6.0.1')).status).toBe(401);
    }
    expect(locks).toEqual([60, 120, 240, 480]);
    later(960);
    expect((await attempt('alice', TEST_PASSWORD, '10.6.0.1')).status).toBe(200);
    // After a success the count starts from zero.
    for (let i = 0; i < LIMIT - 1; i++) expect((await attempt('alice', `wrong-${i}`, '10.6.0.1')).status).toBe(401);
    expect((await attempt('alice', TEST_PASSWORD, '10.6.0.1')).status).toBe(200);
  });
});
