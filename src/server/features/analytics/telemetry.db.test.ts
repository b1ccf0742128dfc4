// Installation telemetry end to end: install, update and health pings through posthog-node to a capture server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer, type CapturedEvent } from '../../../../test/capture-server.js';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../runtime.js';
import { expectOnlyBatchUploads, FAST_ANALYTICS } from './analytics.test-helpers.js';
import { previewHealthPing } from './telemetry.js';

const NO_JITTER = { periodSeconds: 86_400, jitterSeconds: 0, leaseSeconds: 60 };

describe('installation telemetry', () => {
  let cap: CaptureServer;
  let env: TestEnvironment;
  let runtimes: Runtime[];

  beforeEach(async () => {
    cap = await startCaptureServer();
    env = await createTestEnvironment({ POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url, ENABLE_TELEMETRY: 'true' });
    runtimes = [];
  });
  afterEach(async () => {
    for (const r of runtimes) await r.close();
    await env.destroy();
    await cap.close();
    expectOnlyBatchUploads(cap);
  });

  /** A runtime on the shared test database; its scheduler only ticks when the test says so. */
  async function boot(options: RuntimeOptions = {}, extraEnv: Record<string, string> = {}): Promise<Runtime> {
    const runtime = await createRuntime(
      { ...env.env, ...extraEnv },
      { logger: false, analytics: FAST_ANALYTICS, jobs: { tickMs: 3_600_000 }, healthJob: NO_JITTER, ...options },
    );
    runtimes.push(runtime);
    return runtime;
  }
  async function stop(runtime: Runtime) {
    await runtime.close();
    runtimes = runtimes.filter((r) => r !== runtime);
  }

  function expectPingWithIdentity(events: CapturedEvent[], ping: string, installId: string, version: string) {
    const at = events.findIndex((e) => e.event === ping);
    expect(at, `${ping} missing`).toBeGreaterThanOrEqual(0);
    const [event, identify, ...groups] = events.slice(at, at + 5);
    const $groups = { version, platform: expect.any(String), installation: installId };
    expect(event!.distinct_id).toBe(installId);
    expect(event!.properties).toMatchObject({ app_version: version, node_version: process.versions.node, environment: 'test', $groups });
    expect(identify!.event).toBe('$identify');
    expect(identify!.distinct_id).toBe(installId);
    expect(Object.keys(identify!.properties.$set).sort()).toEqual(
      [
        'auth_methods_offered',
        'current_node_version',
        'current_platform',
        'current_version',
        'deployment_method',
        'environment',
        'last_seen',
        'person_kind',
        'platform_raw',
        'timezone',
      ].sort(),
    );
    expect(identify!.properties.$set).toMatchObject({
      person_kind: 'installation',
      current_version: version,
      current_platform: event!.properties.platform,
      auth_methods_offered: 'local',
      timezone: 'UTC',
    });
    // The same names as `$os` (posthog-js), never os.type()'s Darwin or Windows_NT.
    expect(['Linux', 'Mac OS X', 'Windows', 'other']).toContain(event!.properties.platform);
    expect(identify!.properties.$set_once.first_seen_platform).toBe(event!.properties.platform);
    expect(Object.keys(identify!.properties.$set_once).sort()).toEqual(['first_seen_node_version', 'first_seen_platform', 'first_seen_version']);
    expect(identify!.properties.$groups).toEqual($groups);
    expect(groups.map((g) => [g.event, g.properties.$group_type, g.properties.$group_key])).toEqual([
      ['$groupidentify', 'version', version],
      ['$groupidentify', 'platform', event!.properties.platform],
      ['$groupidentify', 'installation', installId],
    ]);
    // Shared groups carry only what is true of every installation in them; one installation's facts stay on its own.
    expect(groups[0]!.properties.$group_set).toEqual({ version_number: version });
    expect(groups[1]!.properties.$group_set).toEqual({ platform_name: event!.properties.platform });
    expect(groups[2]!.properties.$group_set).toEqual({
      first_seen_version: expect.any(String),
      deployment_method: event!.properties.deployment_method,
      node_version: process.versions.node,
      platform_release: expect.any(String),
      current_version: version,
    });
    for (const g of groups) expect(g.properties.$groups).toEqual($groups);
    return { event: event!, identify: identify! };
  }

  it('sends telemetry.install once per installation, followed by $identify and three $groupidentify', async () => {
    const first = await boot({ version: '1.0.0' });
    await first.analytics.flush();
    const installId = first.analytics.facts.installId;
    expectPingWithIdentity(cap.events(), 'telemetry.install', installId, '1.0.0');
    await stop(first);
    const second = await boot({ version: '1.0.0' });
    await second.analytics.flush();
    expect(cap.eventsNamed('telemetry.install')).toHaveLength(1);
    expect(cap.eventsNamed('telemetry.update')).toHaveLength(0);
    expect(second.analytics.facts.installId).toBe(installId);
  });

  it('releases the install claim when the ping cannot be delivered, and sends it at the next start', async () => {
    cap.mode = 'error500';
    const first = await boot();
    await first.analytics.flush();
    expect(cap.eventsNamed('telemetry.install').length).toBeGreaterThan(0); // tried (and retried)
    await stop(first);
    const row = await (await boot({}, { ENABLE_TELEMETRY: 'false' })).ctx.db.selectFrom('installation').select('install_event_sent').executeTakeFirstOrThrow();
    expect(row.install_event_sent).toBe(0);
    await stop(runtimes[0]!);
    cap.mode = 'ok';
    const attempts = cap.eventsNamed('telemetry.install').length;
    const second = await boot();
    await second.analytics.flush();
    expect(cap.eventsNamed('telemetry.install')).toHaveLength(attempts + 1);
    await stop(second);
    await (await boot()).analytics.flush();
    expect(cap.eventsNamed('telemetry.install')).toHaveLength(attempts + 1);
  });

  it('sends telemetry.update after a version change between two starts, and stores the new version', async () => {
    await stop(await boot({ version: '1.0.0' }));
    const upgraded = await boot({ version: '1.1.0' });
    await upgraded.analytics.flush();
    const updates = cap.eventsNamed('telemetry.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.properties).toMatchObject({ old_version: '1.0.0', new_version: '1.1.0' });
    const { identify } = expectPingWithIdentity(cap.events(), 'telemetry.update', upgraded.analytics.facts.installId, '1.1.0');
    expect(identify.properties.$set_once.first_seen_version).toBe('1.0.0');
    await stop(upgraded);
    await (await boot({ version: '1.1.0' })).analytics.flush();
    expect(cap.eventsNamed('telemetry.update')).toHaveLength(1);
  });

  it('stores versions while telemetry is off, so a later consent does not report an old upgrade', async () => {
    await stop(await boot({ version: '1.0.0' }, { ENABLE_TELEMETRY: 'false' }));
    await stop(await boot({ version: '1.1.0' }, { ENABLE_TELEMETRY: 'false' }));
    expect(cap.connections).toBe(0);
    const on = await boot({ version: '1.1.0' });
    await on.analytics.flush();
    expect(cap.events().map((e) => e.event)).toEqual(['telemetry.install', '$identify', '$groupidentify', '$groupidentify', '$groupidentify']);
  });

  it('sends the daily health ping with buckets once per period, and preview shows it without sending', async () => {
    const runtime = await boot();
    const db = runtime.ctx.db;
    const now = Math.floor(Date.now() / 1000);
    await db
      .insertInto('users')
      .values(
        ['a', 'b', 'c'].map((name) => ({
          username: name,
          username_lower: name,
          password_hash: null,
          role: 'user' as const,
          active: 1 as const,
          auth_method: 'local' as const,
          signup_method: 'admin' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await runtime.analytics.flush();
    const before = cap.events().length;

    const preview = await previewHealthPing(runtime.analytics, db, Date.now());
    expect(preview.map((m) => m.event)).toEqual(['telemetry.health', '$identify', '$groupidentify', '$groupidentify', '$groupidentify']);
    expect(runtime.analytics.queueLength).toBe(0);

    expect(await runtime.jobs.tick()).toEqual(['telemetry.health']);
    expect(await runtime.jobs.tick()).toEqual([]);
    await runtime.analytics.flush();
    const health = cap.eventsNamed('telemetry.health');
    expect(health).toHaveLength(1);
    expect(health[0]!.properties).toMatchObject({ users_bucket: '2-5', projects_bucket: '0', entries_bucket: '0', uptime_hours: expect.any(Number) });
    expect(Object.keys(preview[0]!.properties).sort()).toEqual(Object.keys(health[0]!.properties).filter((k) => !k.startsWith('$lib') && k !== '$is_server' && k !== '$geoip_disable').sort());
    expectPingWithIdentity(cap.events().slice(before), 'telemetry.health', runtime.analytics.facts.installId, runtime.ctx.version);
    const job = (await runtime.jobs.status()).find((j) => j.name === 'telemetry.health');
    expect(job).toMatchObject({ name: 'telemetry.health', lastError: null, nextRunAt: expect.any(Number) });
    expect(job!.nextRunAt! - job!.lastRunAt!).toBe(86_400);
  });

  it('sends the health ping once when two runtimes share the database and tick together', async () => {
    const a = await boot();
    const b = await boot();
    for (let round = 0; round < 5; round++) await Promise.all([a.jobs.tick(), b.jobs.tick()]);
    await a.analytics.flush();
    await b.analytics.flush();
    expect(cap.eventsNamed('telemetry.health')).toHaveLength(1);
    expect(cap.eventsNamed('telemetry.install')).toHaveLength(1);
  });

  it('picks up a consent changed by another process within the refresh interval', async () => {
    const a = await boot({}, { ENABLE_TELEMETRY: '' });
    const b = await boot({ analytics: { ...FAST_ANALYTICS, settingsRefreshMs: 50 } }, { ENABLE_TELEMETRY: '' });
    expect(b.analytics.channels.installation.enabled).toBe(false);
    await a.ctx.db.updateTable('installation').set({ telemetry_consent: 1 }).execute(); // e.g. the admin page served by a
    const until = Date.now() + 5_000;
    while (!b.analytics.channels.installation.enabled && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(b.analytics.channels.installation.enabled).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    await b.analytics.flush();
    expect(cap.eventsNamed('telemetry.install')).toHaveLength(1); // sent by b when it saw the consent
    expect(a.analytics.channels.installation.enabled).toBe(false); // a refreshes only when told (settingsRefreshMs 0)
  });

  it('skips the health ping while installation telemetry is off, and never constructs the SDK', async () => {
    const runtime = await boot({}, { ENABLE_TELEMETRY: 'false', ANALYTICS_ENABLED: 'false' });
    expect(await runtime.jobs.tick()).toEqual(['telemetry.health']);
    await runtime.analytics.flush();
    expect(runtime.analytics.sdkConstructed).toBe(false);
    expect(cap.connections).toBe(0);
  });
});
