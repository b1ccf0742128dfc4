import { CompiledQuery, type Kysely } from 'kysely';
import type { ApiTokenRow, DB, SessionRow, UserRow } from '../../db/schema.js';
import { reusableQuery } from '../../db/reusable-query.js';
import { runDirectly } from '../../db/sqlite-direct.js';

/** What a request needs of its login session (authenticate.ts, the sliding expiry and the analytics visit). */
export type SessionAuth = Pick<
  SessionRow,
  'id_hash' | 'csrf_token' | 'last_seen_at' | 'expires_at' | 'analytics_session_id' | 'analytics_session_started_at'
>;
/** What a request needs of its API token. */
export type TokenAuth = Pick<ApiTokenRow, 'id' | 'scopes' | 'expires_at' | 'last_used_at'>;

// One statement per request: the credential by its unique hash (sessions' primary key, api_tokens' unique index)
// joined to its user by primary key, valid and active, or no row. The credential's columns come prefixed, so they
// cannot collide with the user's.
const sessionWithUser = reusableQuery((db: Kysely<DB>, idHash: string, now: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.csrf_token as s_csrf_token',
      'sessions.last_seen_at as s_last_seen_at',
      'sessions.expires_at as s_expires_at',
      'sessions.analytics_session_id as s_analytics_session_id',
      'sessions.analytics_session_started_at as s_analytics_session_started_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', 1),
);

const tokenWithUser = reusableQuery((db: Kysely<DB>, tokenHash: string, now: number) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select([
      'api_tokens.id as t_id',
      'api_tokens.scopes as t_scopes',
      'api_tokens.expires_at as t_expires_at',
      'api_tokens.last_used_at as t_last_used_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .where('users.active', '=', 1),
);

/** The statements behind the two lookups (EXPLAIN in tests). */
export const credentialLookups = { sessionWithUser, tokenWithUser };

export async function findSessionWithUser(
  db: Kysely<DB>,
  idHash: string,
  now: number,
): Promise<{ session: SessionAuth; user: UserRow } | undefined> {
  const row = await sessionWithUser.takeFirst(db, idHash, now);
  if (!row) return undefined;
  const { s_csrf_token, s_last_seen_at, s_expires_at, s_analytics_session_id, s_analytics_session_started_at, ...user } = row;
  return {
    session: {
      id_hash: idHash,
      csrf_token: s_csrf_token,
      last_seen_at: s_last_seen_at,
      expires_at: s_expires_at,
      analytics_session_id: s_analytics_session_id,
      analytics_session_started_at: s_analytics_session_started_at,
    },
    user,
  };
}

export async function findTokenWithUser(
  db: Kysely<DB>,
  tokenHash: string,
  now: number,
): Promise<{ token: TokenAuth; user: UserRow } | undefined> {
  const row = await tokenWithUser.takeFirst(db, tokenHash, now);
  if (!row) return undefined;
  const { t_id, t_scopes, t_expires_at, t_last_used_at, ...user } = row;
  return { token: { id: t_id, scopes: t_scopes, expires_at: t_expires_at, last_used_at: t_last_used_at }, user };
}

/** The token's last use, written at most once a minute (authenticate.ts). */
export async function touchToken(db: Kysely<DB>, tokenId: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').selectAll().where('username_lower', '=', username.toLowerCase()).executeTakeFirst();
}

const DATA_VERSION: CompiledQuery<{ data_version: number }> = CompiledQuery.raw('pragma data_version');

/**
 * SQLite only: a number that changes whenever another connection commits (the CLI, a restore, another process),
 * never for this connection's own writes. Cached principals compare it, since those writers cannot reach this
 * process's signals.
 */
export async function sqliteDataVersion(db: Kysely<DB>): Promise<number> {
  const rows = runDirectly(db, DATA_VERSION) ?? (await db.executeQuery(DATA_VERSION)).rows;
  return Number(rows[0]?.data_version);
}
