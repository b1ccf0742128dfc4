import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';
import type { Principal } from '../auth/principal.js';

/**
 * Whether the session or token that opened a stream is still valid and its user still active: undefined when
 * not, else when it expires (epoch seconds; null: never). A session's expiry slides with its use.
 */
export async function credentialState(db: Kysely<DB>, principal: Principal): Promise<{ expiresAt: number | null } | undefined> {
  const now = nowSeconds();
  if (principal.via === 'session') {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.user_id', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', principal.sessionIdHash)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', 1)
      .executeTakeFirst();
    return row?.user_id === principal.user.id ? { expiresAt: Number(row.expires_at) } : undefined;
  }
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.user_id', 'api_tokens.expires_at'])
    .where('api_tokens.id', '=', principal.tokenId)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  if (row === undefined || row.user_id !== principal.user.id) return undefined;
  const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
  return expiresAt === null || expiresAt > now ? { expiresAt } : undefined;
}
