// The daily health ping is sent once per installation even when several app processes share the database:
// two real processes race for the job on one database (PostgreSQL in the postgres project, one SQLite file in
// the sqlite project). The one-time install ping survives the death of the process that claimed it: killed
// before delivery, the ping is sent by the next process once the claim's lease has expired — once.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledEntry } from '../../../../test/compiled-sources.js';
import { startCaptureServer, type CaptureServer } from '../../../../test/capture-server.js';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { loadConfig } from '../../config/config.js';
import { migrateToLatest, openDatabase } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { sqliteFileFor } from '../../runtime.js';
import { expectOnlyBatchUploads } from './analytics.test-helpers.js';
import { HEALTH_JOB } from './telemetry.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

const TICKING = {
  jobs: { tickMs: 20 },
  healthJob: { periodSeconds: 86_400, jitterSeconds: 0, leaseSeconds: 60 },
  analytics: { flushIntervalMs: 20, settingsRefreshMs: 0 },
};

function startProcess(env: Record<string, string>, options: object = TICKING): Promise<{ child: ChildProcess; holder: string }> {
  const child = spawn(process.execPath, compiledEntry('test/fixtures/runtime-process.ts'), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      TT_FIXTURE_OPTIONS: JSON.stringify(options),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const match = /ready (\S+)/.exec(d.toString());
      if (match?.[1]) resolve({ child, holder: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`process exited early (${code}): ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('health ping across processes', { timeout: 60_000 }, () => {
  let cap: CaptureServer | undefined;
  let env: TestEnvironment | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await env?.destroy();
    await cap?.close();
  });

  it('is sent exactly once by two processes ticking every 20 ms on one database', async () => {
    cap = await startCaptureServer();
    env = await createTestEnvironment({ POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url, ENABLE_TELEMETRY: 'true', LOG_LEVEL: 'silent' });
    // Prepare the schema with the job not yet due; it becomes due once both processes are up and ticking.
    const config = loadConfig(env.env);
    const database = await openDatabase({ url: config.DATABASE_URL, sqliteFile: sqliteFileFor(config) });
    await migrateToLatest(database.db);
    const later = Math.floor(Date.now() / 1000) + 3_600;
    await database.db.insertInto('job_leases').values({ name: HEALTH_JOB, holder: null, lease_until: 0, last_run_at: null, last_error: null, next_run_at: later }).execute();

    const [a, b] = await Promise.all([startProcess(env.env), startProcess(env.env)]);
    children.push(a.child, b.child);
    expect(a.holder).not.toBe(b.holder);
    const dueAt = Math.floor(Date.now() / 1000);
    await database.db.updateTable('job_leases').set({ next_run_at: dueAt }).where('name', '=', HEALTH_JOB).execute();
    await cap.waitForEvents(1, 10_000).catch(() => undefined);
    const until = Date.now() + 10_000;
    while (cap.eventsNamed('telemetry.health').length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1_000)); // both keep ticking: a second run would show up now

    const codes = Promise.all([exited(a.child), exited(b.child)]);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await codes).toEqual([0, 0]);

    expect(cap.eventsNamed('telemetry.health')).toHaveLength(1);
    expect(cap.eventsNamed('telemetry.install')).toHaveLength(1);
    const job = await database.db.selectFrom('job_leases').selectAll().where('name', '=', HEALTH_JOB).executeTakeFirstOrThrow();
    expect(job.last_run_at).toBeGreaterThanOrEqual(dueAt);
    expect(job.next_run_at).toBe(job.last_run_at! + 86_400);
    expect(job.holder).toBeNull();
    await database.close();
    expectOnlyBatchUploads(cap);
  });

  describe('the install ping, when the process that claimed it is killed before delivery', () => {
    const LEASE_SECONDS = 3;
    /** Claims the ping at start-up and keeps it queued (a long flush interval), never ticking. */
    const CLAIM_AND_HOLD = { jobs: { tickMs: 3_600_000 }, analytics: { flushIntervalMs: 600_000, settingsRefreshMs: 0 } };
    const installRow = (db: Kysely<DB>) =>
      db.selectFrom('installation').select(['install_event_sent', 'install_event_holder', 'install_event_lease_until']).executeTakeFirstOrThrow();

    async function killClaimer(): Promise<{ db: Kysely<DB>; close: () => Promise<void>; leaseUntil: number }> {
      cap = await startCaptureServer();
      env = await createTestEnvironment({
        POSTHOG_API_KEY: 'phc_test_project_key',
        POSTHOG_HOST: cap.url,
        ENABLE_TELEMETRY: 'true',
        JOB_LEASE_SECONDS: String(LEASE_SECONDS),
        LOG_LEVEL: 'silent',
      });
      const claimer = await startProcess(env.env, CLAIM_AND_HOLD);
      children.push(claimer.child);
      const config = loadConfig(env.env);
      const database = await openDatabase({ url: config.DATABASE_URL, sqliteFile: sqliteFileFor(config) });
      const claimed = await installRow(database.db);
      expect(claimed.install_event_holder).toBe(claimer.holder);
      expect(claimed.install_event_sent).toBe(0);
      expect(Number(claimed.install_event_lease_until)).toBeGreaterThan(Date.now() / 1000);

      claimer.child.kill('SIGKILL'); // no shutdown code runs: the queued ping dies with the process
      await exited(claimer.child);
      expect(cap.eventsNamed('telemetry.install')).toHaveLength(0);
      const left = await installRow(database.db);
      expect(left).toMatchObject({ install_event_sent: 0, install_event_holder: claimer.holder });
      return { db: database.db, close: () => database.close(), leaseUntil: Number(left.install_event_lease_until) };
    }

    it('is sent by the next start once the lease has expired', async () => {
      const { db, close, leaseUntil } = await killClaimer();
      while (Date.now() < leaseUntil * 1000) await new Promise((r) => setTimeout(r, 50));
      const next = await startProcess(env!.env, { ...CLAIM_AND_HOLD, analytics: { flushIntervalMs: 20, settingsRefreshMs: 0 } });
      children.push(next.child);
      await cap!.waitForEvents(5, 10_000);
      const until = Date.now() + 5_000;
      while ((await installRow(db)).install_event_sent === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(await installRow(db)).toEqual({ install_event_sent: 1, install_event_holder: null, install_event_lease_until: 0 });
      const code = exited(next.child);
      next.child.kill('SIGTERM');
      expect(await code).toBe(0);
      expect(cap!.eventsNamed('telemetry.install')).toHaveLength(1);
      expect(cap!.events().map((e) => e.event)).toEqual(['telemetry.install', '$identify', '$groupidentify', '$groupidentify', '$groupidentify']);
      await close();
      expectOnlyBatchUploads(cap!);
    });

    it('is taken over by a running process on its job tick, not before the lease expired, and sent once', async () => {
      const { db, close, leaseUntil } = await killClaimer();
      const survivor = await startProcess(env!.env, { jobs: { tickMs: 100 }, analytics: { flushIntervalMs: 20, settingsRefreshMs: 0 } });
      children.push(survivor.child);
      const [install] = await cap!.waitForEvents(1, 15_000);
      const arrivedAt = Date.now();
      expect(install!.event).toBe('telemetry.install');
      expect(arrivedAt).toBeGreaterThanOrEqual(leaseUntil * 1000); // not while the dead process's claim was live
      await new Promise((r) => setTimeout(r, 1_000)); // more ticks: nothing is sent again
      expect(cap!.eventsNamed('telemetry.install')).toHaveLength(1);
      expect((await installRow(db)).install_event_sent).toBe(1);
      const code = exited(survivor.child);
      survivor.child.kill('SIGTERM');
      expect(await code).toBe(0);
      await close();
      expectOnlyBatchUploads(cap!);
    });
  });
});
