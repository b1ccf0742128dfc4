import type { Kysely } from 'kysely';
import type { Config } from './config/config.js';
import type { DB } from './db/schema.js';
import type { DatabaseKind } from './db/database.js';
import type { BulkReader } from './db/bulk-reader.js';
import type { HeavyWorkLimiter } from './http/heavy-work.js';
import type { ReaderThreadPool } from './features/exports/page-reader.js';
import type { AnalyticsSink } from './features/analytics/sink.js';
import type { LiveBus } from './features/live/event-bus.js';
import type { JobScheduler } from './features/jobs/scheduler.js';
import type { Principal, RequiredScope } from './features/auth/principal.js';
import type { AppMetrics } from './features/metrics/metrics.js';

/** Everything a feature needs, built once per app instance (several can live in one test process). */
export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  /** Array-row reads of many rows (exports). */
  bulk: BulkReader;
  version: string;
  secretKey: string;
  analytics: AnalyticsSink;
  /** Live updates to the user's open event streams (GET /api/v1/events), across processes on PostgreSQL. */
  live: LiveBus;
  /** Background jobs that run once per installation (lease rows in job_leases); GET /api/v1/admin/jobs shows them. */
  jobs: JobScheduler;
  /** Exports, imports and long reports running now, per user and in total (http/heavy-work.ts). */
  heavyWork: HeavyWorkLimiter;
  /** The bounded pool of threads that read large exports' pages. */
  exportReaders: ReaderThreadPool;
  /** Prometheus metrics of this instance; undefined unless METRICS_ENABLED. */
  metrics: AppMetrics | undefined;
}

/**
 * Who may call a route. Every /api/v1 route declares one in `config.auth`; app.ts refuses to start otherwise.
 * - public: anyone (the principal is still resolved when credentials are sent)
 * - user: a signed-in session or a token; `scope` is what a token needs, `admin` requires the admin role,
 *   `sessionOnly` refuses tokens (e.g. changing the password or minting tokens).
 */
export type AuthRequirement = { public: true } | { scope?: RequiredScope; admin?: boolean; sessionOnly?: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
}
