// Failed-login throttling per username and per client IP, counted in the database so every app process
// sharing it sees the same numbers.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { countRecentFailures } from './auth.queries.js';
import { nowSeconds } from '../../lib/clock.js';

export interface ThrottleSettings {
  maxAttempts: number;
  windowMinutes: number;
}

const keysFor = (username: string, ip: string) => [`user:${username.toLowerCase()}`, `ip:${ip}`];

export async function assertLoginAllowed(db: Kysely<DB>, settings: ThrottleSettings, username: string, ip: string): Promise<void> {
  const windowSeconds = settings.windowMinutes * 60;
  const counts = await countRecentFailures(db, keysFor(username, ip), nowSeconds() - windowSeconds);
  if ([...counts.values()].some((n) => n >= settings.maxAttempts)) {
    throw new AppError(429, 'rate_limited', 'Too many failed sign-in attempts. Wait a few minutes and try again.', {
      retry_after_seconds: windowSeconds,
    });
  }
}

export async function recordLoginFailure(db: Kysely<DB>, settings: ThrottleSettings, username: string, ip: string): Promise<void> {
  const now = nowSeconds();
  await db
    .insertInto('auth_failures')
    .values(keysFor(username, ip).map((key) => ({ key, at: now })))
    .execute();
  // Old rows are useless; prune them opportunistically.
  await db.deleteFrom('auth_failures').where('at', '<', now - settings.windowMinutes * 60 * 2).execute();
}

export async function clearUserFailures(db: Kysely<DB>, username: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('key', '=', `user:${username.toLowerCase()}`).execute();
}
