// GET /api/v1/admin/jobs: what the background jobs are doing across every process sharing the database.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiTime, errorResponse, toApiTime } from '../../http/wire.js';
import { nowSeconds } from '../../lib/clock.js';

const jobSchema = z.object({
  name: z.string(),
  registered: z.boolean().describe('false when only the database row is left (e.g. a job of another version)'),
  period_seconds: z.number().int().nullable(),
  lease_seconds: z.number().int().nullable(),
  state: z
    .enum(['never_run', 'idle', 'running', 'lease_expired'])
    .describe('lease_expired: the holder stopped without finishing (e.g. it crashed); the next tick of any process takes the job over'),
  holder: z.string().nullable().describe('the process running the job (host:pid-id); after a crash it stays until the lease expires'),
  lease_until: apiTime.nullable(),
  last_run_at: apiTime.nullable(),
  next_run_at: apiTime.nullable().describe('due from then on; the first process to tick after it runs the job'),
  last_error: z.string().nullable(),
});

export const jobsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/admin/jobs', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['admin'],
      summary: 'Background jobs: last run, next run, last error and current holder',
      description:
        'Jobs run once per installation, not once per process: every process checks for due jobs, and a lease row in the ' +
        'database lets exactly one of them run each job. Rows are shared, so every process answers the same.',
      response: {
        200: z.object({ this_process: z.string().describe('the holder name of the process that answered'), items: z.array(jobSchema) }),
        401: errorResponse,
        403: errorResponse,
      },
    },
    handler: async () => {
      const { jobs } = app.ctx;
      const rows = new Map((await jobs.status()).map((row) => [row.name, row]));
      const definitions = new Map(jobs.definitions().map((d) => [d.name, d]));
      const now = nowSeconds();
      const names = [...new Set([...definitions.keys(), ...rows.keys()])].sort();
      return {
        this_process: jobs.options.holder,
        items: names.map((name) => {
          const row = rows.get(name);
          const definition = definitions.get(name);
          const state = !row
            ? ('never_run' as const)
            : row.holder === null
              ? ('idle' as const)
              : row.leaseUntil > now
                ? ('running' as const)
                : ('lease_expired' as const);
          return {
            name,
            registered: definition !== undefined,
            period_seconds: definition?.periodSeconds ?? null,
            lease_seconds: definition?.leaseSeconds ?? null,
            state: state === 'idle' && row?.lastRunAt === null ? ('never_run' as const) : state,
            holder: row?.holder ?? null,
            lease_until: row && row.holder !== null ? toApiTime(row.leaseUntil) : null,
            last_run_at: toApiTime(row?.lastRunAt ?? null),
            next_run_at: toApiTime(row?.nextRunAt ?? null),
            last_error: row?.lastError ?? null,
          };
        }),
      };
    },
  });
};
