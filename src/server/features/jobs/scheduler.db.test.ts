import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/database.js';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { sqliteFileFor } from '../../runtime.js';
import { loadConfig } from '../../config/config.js';
import { JobScheduler, type JobDefinition } from './scheduler.js';

describe('lease scheduler', () => {
  let env: TestEnvironment;
  let databases: Database[];
  const open = async () => {
    const config = loadConfig(env.env);
    const database = await openDatabase({ url: config.DATABASE_URL, sqliteFile: sqliteFileFor(config), poolSize: 5 });
    databases.push(database);
    return database;
  };

  beforeEach(async () => {
    env = await createTestEnvironment();
    databases = [];
    await migrateToLatest((await open()).db);
  });
  afterEach(async () => {
    for (const d of databases) await d.close();
    await env.destroy();
  });

  const job = (runs: string[], who: string, extra: Partial<JobDefinition> = {}): JobDefinition => ({
    name: 'test.job',
    periodSeconds: 86_400,
    jitterSeconds: 0,
    leaseSeconds: 60,
    run: async () => {
      runs.push(who);
      await new Promise((r) => setTimeout(r, 30)); // long enough for the others to try while the lease is held
    },
    ...extra,
  });

  it('runs a due job exactly once among many schedulers on separate connections, then records the next run', async () => {
    const runs: string[] = [];
    const schedulers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const s = new JobScheduler((await open()).db, { holder: `p${i}`, now: () => 1_000_000 });
        s.register(job(runs, `p${i}`));
        return s;
      }),
    );
    // Several rounds of concurrent ticks: the first round claims, later ones see it is not due.
    for (let round = 0; round < 3; round++) await Promise.all(schedulers.map((s) => s.tick()));
    expect(runs).toHaveLength(1);
    const [status] = await schedulers[0]!.status();
    expect(status).toMatchObject({ name: 'test.job', holder: null, leaseUntil: 0, lastRunAt: 1_000_000, nextRunAt: 1_086_400, lastError: null });
  });

  it('spreads runs with jitter around the period', async () => {
    const database = databases[0]!;
    const runs: string[] = [];
    let now = 5_000_000;
    let random = 0;
    const s = new JobScheduler(database.db, { holder: 'a', now: () => now, random: () => random });
    s.register(job(runs, 'a', { jitterSeconds: 3_600 }));
    random = 0.5; // first run within the jitter after the first start: 5_000_000 + 1800
    expect(await s.tick()).toEqual([]);
    now += 1_800;
    random = 1; // next run: period + 1800
    expect(await s.tick()).toEqual(['test.job']);
    expect((await s.status())[0]!.nextRunAt).toBe(now + 86_400 + 1_800);
    random = 0;
    now += 86_400 + 1_799;
    expect(await s.tick()).toEqual([]);
    now += 1;
    expect(await s.tick()).toEqual(['test.job']);
    expect((await s.status())[0]!.nextRunAt).toBe(now + 86_400 - 1_800);
  });

  it('records the last error and still schedules the next run', async () => {
    const database = databases[0]!;
    const s = new JobScheduler(database.db, { holder: 'a', now: () => 100 });
    s.register({ name: 'failing', periodSeconds: 10, jitterSeconds: 0, leaseSeconds: 5, run: async () => Promise.reject(new Error('PostHog said no')) });
    expect(await s.tick()).toEqual(['failing']);
    expect((await s.status())[0]).toMatchObject({ lastError: 'PostHog said no', lastRunAt: 100, nextRunAt: 110, holder: null });
  });

  it('lets another process take over a job whose holder died (expired lease)', async () => {
    const database = databases[0]!;
    await database.db
      .insertInto('job_leases')
      .values({ name: 'test.job', holder: 'dead', lease_until: 1_060, last_run_at: null, last_error: null, next_run_at: 1_000 })
      .execute();
    const runs: string[] = [];
    let now = 1_030;
    const s = new JobScheduler(database.db, { holder: 'alive', now: () => now });
    s.register(job(runs, 'alive'));
    expect(await s.tick()).toEqual([]); // lease still held
    now = 1_060;
    expect(await s.tick()).toEqual(['test.job']);
    expect(runs).toEqual(['alive']);
  });

  it('ticks on its own and stops cleanly', async () => {
    const database = databases[0]!;
    const runs: string[] = [];
    const s = new JobScheduler(database.db, { holder: 'a', tickMs: 10 });
    s.register(job(runs, 'a'));
    s.start();
    const until = Date.now() + 3000;
    while (runs.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await s.stop();
    expect(runs).toEqual(['a']);
    expect(() => s.register(job(runs, 'b'))).toThrow(/already registered/);
  });
});
