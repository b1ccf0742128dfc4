import type { Kysely } from 'kysely';
import type { DB, SessionRow, UserRow } from '../../db/schema.js';

export async function findSessionWithUser(db: Kysely<DB>, idHash: string, now: number): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const session = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!session) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).where('active', '=', 1).executeTakeFirst();
  return user ? { session, user } : undefined;
}

export async function findTokenWithUser(db: Kysely<DB>, tokenHash: string, now: number) {
  const token = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!token || (token.expires_at !== null && token.expires_at <= now)) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).where('active', '=', 1).executeTakeFirst();
  return user ? { token, user } : undefined;
}

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').selectAll().where('username_lower', '=', username.toLowerCase()).executeTakeFirst();
}
