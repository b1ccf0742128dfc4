// Wires one running instance: config → secret → database (migrated) → installation row → analytics → app.
// main.ts uses it for the real server; tests use it to start isolated instances with their own env.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config/config.js';
import { resolveSecretKey } from './config/secret-key.js';
import { migrateToLatest, openDatabase, type Database } from './db/database.js';
import { buildApp, type BuildAppOptions } from './app.js';
import type { AppContext } from './app-context.js';
import { ensureInstallation } from './features/installation/installation.js';
import { bootstrapAdminFromConfig } from './features/setup/setup.service.js';
import { Analytics, type AnalyticsOptions } from './features/analytics/analytics.js';
import { DEFAULT_HEALTH_JOB, registerHealthJob, startInstallationTelemetry, type HealthJobOptions } from './features/analytics/telemetry.js';
import { JobScheduler, type SchedulerOptions } from './features/jobs/scheduler.js';
import { createLiveBus } from './features/live/event-bus.js';
import { registerAuthPurgeJob } from './features/auth/purge-job.js';
import { registerDeletedEntriesPurgeJob } from './features/time-entries/purge-job.js';
import { APP_VERSION } from './version.js';
import { heavyWorkLimits } from './http/heavy-work.js';
import { ReaderThreadPool } from './features/exports/page-reader.js';
import { AppMetrics } from './features/metrics/metrics.js';
import { buildMetricsServer } from './features/metrics/metrics.routes.js';

export interface Runtime {
  config: Config;
  ctx: AppContext;
  database: Database;
  app: FastifyInstance;
  analytics: Analytics;
  jobs: JobScheduler;
  /** The server of METRICS_PORT (listening), when metrics have a port of their own. */
  metricsServer: FastifyInstance | undefined;
  /**
   * Stops the app, flushes what must be flushed, closes the database — all by `deadline` (epoch ms; default
   * CLOSE_BUDGET_MS from now), however slow clients, jobs or PostHog are. Idempotent.
   */
  close(options?: { deadline?: number }): Promise<void>;
}

/** How long close() takes at most when the caller names no deadline. */
export const CLOSE_BUDGET_MS = 2400;
/** Open requests get at most this long to finish at close; connections still open then are cut. */
const DRAIN_MAX_MS = 1000;
/** Kept back from the analytics flush for what follows it: the upload thread, the live listener, the database. */
const AFTER_FLUSH_RESERVE_MS = 100;

/** Waits for the promise, but no longer than ms; true when it settled in time. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RuntimeOptions extends BuildAppOptions {
  /** Overrides the version (tests of upgrade telemetry). */
  version?: string;
  /** Analytics tuning (tests: short flush intervals and timeouts). */
  analytics?: Partial<AnalyticsOptions>;
  /** Lease scheduler tuning (tests: short ticks). */
  jobs?: Partial<SchedulerOptions>;
  /** Schedule of the daily health ping (tests: no jitter). */
  healthJob?: HealthJobOptions;
}

export function sqliteFileFor(config: Config): string {
  return path.join(config.DATA_DIR, 'timetracker.sqlite');
}

export async function createRuntime(env: Record<string, string | undefined>, options: RuntimeOptions = {}): Promise<Runtime> {
  const config = loadConfig(env);
  const secretKey = resolveSecretKey(config.SECRET_KEY, config.DATA_DIR);
  const version = options.version ?? APP_VERSION;
  // Made before the database: Kysely's log hook, which times the statements, is given when Kysely is created.
  const metrics = config.METRICS_ENABLED ? new AppMetrics({ version, database: config.DATABASE_URL ? 'postgres' : 'sqlite' }) : undefined;
  const database = await openDatabase({
    url: config.DATABASE_URL,
    sqliteFile: sqliteFileFor(config),
    poolSize: config.DATABASE_POOL_SIZE,
    ...(metrics ? { log: metrics.queryLogger } : {}),
  });
  let closeLive = async () => undefined as void;
  let closeAnalytics = async () => undefined as void;
  let metricsServer: FastifyInstance | undefined;
  try {
    await migrateToLatest(database.db);
    const installation = await ensureInstallation(database.db, version);
    const startedAt = Date.now();
    const analytics = new Analytics({ db: database.db, config, version, installation, options: options.analytics });
    closeAnalytics = () => analytics.close();
    const live = await createLiveBus({ kind: database.kind, db: database.db, url: config.DATABASE_URL });
    closeLive = () => live.close();
    const jobs = new JobScheduler(database.db, { tickMs: config.JOB_TICK_SECONDS * 1000, ...options.jobs });
    const ctx: AppContext = {
      config,
      db: database.db,
      dbKind: database.kind,
      bulk: database.bulk,
      version,
      secretKey,
      analytics,
      live,
      jobs,
      heavyWork: heavyWorkLimits(config, database.kind),
      exportReaders: new ReaderThreadPool(database.bulk.source, config.EXPORT_READER_THREADS),
      metrics,
    };
    if (metrics) {
      metrics.attach({ liveStreams: () => live.subscriberCount(), pool: () => database.poolStats(), analytics });
      jobs.onRun((name, failed) => metrics.jobFinished(name, failed));
    }
    await bootstrapAdminFromConfig(ctx);
    const app = await buildApp(ctx, options);
    live.setLogger(app.log);
    if (metrics && config.METRICS_PORT !== undefined) {
      metricsServer = buildMetricsServer(metrics, config, app.log);
      await metricsServer.listen({ port: config.METRICS_PORT, host: config.HOST });
    }
    // The install ping is claimed with the same lease length as background jobs, and retried on every tick.
    const installPing = await startInstallationTelemetry(analytics, database.db, { leaseSeconds: config.JOB_LEASE_SECONDS, holder: jobs.options.holder });
    jobs.everyTick(() => installPing.trySend());
    // Events another process (or this installation's last run) stored at shutdown: taken over now and on every tick.
    analytics.startOutbox({ holder: jobs.options.holder, leaseSeconds: config.JOB_LEASE_SECONDS });
    await analytics.resumeStored();
    jobs.everyTick(() => analytics.resumeStored());
    registerHealthJob(jobs, analytics, database.db, startedAt, options.healthJob ?? { ...DEFAULT_HEALTH_JOB, leaseSeconds: config.JOB_LEASE_SECONDS });
    registerAuthPurgeJob(jobs, database.db, config);
    registerDeletedEntriesPurgeJob(jobs, database.db, config);
    jobs.start();
    let closing: Promise<void> | undefined;
    return {
      config,
      ctx,
      database,
      app,
      analytics,
      jobs,
      metricsServer,
      close: (options = {}) =>
        (closing ??= (async () => {
          const deadline = options.deadline ?? Date.now() + CLOSE_BUDGET_MS;
          const left = () => deadline - Date.now();
          // New connections are refused at once; open requests get a moment. A client still sending after that
          // (or a handler still waiting) is cut off, so it cannot hold the flush and the database close behind it.
          const appClosed = Promise.all([app.close(), metricsServer?.close()]);
          if (!(await settlesWithin(appClosed, Math.min(DRAIN_MAX_MS, left() / 3)))) {
            app.server.closeAllConnections();
            metricsServer?.server.closeAllConnections();
            await settlesWithin(appClosed, left() - AFTER_FLUSH_RESERVE_MS);
          }
          await settlesWithin(Promise.all([ctx.exportReaders.close(), jobs.stop()]), left() - AFTER_FLUSH_RESERVE_MS);
          // Analytics gets what is left (at most its own shutdownTimeoutMs) and keeps the reserve for the rest.
          await analytics.close({ budgetMs: left() - AFTER_FLUSH_RESERVE_MS });
          await live.close();
          await database.close();
        })()),
    };
  } catch (error) {
    await metricsServer?.close();
    await closeAnalytics();
    await closeLive();
    await database.close();
    throw error;
  }
}
