// A refusing, failing or hanging PostHog changes nothing a user sees, and shutdown stays bounded: in-process
// runtimes with the production timeouts, and a real `main.ts` process receiving SIGTERM.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledEntry } from '../../../../test/compiled-sources.js';
import { refusingUrl, startCaptureServer, type CaptureServer } from '../../../../test/capture-server.js';
import { createTestEnvironment, startTestApp, TEST_PASSWORD, type TestApp, type TestEnvironment } from '../../../../test/harness.js';
import { createRuntime } from '../../runtime.js';
import { captureOutput, loginStatus, waitUntilReady } from '../../../../test/server-process.js';
import { expectOnlyBatchUploads, FAST_ANALYTICS } from './analytics.test-helpers.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

describe('PostHog unavailable', { timeout: 60_000 }, () => {
  let cap: CaptureServer | undefined;
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    await cap?.close();
    t = undefined;
    cap = undefined;
  });

  for (const mode of ['refused', 'error500', 'hang'] as const) {
    it(`${mode}: requests still succeed at normal speed and close() returns within 3 s`, async () => {
      let host: string;
      if (mode === 'refused') host = await refusingUrl();
      else {
        cap = await startCaptureServer(mode);
        host = cap.url;
      }
      // Production timeouts and retries; only the flush interval is short so sends happen during the requests.
      t = await startTestApp({ POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: host, ENABLE_TELEMETRY: 'true' }, { analytics: { flushIntervalMs: 5 } });
      const admin = await t.setupAdmin();
      const slowest = { ms: 0 };
      const timed = async <T>(fn: () => Promise<T>) => {
        const started = performance.now();
        const result = await fn();
        slowest.ms = Math.max(slowest.ms, performance.now() - started);
        return result;
      };
      for (let i = 0; i < 20; i++) {
        expect((await timed(() => admin.post('/analytics/events', { event: '$pageview' }))).status).toBe(202);
        expect((await timed(() => admin.patch('/users/me/preferences', { week_start: i % 7 }))).status).toBe(200);
      }
      expect((await timed(() => t!.login('admin', TEST_PASSWORD))).auth.cookie).toBeDefined();
      expect(slowest.ms).toBeLessThan(1_000); // a request that waited for PostHog would take ≥ 2 s

      if (mode !== 'hang') {
        await t.runtime.analytics.flush();
        const status = (await admin.get('/admin/telemetry')).body;
        // Nothing is lost or given up while PostHog is down: every event waits for its next attempt.
        expect(status.counters).toMatchObject({ sent: 0, failed: 0, dropped: 0 });
        expect(status.delivery.retrying).toBe(status.counters.queued);
        expect(Date.parse(status.delivery.next_attempt_at)).toBeGreaterThan(Date.now());
      }
      if (mode === 'error500') {
        // Backing off (production policy: 1 s, 2 s, …): a handful of uploads for these ~60 events, not one per
        // flush interval (5 ms) or per event.
        expect(cap!.requests.length).toBeGreaterThan(0);
        expect(cap!.requests.length).toBeLessThanOrEqual(6);
        expectOnlyBatchUploads(cap!);
      }
      await admin.post('/analytics/events', { event: '$pageview' }); // something still queued at close
      const started = performance.now();
      const runtime = t.runtime;
      const env = t.env;
      t = undefined;
      await runtime.close();
      const closeMs = performance.now() - started;
      await env.destroy();
      expect(closeMs).toBeLessThan(3_000);
      if (mode === 'hang') expect(closeMs).toBeGreaterThan(2_000); // it did try to flush, for its whole budget
    });
  }
});

describe('main.ts process', { timeout: 90_000 }, () => {
  let cap: CaptureServer | undefined;
  let env: TestEnvironment | undefined;
  afterEach(async () => {
    await cap?.close();
    await env?.destroy();
  });

  it('exits within 3 s of SIGTERM while PostHog hangs; what was queued arrives after the next start', async () => {
    cap = await startCaptureServer('hang');
    const port = await freePort();
    env = await createTestEnvironment({
      POSTHOG_API_KEY: 'phc_test_project_key',
      POSTHOG_HOST: cap.url,
      ENABLE_TELEMETRY: 'true',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: TEST_PASSWORD,
    });
    const child = spawn(process.execPath, compiledEntry('src/server/main.ts'), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureOutput(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitUntilReady(child, output);
    // A login queues user analytics on top of the telemetry pings queued at start; the default 5 s flush
    // interval has not passed, so everything is still queued when SIGTERM arrives.
    expect(await loginStatus(port)).toBe(200);
    const started = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3_000);
    expect(code).toBe(0);
    expect(output.text()).toContain('shutting down');
    // The shutdown tried to deliver and was cut off by the bound (on a loaded machine the analytics thread may not
    // even be up by then, so the upload itself is not required here).
    if (cap.requests.length > 0) {
      expect(cap.requests[0]!.body?.batch?.map((e) => e.event)).toEqual(expect.arrayContaining(['telemetry.install', 'auth.login']));
    }
    const hung = cap.events().find((e) => e.event === 'auth.login');
    // What it could not deliver was stored: the next start sends it, once, with its uuid and timestamp.
    cap.mode = 'ok';
    const next = await createRuntime(env.env, { logger: false, analytics: FAST_ANALYTICS });
    try {
      await next.analytics.flush();
    } finally {
      await next.close();
    }
    const delivered = cap.requests.filter((r) => r.status === 200).flatMap((r) => r.body?.batch ?? []);
    const logins = delivered.filter((e) => e.event === 'auth.login');
    expect(logins).toHaveLength(1);
    if (hung) expect([logins[0]!.uuid, logins[0]!.timestamp]).toEqual([hung.uuid, hung.timestamp]);
    expect(delivered.filter((e) => e.event === 'telemetry.install').length).toBeLessThanOrEqual(1);
    expectOnlyBatchUploads(cap);
  });
});

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
