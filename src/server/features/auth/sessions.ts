// Server-side sessions: the cookie carries 32 random bytes; the database keeps only their SHA-256, so a leaked
// database cannot be replayed as cookies. Every login creates a new id (rotation); logout deletes the row.
import type { Kysely } from 'kysely';
import type { DB, SessionRow } from '../../db/schema.js';
import { currentContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import { newVisit } from './analytics-session.js';
import { randomToken, sha256Hex } from './secrets.js';

export const SESSION_COOKIE = 'tt_session';
/** Only write last-seen/expiry back when it moved this much, so reads don't turn into writes. */
const TOUCH_INTERVAL_SECONDS = 60;

export interface NewSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: number;
}

export async function createSession(
  db: Kysely<DB>,
  input: { userId: number; authMethod: 'local' | 'oidc'; lifetimeHours: number; oidcIdToken?: string | null },
): Promise<NewSession> {
  const cookieValue = randomToken(32);
  const csrfToken = randomToken(32);
  const now = nowSeconds();
  const expiresAt = now + input.lifetimeHours * 3600;
  const visit = newVisit(now);
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(cookieValue),
      user_id: input.userId,
      csrf_token: csrfToken,
      auth_method: input.authMethod,
      oidc_id_token: input.oidcIdToken ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ...visit,
    })
    .execute();
  // A login begins a visit, and the login request's own events (auth.login) already belong to it.
  const context = currentContext();
  if (context) context.analyticsSessionId = visit.analytics_session_id;
  return { cookieValue, csrfToken, expiresAt };
}

/** Whether a request at `now` writes the sliding expiry back (authenticate.ts reads the row afresh then). */
export const sessionTouchDue = (session: Pick<SessionRow, 'last_seen_at'>, now: number): boolean =>
  now - session.last_seen_at >= TOUCH_INTERVAL_SECONDS;

/** Sliding expiry, written at most once a minute per session. */
export async function touchSession(
  db: Kysely<DB>,
  session: Pick<SessionRow, 'id_hash' | 'last_seen_at'>,
  lifetimeHours: number,
): Promise<void> {
  const now = nowSeconds();
  if (!sessionTouchDue(session, now)) return;
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: now + lifetimeHours * 3600 })
    .where('id_hash', '=', session.id_hash)
    .execute();
}

export async function deleteSession(db: Kysely<DB>, idHash: string): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  return row;
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number, exceptIdHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) query = query.where('id_hash', '!=', exceptIdHash);
  await query.execute();
}

export async function deleteExpiredSessions(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowSeconds()).execute();
}
