// Queries of SSO sign-in; the same code runs on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../../db/database.js';
import type { DB, UserRow } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';

export function findUserByOidcIdentity(db: Kysely<DB>, issuer: string, subject: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
}

/** Stores the SSO identity on a user that has none yet; undefined when someone else linked it first. */
export function linkOidcIdentity(db: Kysely<DB>, userId: number, issuer: string, subject: string): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ oidc_issuer: issuer, oidc_subject: subject, updated_at: nowSeconds() })
    .where('id', '=', userId)
    .where('oidc_subject', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function usernameTaken(db: Kysely<DB>, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username_lower', '=', username.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the admin role away unless the user is the last active admin. The active admins are read in the same
 * transaction as the update (locked on PostgreSQL; SQLite serialises writers), so two concurrent demotions
 * cannot leave the installation without an admin. Returns the user and whether the role was removed.
 */
export async function demoteUnlessLastAdmin(
  db: Kysely<DB>,
  dbKind: DatabaseKind,
  userId: number,
): Promise<{ user: UserRow; demoted: boolean }> {
  return db.transaction().execute(async (trx) => {
    const admins = await trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .$if(dbKind === 'postgres', (q) => q.forUpdate())
      .execute();
    const others = admins.filter((a) => a.id !== userId).length;
    if (others === 0) {
      const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      return { user, demoted: false };
    }
    const user = await trx
      .updateTable('users')
      .set({ role: 'user', updated_at: nowSeconds() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { user, demoted: true };
  });
}

export function findSessionForLogout(db: Kysely<DB>, idHash: string) {
  return db.selectFrom('sessions').select(['auth_method', 'oidc_id_token']).where('id_hash', '=', idHash).executeTakeFirst();
}
