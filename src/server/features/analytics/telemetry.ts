// Installation telemetry: telemetry.install (once per installation), telemetry.update (at start-up after a
// version change) and telemetry.health (once a day per installation, through the lease scheduler). Each ping is
// followed by the installation $identify and three $groupidentify (Analytics.enqueueTelemetryPing).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import type { Analytics } from './analytics.js';
import { claimInstallEvent, installationCounts, recordRunVersion, releaseInstallEvent } from './analytics.queries.js';
import type { OutgoingMessage } from './payloads.js';
import { bucket } from './telemetry-math.js';

export const HEALTH_JOB = 'telemetry.health';

export interface HealthJobOptions {
  periodSeconds: number;
  jitterSeconds: number;
  leaseSeconds: number;
}

export const DEFAULT_HEALTH_JOB: HealthJobOptions = { periodSeconds: 86_400, jitterSeconds: 3_600, leaseSeconds: 600 };

// Claims and releases of the install flag run one after another per runtime, so "disable, enable" in quick
// succession cannot claim before the previous release landed.
const chains = new WeakMap<Analytics, Promise<unknown>>();
function serially<T>(analytics: Analytics, fn: () => Promise<T>): Promise<T> {
  const next = (chains.get(analytics) ?? Promise.resolve()).then(fn, fn);
  chains.set(
    analytics,
    next.catch(() => undefined),
  );
  return analytics.settle(next);
}

/**
 * Sends telemetry.install unless some process of this installation already did. The flag is claimed atomically
 * before queuing; if the ping is then not delivered (upload failed, consent withdrawn while queued, shutdown),
 * the claim is released, so the next start or consent sends it — it is delivered once, not merely attempted.
 */
export function sendInstallPingOnce(analytics: Analytics, db: Kysely<DB>): Promise<boolean> {
  return serially(analytics, async () => {
    if (!analytics.channels.installation.enabled) return false;
    if (!(await claimInstallEvent(db))) return false;
    const release = () => void serially(analytics, () => releaseInstallEvent(db)).catch(() => undefined);
    if (analytics.enqueueTelemetryPing('telemetry.install', {}, release)) return true;
    await releaseInstallEvent(db);
    return false;
  });
}

/**
 * At start-up: store the running version (every start, whatever the consent, so a later consent never reports
 * an old upgrade) and send telemetry.update when it changed and telemetry.install when it is due.
 */
export async function startInstallationTelemetry(analytics: Analytics, db: Kysely<DB>): Promise<void> {
  const version = analytics.facts.version;
  const run = await recordRunVersion(db, version);
  analytics.onInstallationChannelEnabled = async () => {
    await sendInstallPingOnce(analytics, db);
  };
  await sendInstallPingOnce(analytics, db);
  if (run.changed && run.previous !== null) {
    analytics.enqueueTelemetryPing('telemetry.update', { old_version: run.previous, new_version: version });
  }
}

export async function healthProperties(db: Kysely<DB>, startedAtMs: number, nowMs = Date.now()): Promise<Record<string, unknown>> {
  const counts = await installationCounts(db);
  return {
    uptime_hours: Math.round(((nowMs - startedAtMs) / 3_600_000) * 10) / 10,
    users_bucket: bucket(counts.users),
    projects_bucket: bucket(counts.projects),
    entries_bucket: bucket(counts.entries),
  };
}

/** The next health ping exactly as it would be queued, without queuing it (CLI `telemetry preview`). */
export async function previewHealthPing(analytics: Analytics, db: Kysely<DB>, startedAtMs: number): Promise<OutgoingMessage[]> {
  return analytics.buildTelemetryPing('telemetry.health', await healthProperties(db, startedAtMs));
}

export function registerHealthJob(
  scheduler: JobScheduler,
  analytics: Analytics,
  db: Kysely<DB>,
  startedAtMs: number,
  options: HealthJobOptions = DEFAULT_HEALTH_JOB,
): void {
  scheduler.register({
    name: HEALTH_JOB,
    ...options,
    run: async () => {
      // Off: the run still counts (next one tomorrow); nothing is computed or sent.
      if (!analytics.channels.installation.enabled) return;
      analytics.enqueueTelemetryPing('telemetry.health', await healthProperties(db, startedAtMs));
    },
  });
}
