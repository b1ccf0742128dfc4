import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB, UserRow, UserUpdate, UsersTable } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { boundLimit } from '../../db/limits.js';

export interface NewUserInput {
  username: string;
  password_hash: string | null;
  role: UsersTable['role'];
  signup_method: UsersTable['signup_method'];
  auth_method: UsersTable['auth_method'];
  full_name?: string | null;
  email?: string | null;
  /** Whether `email` is verified: an admin, the CLI or an SSO provider set it (see docs/oidc.md). */
  email_verified?: boolean;
  oidc_issuer?: string | null;
  oidc_subject?: string | null;
}

const emailTaken = () => conflict('email_taken', 'Another account already has this e-mail address.');

/** True for the unique index on lower(email) (migration 005); both databases name it in the message. */
function isEmailViolation(error: unknown): boolean {
  return isUniqueViolation(error) && String((error as { message?: unknown }).message).includes('email_lower');
}

/** The user whose e-mail equals `email` ignoring case, the way the unique index compares (lower() in SQL). */
export function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', sql<string>`lower(${email})`)
    .executeTakeFirst();
}

/** 409 email_taken when a user other than `exceptUserId` has the address (ignoring case). */
export async function assertEmailFree(db: Kysely<DB>, email: string | null | undefined, exceptUserId?: number): Promise<void> {
  if (email === null || email === undefined) return;
  const owner = await findUserByEmail(db, email);
  if (owner && owner.id !== exceptUserId) throw emailTaken();
}

/**
 * Inserts a user with the instance defaults for preferences; 409 username_taken on a duplicate name, 409
 * email_taken on an address another account has (also when a concurrent insert wins: the index decides).
 */
export async function insertUser(db: Kysely<DB>, config: Config, input: NewUserInput): Promise<UserRow> {
  const now = nowSeconds();
  const lower = input.username.toLowerCase();
  const taken = await db.selectFrom('users').select('id').where('username_lower', '=', lower).executeTakeFirst();
  if (taken) throw conflict('username_taken', `The username "${input.username}" is already taken.`);
  await assertEmailFree(db, input.email);
  try {
    return await db
      .insertInto('users')
      .values({
        username: input.username,
        username_lower: lower,
        password_hash: input.password_hash,
        full_name: input.full_name ?? null,
        email: input.email ?? null,
        email_verified: input.email && input.email_verified ? 1 : 0,
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
    if (isEmailViolation(error)) throw emailTaken();
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
    .limit(boundLimit(page.limit))
    .execute();
}

/** Updates a user; 409 email_taken when `changes.email` belongs to another account (checked, then enforced by the index). */
export async function updateUser(db: Kysely<DB>, id: number, changes: UserUpdate): Promise<UserRow> {
  if (typeof changes.email === 'string') await assertEmailFree(db, changes.email, id);
  try {
    return await db
      .updateTable('users')
      .set({ ...changes, updated_at: nowSeconds() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isEmailViolation(error)) throw emailTaken();
    throw error;
  }
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

export async function findUserIdBySsoIdentity(db: Kysely<DB>, issuer: string, subject: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
  return row?.id;
}

/** Ends the sessions a user opened by single sign-on (their identity was unlinked or replaced). */
export async function deleteSsoSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('auth_method', '=', 'oidc').execute();
}
