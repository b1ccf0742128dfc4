import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';
import type { Principal } from '../auth/principal.js';

/** Whether the session or token that opened a stream is still valid and its user still active. */
export async function stillAuthorized(db: Kysely<DB>, principal: Principal): Promise<boolean> {
  const now = nowSeconds();
  if (principal.via === 'session') {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.user_id')
      .where('sessions.id_hash', '=', principal.sessionIdHash)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', 1)
      .executeTakeFirst();
    return row?.user_id === principal.user.id;
  }
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.user_id', 'api_tokens.expires_at'])
    .where('api_tokens.id', '=', principal.tokenId)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return row !== undefined && row.user_id === principal.user.id && (row.expires_at === null || row.expires_at > now);
}
