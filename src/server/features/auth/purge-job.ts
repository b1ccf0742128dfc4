// Expired sessions and forgotten login-throttle buckets would otherwise stay in the database for ever (both are
// only ever checked, never deleted, on the request path). One background job, run hourly by one process of the
// installation (features/jobs/scheduler.ts), deletes them.
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import { purgeStaleBuckets } from './login-throttle.queries.js';
import { deleteExpiredSessions } from './sessions.js';

export const AUTH_PURGE_JOB = 'auth.purge';

export function registerAuthPurgeJob(jobs: JobScheduler, db: Kysely<DB>, config: Pick<Config, 'LOGIN_WINDOW_MINUTES' | 'JOB_LEASE_SECONDS'>): void {
  jobs.register({
    name: AUTH_PURGE_JOB,
    periodSeconds: 3600,
    jitterSeconds: 600,
    leaseSeconds: config.JOB_LEASE_SECONDS,
    run: async () => {
      await deleteExpiredSessions(db);
      await purgeStaleBuckets(db, config.LOGIN_WINDOW_MINUTES * 60, nowSeconds());
    },
  });
}
