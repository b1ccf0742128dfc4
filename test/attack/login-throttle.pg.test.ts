// A guessing burst split over two app processes sharing one PostgreSQL database still gets at most the limit of
// password checks: the reservation is one atomic statement in the shared database, not a per-process count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, startTestApp, type TestApp } from '../harness.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';

describe('login throttle across processes (PostgreSQL)', () => {
  let a: TestApp;
  let b: Runtime;
  beforeEach(async () => {
    a = await startTestApp({ LOGIN_MAX_ATTEMPTS: '10' });
    b = await createRuntime(a.env.env, { logger: false });
    await b.app.ready();
    const admin = await a.setupAdmin();
    expect((await admin.post('/users', { username: 'alice', password: TEST_PASSWORD, role: 'user' })).status).toBe(201);
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  it('a burst of 80 parallel guesses over both processes gets exactly 10 password checks', async () => {
    const burst = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        new ApiClient(i % 2 === 0 ? a.runtime : b, { ip: `10.3.${i >> 8}.${i & 255}` }).post('/auth/login', {
          username: 'alice',
          password: `wrong-${i}`,
        }),
      ),
    );
    const checked = burst.filter((r) => r.status === 401).length;
    expect(checked).toBe(10);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(70);
    expect((await new ApiClient(b, { ip: '10.3.9.9' }).post('/auth/login', { username: 'alice', password: TEST_PASSWORD })).status).toBe(429);
  });
});
