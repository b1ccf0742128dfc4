// Deleted entries stay restorable for DELETED_ENTRIES_RETENTION_HOURS; this hourly job, run by one process of the
// installation (features/jobs/scheduler.ts), then removes them for good.
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import { purgeDeletedBefore } from './deleted-entries.queries.js';

export const DELETED_ENTRIES_PURGE_JOB = 'time_entries.purge_deleted';

export function registerDeletedEntriesPurgeJob(
  jobs: JobScheduler,
  db: Kysely<DB>,
  config: Pick<Config, 'DELETED_ENTRIES_RETENTION_HOURS' | 'JOB_LEASE_SECONDS'>,
): void {
  jobs.register({
    name: DELETED_ENTRIES_PURGE_JOB,
    periodSeconds: 3600,
    jitterSeconds: 600,
    leaseSeconds: config.JOB_LEASE_SECONDS,
    run: async () => {
      await purgeDeletedBefore(db, nowSeconds() - config.DELETED_ENTRIES_RETENTION_HOURS * 3600);
    },
  });
}
