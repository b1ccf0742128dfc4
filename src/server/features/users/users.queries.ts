import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB, UserRow, UserUpdate, UsersTable } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { isUniqueViolation } from '../../db/db-errors.js';

export interface NewUserInput {
  username: string;
  password_hash: string | null;
  role: UsersTable['role'];
  signup_method: UsersTable['signup_method'];
  auth_method: UsersTable['auth_method'];
  full_name?: string | null;
  email?: string | null;
  oidc_issuer?: string | null;
  oidc_subject?: string | null;
}

/** Inserts a user with the instance defaults for preferences; 409 username_taken on a duplicate name. */
export async function insertUser(db: Kysely<DB>, config: Config, input: NewUserInput): Promise<UserRow> {
  const now = nowSeconds();
  const lower = input.username.toLowerCase();
  const taken = await db.selectFrom('users').select('id').where('username_lower', '=', lower).executeTakeFirst();
  if (taken) throw conflict('username_taken', `The username "${input.username}" is already taken.`);
  try {
    return await db
      .insertInto('users')
      .values({
        username: input.username,
        username_lower: lower,
        password_hash: input.password_hash,
        full_name: input.full_name ?? null,
        email: input.email ?? null,
        role: input.role,
        active: 1,
        auth_method: input.auth_method,
        signup_method: input.signup_method,
        oidc_issuer: input.oidc_issuer ?? null,
        oidc_subject: input.oidc_subject ?? null,
        created_at: now,
        updated_at: now,
        timezone: config.TZ,
        rounding_minutes: config.ROUNDING_MINUTES,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('username_taken', `The username "${input.username}" is already taken.`);
    throw error;
  }
}

export function findUserById(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One page of users by id; `afterId` is the last id of the previous page. */
export function listUsers(db: Kysely<DB>, page: { limit: number; afterId?: number }): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .$if(page.afterId !== undefined, (q) => q.where('id', '>', page.afterId!))
    .orderBy('id')
    .limit(page.limit)
    .execute();
}

export async function updateUser(db: Kysely<DB>, id: number, changes: UserUpdate): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: nowSeconds() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Ids of the active admins. With `lock` (PostgreSQL) their rows stay locked until the transaction ends, so two
 * admins demoting each other at once cannot both see "another admin remains". SQLite serialises transactions.
 */
export async function activeAdminIds(db: Kysely<DB>, lock: boolean): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .$if(lock, (q) => q.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}
