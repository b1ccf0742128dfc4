// The one owner of the heavy-work limits: exports (CSV, XLSX, PDF), imports and reports over long ranges may
// run only so many at once per user and per process (HEAVY_WORK_PER_USER, HEAVY_WORK_PER_PROCESS). Past
// either limit the request is refused at once with 429 `rate_limited` and a Retry-After header, so one user
// cannot take the process's memory, threads and database connections. A slot is held until the response is
// over: sent, failed, or the client gone.
import type { FastifyReply } from 'fastify';
import type { Config } from '../config/config.js';
import type { DatabaseKind } from '../db/database.js';
import { SlotLimiter } from '../lib/slot-limiter.js';
import type { Principal } from '../features/auth/principal.js';
import { AppError } from './errors.js';

export type HeavyWorkKind = 'export' | 'import' | 'report';

/** Reports over a range longer than this count as heavy work (the default range, a month, does not). */
export const LONG_REPORT_DAYS = 93;
/** What a refused caller is told to wait: heavy requests typically finish or stall out within seconds. */
export const HEAVY_RETRY_AFTER_SECONDS = 5;
/** PostgreSQL connections left to the rest of the app whatever the exports do. */
const POOL_RESERVE = 2;
/** Connections one export can hold at once: its read-ahead page and a name lookup. */
const CONNECTIONS_PER_EXPORT = 2;

export type HeavyWorkLimiter = SlotLimiter<number>;

/**
 * The limits in force. On PostgreSQL the process limit is also held below what the pool can give, so exports
 * always leave connections for everyone else (the read-ahead of twenty stalled exports once timed out waiting
 * for one and took the process down).
 */
export function heavyWorkLimits(config: Config, kind: DatabaseKind): HeavyWorkLimiter {
  let total = config.HEAVY_WORK_PER_PROCESS;
  if (kind === 'postgres') {
    total = Math.min(total, Math.max(1, Math.floor((config.DATABASE_POOL_SIZE - POOL_RESERVE) / CONNECTIONS_PER_EXPORT)));
  }
  return new SlotLimiter<number>({ perKey: Math.min(config.HEAVY_WORK_PER_USER, total), total });
}

/**
 * Takes a heavy-work slot for the caller until `reply` is over, or throws 429. Call it in the route before
 * any work is done.
 */
export function holdHeavyWorkSlot(limiter: HeavyWorkLimiter, principal: Principal, reply: FastifyReply, kind: HeavyWorkKind): void {
  const slot = limiter.tryAcquire(principal.user.id);
  if ('refused' in slot) {
    const who =
      slot.refused === 'key'
        ? `You already run ${limiter.limits.perKey} exports, imports or long reports at once`
        : 'The server runs as many exports, imports and long reports as it allows at once';
    throw new AppError(429, 'rate_limited', `${who}; try this ${kind} again in ${HEAVY_RETRY_AFTER_SECONDS} s.`, {
      retry_after_seconds: HEAVY_RETRY_AFTER_SECONDS,
      limit: slot.refused === 'key' ? 'per_user' : 'per_process',
    });
  }
  // 'close' comes once the response is over, whether it was sent, failed or the client went away.
  reply.raw.once('close', slot.release);
  if (reply.raw.destroyed) slot.release();
}
