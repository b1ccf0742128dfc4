// Two processes on one PostgreSQL database, each with its own principal cache: a change made through one (or by
// the CLI, which has no bus) reaches the other's cache within the bus's latency — far below the cache's lifetime.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, addUser, startTestApp, type TestApp } from '../harness.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';
import { DEFAULT_PRINCIPAL_CACHE } from '../../src/server/features/auth/principal-cache.js';
import { resetPassword } from '../../src/server/features/users/users.service.js';
import { findUserById } from '../../src/server/features/users/users.queries.js';

/** Well under the cache's lifetime: a pass means the signal did it, not the expiry. */
const WITHIN_MS = 1500;

describe('the principal cache across processes (PostgreSQL)', () => {
  let a: TestApp;
  let b: Runtime;
  let admin: ApiClient;
  beforeEach(async () => {
    a = await startTestApp();
    b = await createRuntime(a.env.env, { logger: false });
    admin = await a.setupAdmin();
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  /** The same credentials, sent to process B. */
  const onB = (client: ApiClient) => new ApiClient(b, client.auth);

  /** Polls B until `done` holds; answers how long that took (ms). */
  async function until(done: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (!(await done())) {
      if (Date.now() - started > DEFAULT_PRINCIPAL_CACHE.ttlMs) throw new Error('not seen within the cache lifetime');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return Date.now() - started;
  }

  it('a token revoked through A is refused by B within the bus latency', async () => {
    expect(DEFAULT_PRINCIPAL_CACHE.ttlMs).toBeGreaterThan(WITHIN_MS * 2);
    const { client: alice } = await addUser(a, 'alice');
    const created = await alice.post('/tokens', { name: 'two processes', scopes: ['read:time_entries'] });
    const token = onB(new ApiClient(a.runtime, { token: created.body.token }));
    for (let i = 0; i < 3; i++) expect((await token.get('/timer')).status).toBe(200); // cached on B
    expect((await alice.delete(`/tokens/${created.body.id}`)).status).toBe(204);
    expect(await until(async () => (await token.get('/timer')).status === 401)).toBeLessThan(WITHIN_MS);
  });

  it('a logout, a deactivation and a preference change through A reach B’s cache within the bus latency', async () => {
    const { client: bob, id: bobId } = await addUser(a, 'bob');
    const bobOnB = onB(bob);
    const second = await a.login('bob', TEST_PASSWORD);
    const secondOnB = onB(second);
    for (const client of [bobOnB, secondOnB]) for (let i = 0; i < 2; i++) expect((await client.get('/timer')).status).toBe(200);

    expect((await bob.patch('/users/me/preferences', { rounding_minutes: 30 })).status).toBe(200);
    expect(await until(async () => (await secondOnB.get('/users/me/preferences')).body.rounding_minutes === 30)).toBeLessThan(
      WITHIN_MS,
    );

    expect((await second.post('/auth/logout')).status).toBe(204);
    expect(await until(async () => (await secondOnB.get('/timer')).status === 401)).toBeLessThan(WITHIN_MS);

    expect((await bobOnB.get('/timer')).status).toBe(200); // cached again after the signals
    expect((await admin.patch(`/users/${bobId}`, { active: false })).status).toBe(200);
    expect(await until(async () => (await bobOnB.get('/timer')).status === 401)).toBeLessThan(WITHIN_MS);
  });

  it('a password reset by the CLI (no bus of its own) reaches both processes’ caches within the bus latency', async () => {
    const { client: carol, id } = await addUser(a, 'carol');
    const carolOnB = onB(carol);
    for (const client of [carol, carolOnB]) for (let i = 0; i < 2; i++) expect((await client.get('/timer')).status).toBe(200);
    const { config, db, dbKind } = a.runtime.ctx;
    await resetPassword({ config, db, dbKind }, (await findUserById(db, id))!, `${TEST_PASSWORD}!`);
    expect(await until(async () => (await carolOnB.get('/timer')).status === 401)).toBeLessThan(WITHIN_MS);
    expect(await until(async () => (await carol.get('/timer')).status === 401)).toBeLessThan(WITHIN_MS);
  });
});
