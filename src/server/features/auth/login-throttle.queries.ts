// SQL of the login throttle. The reservation is one upsert, atomic on SQLite and PostgreSQL alike: it counts the
// attempt and decides whether it may go ahead in the same statement, so parallel requests cannot all read
// "below the limit" before any of them is counted.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface ThrottleRule {
  /** Attempts per bucket before the first lock. */
  maxAttempts: number;
  /** First lock (seconds); every further failure doubles it, up to maxLockSeconds. */
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** A bucket is forgotten after this long without attempts and without a lock. */
  windowSeconds: number;
}

// pg sends parameters untyped; casting keeps PostgreSQL from reading a lone `$n` in a CASE as text.
const n = (value: number): RawBuilder<number> => sql<number>`cast(${value} as bigint)`;

/**
 * Counts one attempt against the bucket unless it is locked. Answers the attempt's number within the bucket, or
 * undefined when the bucket is locked (the attempt must be refused without checking the password). The attempt
 * that reaches the limit locks the bucket at once, so while it is checked no other attempt passes.
 */
export async function reserveAttempt(db: Kysely<DB>, key: string, rule: ThrottleRule, now: number): Promise<number | undefined> {
  const stale = sql`(login_throttle.updated_at + ${n(rule.windowSeconds)} <= ${n(now)} and login_throttle.locked_until + ${n(rule.windowSeconds)} <= ${n(now)})`;
  const attempt = sql`(case when ${stale} then 1 else login_throttle.failures + 1 end)`;
  const lastLock = sql`(case when ${stale} then 0 else login_throttle.lock_seconds end)`;
  const nextLock = sql`(case when ${lastLock} = 0 then ${n(rule.firstLockSeconds)} when ${lastLock} * 2 > ${n(rule.maxLockSeconds)} then ${n(rule.maxLockSeconds)} else ${lastLock} * 2 end)`;
  const reachesLimit = sql`${attempt} >= ${n(rule.maxAttempts)}`;
  const firstLocks = rule.maxAttempts <= 1;
  const result = await sql<{ failures: number }>`
    insert into login_throttle (key, failures, lock_seconds, locked_until, updated_at)
    values (${key}, 1, ${n(firstLocks ? rule.firstLockSeconds : 0)}, ${n(firstLocks ? now + rule.firstLockSeconds : 0)}, ${n(now)})
    on conflict (key) do update set
      failures = ${attempt},
      lock_seconds = case when ${reachesLimit} then ${nextLock} else ${lastLock} end,
      locked_until = case when ${reachesLimit} then ${n(now)} + ${nextLock} else 0 end,
      updated_at = ${n(now)}
    where login_throttle.locked_until <= ${n(now)}
    returning failures`.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : Number(row.failures);
}

/** Until when a bucket is locked (0 when it is not). */
export async function lockedUntil(db: Kysely<DB>, key: string): Promise<number> {
  const row = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  return row ? Number(row.locked_until) : 0;
}

/** A successful sign-in resets its bucket. */
export async function resetBucket(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Buckets neither locked nor touched within the window are forgotten; answers how many went. */
export async function purgeStaleBuckets(db: Kysely<DB>, windowSeconds: number, now: number): Promise<number> {
  const result = await db
    .deleteFrom('login_throttle')
    .where('updated_at', '<=', now - windowSeconds)
    .where('locked_until', '<=', now - windowSeconds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
