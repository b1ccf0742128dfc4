// `npm run cli -- telemetry …` as a real child process against a fresh database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.test-helpers.js';
import { startCaptureServer, type CaptureServer } from '../../../test/capture-server.js';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness.js';
import { createRuntime } from '../../server/runtime.js';

describe('telemetry CLI', { timeout: 90_000 }, () => {
  let env: TestEnvironment;
  let cap: CaptureServer;
  beforeAll(async () => {
    cap = await startCaptureServer();
    env = await createTestEnvironment({ POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url });
  });
  afterAll(async () => {
    await env.destroy();
    await cap.close();
  });

  it('shows, switches and previews without ever contacting PostHog', async () => {
    const status = await runCli(['telemetry', 'status'], env.env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Installation telemetry: off \(stored: off\) — Installation telemetry is off: no admin has consented/);
    expect(status.stdout).toMatch(/Product analytics: +on \(stored: on\)/);
    const installId = /Install id: +([0-9a-f-]{36})/.exec(status.stdout)?.[1];
    expect(installId).toBeDefined();

    const enable = await runCli(['telemetry', 'enable'], env.env);
    expect(enable.code).toBe(0);
    expect(enable.stdout).toMatch(/Installation telemetry: on \(stored: on\)/);
    const disable = await runCli(['telemetry', 'disable', 'product'], env.env);
    expect(disable.stdout).toMatch(/Product analytics: +off \(stored: off\) — An admin turned product analytics off/);
    const overridden = await runCli(['telemetry', 'status'], { ...env.env, DO_NOT_TRACK: '1' });
    expect(overridden.stdout).toMatch(/Installation telemetry: off \(stored: on\) — DO_NOT_TRACK is set/);

    const preview = await runCli(['telemetry', 'preview'], env.env);
    expect(preview.code).toBe(0);
    const messages = preview.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; distinct_id: string; properties: Record<string, unknown> });
    expect(messages.map((m) => m.event)).toEqual(['telemetry.health', '$identify', '$groupidentify', '$groupidentify', '$groupidentify']);
    expect(messages.every((m) => m.distinct_id === installId)).toBe(true);
    expect(messages[0]!.properties).toMatchObject({ users_bucket: '0', projects_bucket: '0', entries_bucket: '0' });
    expect(preview.stdout).toMatch(/It would be sent now: yes/);
    expect(cap.connections).toBe(0);

    // The server sees what the CLI stored.
    const runtime = await createRuntime(env.env, { logger: false, analytics: { settingsRefreshMs: 0 } });
    try {
      expect(runtime.analytics.channels.installation.enabled).toBe(true);
      expect(runtime.analytics.channels.product.enabled).toBe(false);
      expect(runtime.analytics.facts.installId).toBe(installId);
    } finally {
      await runtime.close();
    }
  });

  it('explains wrong usage with exit code 2', async () => {
    expect(await runCli(['telemetry'], env.env)).toMatchObject({ code: 2, stderr: expect.stringContaining('Missing the action') });
    expect(await runCli(['telemetry', 'enable', 'everything'], env.env)).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown channel') });
    expect(await runCli(['telemetry', 'status', 'extra'], env.env)).toMatchObject({ code: 2 });
  });
});
