// Installation telemetry: telemetry.install (once per installation), telemetry.update (at start-up after a
// version change) and telemetry.health (once a day per installation, through the lease scheduler). Each ping is
// followed by the installation $identify and three $groupidentify (Analytics.enqueueTelemetryPing).
//
// telemetry.install is delivered exactly once, not merely attempted once. A process claims it with a lease on the
// installation row (holder + lease_until), renews the lease while the ping waits in its queue, and marks it sent
// only when PostHog accepted (2xx) the batch that contained it (the transport reports accepted events by uuid).
// If the ping is not delivered (upload failed, consent withdrawn, shutdown) the claim is released at once; if the
// process dies first, the claim simply expires. Every process looks again at start-up, when installation
// telemetry is switched on and on every scheduler tick, so an expired, unconfirmed claim is taken over and the
// ping sent. The one remaining duplicate: a process that dies in the milliseconds between PostHog's 2xx and the
// UPDATE that records it (at-least-once in that window). If the database does not answer that UPDATE, the process
// keeps renewing its claim and records the delivery on its next tick instead of letting the claim expire.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import type { Analytics } from './analytics.js';
import {
  claimInstallPing,
  confirmInstallPing,
  installationCounts,
  installPingState,
  recordRunVersion,
  releaseInstallPing,
  renewInstallPing,
} from './analytics.queries.js';
import type { OutgoingMessage } from './payloads.js';
import { bucket } from './telemetry-math.js';

export const HEALTH_JOB = 'telemetry.health';

export interface HealthJobOptions {
  periodSeconds: number;
  jitterSeconds: number;
  leaseSeconds: number;
}

export const DEFAULT_HEALTH_JOB: HealthJobOptions = { periodSeconds: 86_400, jitterSeconds: 3_600, leaseSeconds: 600 };

// Claims, releases and confirmations of the install ping run one after another per runtime, so "disable,
// enable" in quick succession cannot claim before the previous release landed.
const chains = new WeakMap<Analytics, Promise<unknown>>();
function serially<T>(analytics: Analytics, fn: () => Promise<T>): Promise<T> {
  const next = (chains.get(analytics) ?? Promise.resolve()).then(fn, fn);
  chains.set(
    analytics,
    next.catch(() => undefined),
  );
  return analytics.settle(next);
}

export interface InstallPingOptions {
  /** How long a claim holds without renewal (JOB_LEASE_SECONDS): a dead claimer's ping is re-sent after this. */
  leaseSeconds: number;
  /** Identifies this process in the claim (the scheduler's holder id, `host:pid-random`). */
  holder: string;
  now?: () => number;
}

/** The one-time install ping of one runtime: claim (lease), renew while queued, confirm on delivery. */
export class InstallPing {
  /** Seen confirmed (by this or another process): nothing more to do, no more queries. */
  private sent = false;
  /** Claimed by this process and queued or in flight. */
  private pending = false;
  /** Delivered, but recording it failed (database unreachable): retried on the next call, claim kept alive. */
  private unrecorded = false;
  private renewTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly analytics: Analytics,
    private readonly db: Kysely<DB>,
    private readonly options: InstallPingOptions,
  ) {
    this.now = options.now ?? nowSeconds;
  }

  /**
   * Queues telemetry.install unless it was delivered already, this process is sending it, or another process
   * holds a live claim. Cheap to call often (one SELECT until the ping is known to be sent). Resolves true when
   * it queued the ping.
   */
  trySend(): Promise<boolean> {
    return serially(this.analytics, async () => {
      if (this.unrecorded && !this.analytics.isClosed) {
        await this.record();
        return false;
      }
      if (this.sent || this.pending || this.analytics.isClosed || !this.analytics.channels.installation.enabled) return false;
      const state = await installPingState(this.db);
      if (state.sent) {
        this.sent = true;
        return false;
      }
      const now = this.now();
      if (state.leaseUntil > now) return false; // another process is sending it right now
      const { holder, leaseSeconds } = this.options;
      if (!(await claimInstallPing(this.db, holder, now, leaseSeconds))) return false;
      this.pending = true;
      const queued = this.analytics.enqueueTelemetryPing(
        'telemetry.install',
        {},
        {
          onDelivered: () => this.settled(true),
          onDiscard: () => this.settled(false),
        },
      );
      if (!queued) {
        this.pending = false;
        await releaseInstallPing(this.db, holder);
        return false;
      }
      this.startRenewing();
      return true;
    });
  }

  /** Delivered: record it (the at-least-once window is this UPDATE). Not delivered: give the claim back. */
  private settled(delivered: boolean): void {
    this.pending = false;
    if (!delivered) {
      this.stopRenewing();
      void serially(this.analytics, () => releaseInstallPing(this.db, this.options.holder)).catch(() => undefined);
      return;
    }
    this.sent = true;
    this.unrecorded = true;
    void serially(this.analytics, () => this.record()).catch(() => undefined);
  }

  /** Marks the ping sent. If the database does not answer, the claim stays renewed and the next call retries. */
  private async record(): Promise<void> {
    try {
      await confirmInstallPing(this.db);
      this.unrecorded = false;
      this.stopRenewing();
    } catch {
      // Still ours while renewals get through; the next tick (or start) tries again.
    }
  }

  /** Keeps the claim alive while the ping waits in the queue (flush interval, a slow PostHog, retries). */
  private startRenewing(): void {
    const { leaseSeconds, holder } = this.options;
    const everyMs = Math.max(500, Math.floor((leaseSeconds * 1000) / 3));
    this.renewTimer = setInterval(() => {
      if ((!this.pending && !this.unrecorded) || this.analytics.isClosed) return this.stopRenewing();
      // The claim can only be lost if this process stalled for a whole lease; then another process may be
      // sending it too, and renewing stops (a duplicate is possible in that case only).
      void renewInstallPing(this.db, holder, this.now(), leaseSeconds).then(
        (held) => held || this.stopRenewing(),
        () => undefined,
      );
    }, everyMs);
    this.renewTimer.unref();
  }

  private stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }
}

/**
 * At start-up: store the running version (every start, whatever the consent, so a later consent never reports
 * an old upgrade) and send telemetry.update when it changed and telemetry.install when it is due. The returned
 * InstallPing is to be retried on every scheduler tick (it takes over a claim left behind by a dead process).
 */
export async function startInstallationTelemetry(analytics: Analytics, db: Kysely<DB>, options: InstallPingOptions): Promise<InstallPing> {
  const version = analytics.facts.version;
  const run = await recordRunVersion(db, version);
  const installPing = new InstallPing(analytics, db, options);
  analytics.onInstallationChannelEnabled = async () => {
    await installPing.trySend();
  };
  await installPing.trySend();
  if (run.changed && run.previous !== null) {
    analytics.enqueueTelemetryPing('telemetry.update', { old_version: run.previous, new_version: version });
  }
  return installPing;
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
