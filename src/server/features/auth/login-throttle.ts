// Failed-login throttling, counted in the database so every app process sharing it sees the same numbers.
//
// - Every attempt is counted (reserved) *before* its password is checked, in one atomic statement: a burst of
//   parallel guesses gets at most `maxAttempts` password checks per bucket, and a right password arriving after
//   the limit is refused like a wrong one.
// - Buckets: a browser holding a valid device cookie for the account is counted per device (device cookie,
//   OWASP's scheme); every other client counts against the account (`account:<name>`, over all addresses). An
//   attacker elsewhere can therefore lock the account only for untrusted clients, never a browser that signed in
//   before. There is deliberately no bucket per address alone: one address failing on many accounts must not
//   lock the others (the per-address request-rate limit of the login route bounds spraying).
// - Back-off grows: the attempt reaching the limit locks the bucket for `firstLockSeconds`; each failure after a
//   lock doubles it, up to `maxLockSeconds`. A bucket is forgotten after `windowSeconds` without attempts and
//   without a lock, or at once after a successful sign-in.
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { accountBucket } from './device-cookie.js';
import { lockedUntil, reserveAttempt, resetBucket, type ThrottleRule } from './login-throttle.queries.js';

export type { ThrottleRule } from './login-throttle.queries.js';

export function throttleRule(config: Pick<Config, 'LOGIN_MAX_ATTEMPTS' | 'LOGIN_WINDOW_MINUTES' | 'LOGIN_LOCKOUT_SECONDS' | 'LOGIN_MAX_LOCKOUT_MINUTES'>): ThrottleRule {
  return {
    maxAttempts: config.LOGIN_MAX_ATTEMPTS,
    windowSeconds: config.LOGIN_WINDOW_MINUTES * 60,
    firstLockSeconds: config.LOGIN_LOCKOUT_SECONDS,
    maxLockSeconds: Math.max(config.LOGIN_LOCKOUT_SECONDS, config.LOGIN_MAX_LOCKOUT_MINUTES * 60),
  };
}

/** Counts the attempt against `bucket`, or throws 429 rate_limited (with Retry-After) while it is locked. */
export async function reserveLoginAttempt(db: Kysely<DB>, rule: ThrottleRule, bucket: string): Promise<void> {
  const now = nowSeconds();
  if ((await reserveAttempt(db, bucket, rule, now)) !== undefined) return;
  const seconds = Math.max(1, (await lockedUntil(db, bucket)) - now);
  throw new AppError(429, 'rate_limited', `Too many failed sign-in attempts. Try again in ${seconds} s.`, {
    retry_after_seconds: seconds,
  });
}

/** A successful sign-in (or an admin's password reset) lifts the bucket's count and lock. */
export const clearLoginBucket = (db: Kysely<DB>, bucket: string): Promise<void> => resetBucket(db, bucket);

/** Lifts the lock of an account for untrusted clients (CLI password reset). */
export const clearUserFailures = (db: Kysely<DB>, username: string): Promise<void> => resetBucket(db, accountBucket(username));
