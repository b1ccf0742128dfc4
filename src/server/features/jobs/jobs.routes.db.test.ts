import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../../../../test/harness.js';
import { nowSeconds } from '../../lib/clock.js';
import { HEALTH_JOB } from '../analytics/telemetry.js';

async function until<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /admin/jobs', () => {
  let t: TestApp;
  let admin: ApiClient;
  const health = async () => ((await admin.get('/admin/jobs')).body.items as any[]).find((j) => j.name === HEALTH_JOB);

  beforeEach(async () => {
    // Configured through the environment, as an operator (or the two-process tests) would.
    t = await startTestApp({ JOB_TICK_SECONDS: '1', JOB_LEASE_SECONDS: '42' });
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows each job’s schedule, last and next run, last error and current holder', async () => {
    const first = await admin.get('/admin/jobs');
    expect(first.status).toBe(200);
    expect(first.body.this_process).toBe(t.runtime.jobs.options.holder);
    expect(first.body.this_process).toMatch(/^.+:\d+-[0-9a-f]{8}$/);
    const job = first.body.items.find((j: any) => j.name === HEALTH_JOB);
    expect(job).toMatchObject({ registered: true, period_seconds: 86_400, lease_seconds: 42, state: 'never_run', holder: null, last_run_at: null, last_error: null });

    // Make it due now: the next tick (1 s) of this process runs it and books the next run a day later.
    await until(async () => ((await t.runtime.ctx.db.selectFrom('job_leases').select('name').where('name', '=', HEALTH_JOB).executeTakeFirst()) ? true : undefined));
    await t.runtime.ctx.db.updateTable('job_leases').set({ next_run_at: 0 }).where('name', '=', HEALTH_JOB).execute();
    const ran = await until(async () => {
      const j = await health();
      return j.last_run_at ? j : undefined;
    });
    expect(ran).toMatchObject({ state: 'idle', holder: null, lease_until: null, last_error: null });
    const lastRun = Date.parse(ran.last_run_at) / 1000;
    expect(Date.parse(ran.next_run_at) / 1000 - lastRun).toBeGreaterThanOrEqual(86_400 - 1800);
    expect(Math.abs(lastRun - nowSeconds())).toBeLessThan(60);

    // A process that died mid-run: its name stays until the lease expires, then the job shows as taken over next.
    const now = nowSeconds();
    await t.runtime.ctx.db.updateTable('job_leases').set({ holder: 'other-host:4242-deadbeef', lease_until: now + 300 }).where('name', '=', HEALTH_JOB).execute();
    expect(await health()).toMatchObject({ state: 'running', holder: 'other-host:4242-deadbeef', lease_until: new Date((now + 300) * 1000).toISOString().replace('.000', '') });
    await t.runtime.ctx.db.updateTable('job_leases').set({ lease_until: now - 1, last_error: 'PostHog said no' }).where('name', '=', HEALTH_JOB).execute();
    expect(await health()).toMatchObject({ state: 'lease_expired', holder: 'other-host:4242-deadbeef', last_error: 'PostHog said no' });
  });

  it('is for administrators only (tokens need admin:all)', async () => {
    const user = await t.createUser(admin, 'worker');
    expect((await user.get('/admin/jobs')).status).toBe(403);
    expect((await (await t.tokenClient(admin, ['admin:all'])).get('/admin/jobs')).status).toBe(200);
    expect((await (await t.tokenClient(admin, ['read:*'])).get('/admin/jobs')).status).toBe(403);
    expect((await t.anonymous.get('/admin/jobs')).status).toBe(401);
    const doc = (await t.anonymous.get('/api/docs/json')).body;
    expect(doc.paths['/api/v1/admin/jobs'].get.summary).toMatch(/Background jobs/);
  });
});
