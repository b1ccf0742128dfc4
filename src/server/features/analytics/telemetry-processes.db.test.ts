// The daily health ping is sent once per installation even when several app processes share the database:
// two real processes race for the job on one database (PostgreSQL in the postgres project, one SQLite file in
// the sqlite project).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../../test/capture-server.js';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { loadConfig } from '../../config/config.js';
import { migrateToLatest, openDatabase } from '../../db/database.js';
import { sqliteFileFor } from '../../runtime.js';
import { expectOnlyBatchUploads } from './analytics.test-helpers.js';
import { HEALTH_JOB } from './telemetry.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; holder: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/runtime-process.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      TT_FIXTURE_OPTIONS: JSON.stringify({
        jobs: { tickMs: 20 },
        healthJob: { periodSeconds: 86_400, jitterSeconds: 0, leaseSeconds: 60 },
        analytics: { flushIntervalMs: 20, settingsRefreshMs: 0 },
      }),
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
});
