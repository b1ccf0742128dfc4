// Installation telemetry: telemetry.install (once per installation), telemetry.update (at start-up after a
// version change) and telemetry.health (once a day per installation, through the lease scheduler). Each ping is
// followed by the installation $identify and three $groupidentify (Analytics.enqueueTelemetryPing).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import type { Analytics } from './analytics.js';
import { claimInstallEvent, installationCounts, recordRunVersion } from './analytics.queries.js';
import type { OutgoingMessage } from './payloads.js';
import { bucket } from './telemetry-math.js';

export const HEALTH_JOB = 'telemetry.health';

export interface HealthJobOptions {
  periodSeconds: number;
  jitterSeconds: number;
  leaseSeconds: number;
}

export const DEFAULT_HEALTH_JOB: HealthJobOptions = { periodSeconds: 86_400, jitterSeconds: 3_600, leaseSeconds: 600 };

/** Sends telemetry.install unless some process of this installation already did (the flag is claimed atomically). */
export async function sendInstallPingOnce(analytics: Analytics, db: Kysely<DB>): Promise<boolean> {
  if (!analytics.channels.installation.enabled) return false;
  if (!(await claimInstallEvent(db))) return false;
  return analytics.enqueueTelemetryPing('telemetry.install', {});
}

/**
 * At start-up: store the running version (every start, whatever the consent, so a later consent never reports
 * an old upgrade) and send telemetry.update when it changed and telemetry.install when it is due.
 */
export async function startInstallationTelemetry(analytics: Analytics, db: Kysely<DB>): Promise<void> {
  const version = analytics.facts.version;
  const run = await recordRunVersion(db, version);
  analytics.onInstallationChannelEnabled = () => void sendInstallPingOnce(analytics, db).catch(() => undefined);
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
