import type { Insertable, Kysely } from 'kysely';
import type { ApiTokenRow, ApiTokensTable, DB } from '../../db/schema.js';

export function insertToken(db: Kysely<DB>, values: Insertable<ApiTokensTable>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

/** One page of a user's tokens, newest first; `beforeId` is the last id of the previous page. */
export function listUserTokens(
  db: Kysely<DB>,
  userId: number,
  page: { limit: number; beforeId?: number },
): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(page.beforeId !== undefined, (q) => q.where('id', '<', page.beforeId!))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}

/** Revokes every token of a user (deactivation). */
export async function deleteUserTokens(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}

/** Deletes the token only when it belongs to the user; answers whether a row went. */
export async function deleteUserToken(db: Kysely<DB>, userId: number, tokenId: number): Promise<boolean> {
  const result = await db.deleteFrom('api_tokens').where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
