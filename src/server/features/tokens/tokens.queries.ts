import type { Insertable, Kysely } from 'kysely';
import type { ApiTokenRow, ApiTokensTable, DB } from '../../db/schema.js';
import { boundLimit } from '../../db/limits.js';

export function insertToken(db: Kysely<DB>, values: Insertable<ApiTokensTable>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

/** One page of a user's tokens (`'all'`: everyone's), newest first; `beforeId` is the last id of the previous page. */
export function listUserTokens(
  db: Kysely<DB>,
  userId: number | 'all',
  page: { limit: number; beforeId?: number },
): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .$if(userId !== 'all', (q) => q.where('user_id', '=', userId as number))
    .$if(page.beforeId !== undefined, (q) => q.where('id', '<', page.beforeId!))
    .orderBy('id', 'desc')
    .limit(boundLimit(page.limit))
    .execute();
}

/** Revokes every token of a user (deactivation). */
export async function deleteUserTokens(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}

/**
 * Deletes the token only when it belongs to the user (`'any'`: whoever owns it, for admins); answers the owner
 * of the deleted token, or undefined when no row went.
 */
export async function deleteUserToken(db: Kysely<DB>, userId: number | 'any', tokenId: number): Promise<number | undefined> {
  const row = await db
    .deleteFrom('api_tokens')
    .where('id', '=', tokenId)
    .$if(userId !== 'any', (q) => q.where('user_id', '=', userId as number))
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
