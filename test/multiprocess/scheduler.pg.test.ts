// The lease scheduler with two real processes: the process running the daily health ping is killed with
// SIGKILL mid-run; the other one takes the job over once the lease has expired (not before), and the ping
// goes out once. (Many schedulers racing for one due job is covered in features/jobs/scheduler.db.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgDatabase } from '../harness.js';
import { eventually, Http, sharedSecret, startAppProcess, type AppProcess } from './processes.js';

const JOB = 'telemetry.health';
const LEASE_SECONDS = 5;
const countPings = (p: AppProcess, event: string) =>
  p
    .stderr()
    .split('\n')
    .filter((line) => line.includes(`"event":"${event}"`)).length;

describe('scheduled jobs across two processes', () => {
  let database: { url: string; drop: () => Promise<void> };
  let processes: AppProcess[];
  let db: pg.Client;

  beforeAll(async () => {
    database = await createPgDatabase();
    const env = {
      DATABASE_URL: database.url,
      SECRET_KEY: sharedSecret(),
      JOB_TICK_SECONDS: '1',
      JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      // Installation telemetry on, printed to stderr instead of sent anywhere.
      POSTHOG_API_KEY: 'phc_multiprocess_test',
      ENABLE_TELEMETRY: 'true',
      ANALYTICS_DEBUG: 'true',
    };
    processes = await Promise.all([startAppProcess('a', env), startAppProcess('b', env)]);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all((processes ?? []).map((p) => p.stop()));
    await database?.drop();
  }, 30_000);

  it('lets the other process run a job whose holder was killed mid-run, after the lease expired, and sends the ping once', async () => {
    const admin = await Http.setup(processes[0]!.url, 'admin', 'correct horse battery');
    const lease = async () =>
      (
        await db.query<{ holder: string | null; lease_until: number; last_run_at: number | null }>(
          'select holder, lease_until, last_run_at from job_leases where name = $1',
          [JOB],
        )
      ).rows[0];
    await eventually(lease, 10_000, 'the job row');

    // Hold the run inside the job: it counts projects, and this transaction keeps that table locked.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table projects in access exclusive mode');
    await db.query('update job_leases set next_run_at = 0 where name = $1', [JOB]); // due now (as if a day had passed)
    const claimed = await eventually(
      async () => {
        const row = await lease();
        return row?.holder ? row : undefined;
      },
      10_000,
      'a process to claim the job',
    );
    const victim = processes.find((p) => claimed.holder!.includes(`:${p.child.pid}-`))!;
    const survivor = processes.find((p) => p !== victim)!;
    expect(victim).toBeDefined();

    await eventually(
      async () =>
        (await db.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%from "projects"%'`))
          .rowCount! > 0,
      10_000,
      'the job blocked mid-run',
    );
    await victim.kill();
    await blocker.query('rollback');
    await blocker.end();

    // Until the lease expires the dead process is still the holder, and the survivor's admin API says so.
    const asAdmin = admin.on(survivor.url);
    const during = (await asAdmin.get('/admin/jobs')).body.items.find((j: any) => j.name === JOB);
    expect(during).toMatchObject({ state: 'running', holder: claimed.holder });
    expect(Number(claimed.lease_until) - Math.floor(Date.now() / 1000)).toBeGreaterThan(0);
    expect((await lease())!.last_run_at).toBeNull();

    const done = await eventually(
      async () => {
        const row = await lease();
        return row?.last_run_at ? row : undefined;
      },
      20_000,
      'the survivor to run the job',
    );
    expect(done.holder).toBeNull();
    expect(Number(done.last_run_at)).toBeGreaterThanOrEqual(Number(claimed.lease_until)); // taken over only after expiry

    const after = (await asAdmin.get('/admin/jobs')).body;
    const job = after.items.find((j: any) => j.name === JOB);
    expect(job).toMatchObject({ state: 'idle', holder: null, last_error: null });
    expect(Date.parse(job.next_run_at) - Date.parse(job.last_run_at)).toBeGreaterThan(20 * 3600 * 1000);

    // The ping goes out exactly once: from the survivor, never from the process that died in the middle.
    await eventually(async () => countPings(survivor, JOB) === 1, 15_000, 'the survivor’s health ping');
    await new Promise((r) => setTimeout(r, 3000)); // a few more ticks of the survivor
    expect(countPings(survivor, JOB)).toBe(1);
    expect(countPings(victim, JOB)).toBe(0);
    // The one-time install ping went out exactly once, whichever process claimed it: when the claimer is the one
    // killed before its queue was flushed, its claim expires and the survivor sends it on a later tick.
    const installPings = () => countPings(survivor, 'telemetry.install') + countPings(victim, 'telemetry.install');
    await eventually(async () => installPings() >= 1, 20_000, 'the install ping');
    await new Promise((r) => setTimeout(r, 3000)); // a few more ticks of the survivor
    expect(installPings()).toBe(1);
  }, 90_000);
});
