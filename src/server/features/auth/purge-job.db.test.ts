import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser, startTestApp, type TestApp } from '../../../../test/harness.js';
import { nowSeconds } from '../../lib/clock.js';
import { AUTH_PURGE_JOB } from './purge-job.js';

describe('auth purge job', () => {
  let t: TestApp;
  beforeEach(async () => {
    // No jitter, so the job is due at once; no ticking of its own (the test ticks).
    t = await startTestApp({ LOGIN_WINDOW_MINUTES: '15' }, { jobs: { random: () => 0, tickMs: 3_600_000 } });
    await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  it('is scheduled, and deletes expired sessions and forgotten throttle buckets but keeps live ones', async () => {
    const { db } = t.runtime.ctx;
    const now = nowSeconds();
    const { id } = await addUser(t, 'alice');
    const session = { user_id: id, csrf_token: 'x', auth_method: 'local' as const, oidc_id_token: null, created_at: now - 9000, last_seen_at: now - 9000 };
    await db
      .insertInto('sessions')
      .values([
        { ...session, id_hash: 'expired', expires_at: now - 1 },
        { ...session, id_hash: 'valid', expires_at: now + 3600 },
      ])
      .execute();
    const window = 15 * 60;
    await db
      .insertInto('login_throttle')
      .values([
        { key: 'account:stale', failures: 3, lock_seconds: 0, locked_until: 0, updated_at: now - window - 10 },
        { key: 'account:recent', failures: 3, lock_seconds: 0, locked_until: 0, updated_at: now - 10 },
        // Quiet for long, but still locked (long back-off): kept.
        { key: 'account:locked', failures: 30, lock_seconds: 86_400, locked_until: now + 3600, updated_at: now - 2 * window },
      ])
      .execute();

    expect(await t.runtime.jobs.tick()).toContain(AUTH_PURGE_JOB);

    const sessions = await db.selectFrom('sessions').select('id_hash').where('id_hash', 'in', ['expired', 'valid']).execute();
    expect(sessions.map((s) => s.id_hash)).toEqual(['valid']);
    const buckets = await db.selectFrom('login_throttle').select('key').orderBy('key').execute();
    expect(buckets.map((b) => b.key)).toEqual(['account:locked', 'account:recent']);
    // The job runs hourly, not on every tick.
    expect(await t.runtime.jobs.tick()).not.toContain(AUTH_PURGE_JOB);
  });
});
