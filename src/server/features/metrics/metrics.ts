// The Prometheus metrics of one app instance (METRICS_ENABLED): its own prom-client registry, so several apps in
// one process (tests) never share or double-register a series. The hot path costs one histogram observe per
// request and one per database query; everything that already has a count elsewhere (open event streams, the
// pool, the analytics counters) is read only when Prometheus scrapes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LogEvent } from 'kysely';
import type { PoolStats } from '../../db/database.js';
import type { AnalyticsCounters } from '../analytics/analytics.js';
import { queryKind, type QueryKind } from './metric-labels.js';

export const METRIC_PREFIX = 'timetracker_';

/** What the metrics read at scrape time; bound once the runtime has built them (after the database). */
export interface MetricSources {
  liveStreams(): number;
  pool(): PoolStats;
  analytics: { readonly counters: AnalyticsCounters; readonly queueLength: number };
}

// Latency buckets (seconds): most API answers take a few ms; exports and reports may take seconds.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Single statements on a local SQLite file take well under a millisecond.
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const ANALYTICS_COUNTERS = ['queued', 'sent', 'failed', 'dropped'] as const;

// Default metrics (CPU, memory, event-loop lag, GC, handles) describe the process, not an app, and prom-client
// starts an event-loop monitor and a GC observer for each registry it fills that are never stopped: one
// registry for the whole process, created by the first app that enables metrics.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
  }
  return processRegistry;
}

export class AppMetrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  private readonly requests: Histogram<'route' | 'method' | 'status_class'>;
  private readonly errors: Counter<'code'>;
  private readonly queries: Histogram<'kind'>;
  private readonly queryErrors: Counter<'kind'>;
  private readonly jobRuns: Counter<'job'>;
  private readonly jobFailures: Counter<'job'>;

  constructor(info: { version: string; database: 'sqlite' | 'postgres' }) {
    const registers = [this.registry];
    processMetrics();
    new Gauge({
      name: `${METRIC_PREFIX}info`,
      help: 'Always 1; the labels tell the version and the database kind.',
      labelNames: ['version', 'database'],
      registers,
    }).set({ version: info.version, database: info.database }, 1);
    this.requests = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP requests by route template (unmatched: no route), method and status class; _count is the request rate.',
      labelNames: ['route', 'method', 'status_class'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: `${METRIC_PREFIX}http_errors_total`,
      help: 'Error answers by the API error code (other: not the error shape).',
      labelNames: ['code'],
      registers,
    });
    this.queries = new Histogram({
      name: `${METRIC_PREFIX}db_query_duration_seconds`,
      help: 'Database statements run through the query builder, by kind.',
      labelNames: ['kind'],
      buckets: QUERY_BUCKETS,
      registers,
    });
    this.queryErrors = new Counter({
      name: `${METRIC_PREFIX}db_query_errors_total`,
      help: 'Database statements that failed, by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.jobRuns = new Counter({
      name: `${METRIC_PREFIX}job_runs_total`,
      help: 'Background job runs in this process, by job.',
      labelNames: ['job'],
      registers,
    });
    this.jobFailures = new Counter({
      name: `${METRIC_PREFIX}job_failures_total`,
      help: 'Background job runs that failed, by job.',
      labelNames: ['job'],
      registers,
    });
    this.scrapeTimeGauges(registers);
  }

  /** Connects what is read at scrape time. */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  observeRequest(route: string, method: string, statusClass: string, seconds: number): void {
    this.requests.observe({ route, method, status_class: statusClass }, seconds);
  }

  countError(code: string): void {
    this.errors.inc({ code });
  }

  jobFinished(job: string, failed: boolean): void {
    this.jobRuns.inc({ job });
    if (failed) this.jobFailures.inc({ job });
  }

  /** Kysely's `log` option: times every statement by kind (never its text or values). */
  readonly queryLogger = (event: LogEvent): void => {
    const kind: QueryKind = queryKind(event.query.query.kind, event.query.sql);
    if (event.level === 'error') this.queryErrors.inc({ kind });
    else this.queries.observe({ kind }, event.queryDurationMillis / 1000);
  };

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text Prometheus scrapes: the process's default metrics, then this app's. */
  async scrape(): Promise<string> {
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }

  private scrapeTimeGauges(registers: Registry[]): void {
    // `self` because prom-client calls collect() with the metric as `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: `${METRIC_PREFIX}live_streams`,
      help: 'Open live update streams (GET /api/v1/events, server-sent events) in this process.',
      registers,
      collect() {
        if (self.sources) this.set(self.sources.liveStreams());
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}db_pool_max`,
      help: 'Most database connections this process opens (DATABASE_POOL_SIZE; 1 on SQLite).',
      registers,
      collect() {
        if (self.sources) this.set(self.sources.pool().max);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}db_pool_connections`,
      help: 'Open database connections of the pool by state (idle, in_use).',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = self.sources?.pool();
        if (pool?.idle !== undefined) this.set({ state: 'idle' }, pool.idle);
        if (pool?.inUse !== undefined) this.set({ state: 'in_use' }, pool.inUse);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}db_pool_waiting`,
      help: 'Queries waiting for a free database connection.',
      registers,
      collect() {
        const waiting = self.sources?.pool().waiting;
        if (waiting !== undefined) this.set(waiting);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}analytics_queue_length`,
      help: 'Analytics events waiting in memory to be sent to PostHog.',
      registers,
      collect() {
        if (self.sources) this.set(self.sources.analytics.queueLength);
      },
    });
    for (const outcome of ANALYTICS_COUNTERS) {
      // The analytics module counts for itself (GET /api/v1/admin/telemetry shows the same numbers); a counter here only
      // catches up with it at scrape time, so analytics pays nothing for being measured.
      let reported = 0;
      new Counter({
        name: `${METRIC_PREFIX}analytics_${outcome}_events_total`,
        help: ANALYTICS_HELP[outcome],
        registers,
        collect() {
          const now = self.sources?.analytics.counters[outcome];
          if (now !== undefined && now > reported) {
            this.inc(now - reported);
            reported = now;
          }
        },
      });
    }
  }
}

const ANALYTICS_HELP: Record<(typeof ANALYTICS_COUNTERS)[number], string> = {
  queued: 'Analytics events accepted onto the queue (including ones taken over from the database).',
  sent: 'Analytics events PostHog accepted.',
  failed: 'Analytics events PostHog refused for good, or still failing an hour after their first attempt.',
  dropped: 'Analytics events pushed out by a full queue, or still queued when their channel was switched off.',
};
