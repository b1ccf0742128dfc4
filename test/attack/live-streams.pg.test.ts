// Ended credentials reach the event streams of *other* processes sharing one PostgreSQL database within a second
// (the credential signal travels by NOTIFY), including a password reset made by the CLI, which has no bus.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, addUser, startTestApp, type TestApp } from '../harness.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';
import { cookieHeaders, listen, openSse, type SseStream } from '../../src/server/features/live/sse-client.test-helpers.js';
import { resetPassword } from '../../src/server/features/users/users.service.js';
import { findUserById } from '../../src/server/features/users/users.queries.js';

async function endsWithin(stream: SseStream, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      stream.ended,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('credential signals across processes (PostgreSQL)', () => {
  let a: TestApp;
  let b: Runtime;
  let onB: string;
  const streams: SseStream[] = [];
  beforeEach(async () => {
    a = await startTestApp({ LIVE_HEARTBEAT_SECONDS: '300' });
    b = await createRuntime(a.env.env, { logger: false });
    onB = await listen(b);
    await a.setupAdmin();
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await b.close();
    await a.close();
  });
  const openOnB = async (headers: Record<string, string>) => {
    const s = await openSse(onB, headers);
    streams.push(s);
    expect(s.status).toBe(200);
    await s.waitFor((e) => e.event === 'ready');
    return s;
  };

  it('a logout on one process closes the stream on another within a second', async () => {
    const { client: alice } = await addUser(a, 'alice');
    const stream = await openOnB(cookieHeaders(alice));
    expect((await alice.post('/auth/logout')).status).toBe(204);
    await endsWithin(stream, 1000);
  });

  it('a password reset by the CLI (no bus of its own) closes the streams on the servers within a second', async () => {
    const { client: bob, id } = await addUser(a, 'bob');
    const stream = await openOnB(cookieHeaders(bob));
    const { config, db, dbKind } = a.runtime.ctx;
    const user = await findUserById(db, id);
    await resetPassword({ config, db, dbKind }, user!, `${TEST_PASSWORD}!`);
    await endsWithin(stream, 1000);
  });
});
