// The analytics session (PostHog `$session_id`) of a browser visit, kept on the login session's row: a visit ends
// after 30 minutes without a request or 24 hours after it began — posthog-js's own rules (sessionid.ts:
// DEFAULT_SESSION_IDLE_TIMEOUT_SECONDS, SESSION_LENGTH_LIMIT_MILLISECONDS; both "more than"). Activity is the
// session's `last_seen_at`, which touchSession writes at most once a minute, so an idle gap can look up to a
// minute longer than it was; reads stay reads. A new visit is claimed with a conditional update, so requests
// racing at a visit's end agree on one new id instead of splitting the visit.
import type { Kysely } from 'kysely';
import type { DB, SessionRow } from '../../db/schema.js';
import { uuidv7 } from '../../lib/uuidv7.js';

export const ANALYTICS_IDLE_SECONDS = 30 * 60;
export const ANALYTICS_MAX_SECONDS = 24 * 3600;

type VisitState = Pick<SessionRow, 'analytics_session_id' | 'analytics_session_started_at' | 'last_seen_at'>;

/** Whether the row's visit still runs at `now` (pure). */
export function visitIsCurrent(row: VisitState, now: number): boolean {
  if (row.analytics_session_id === null || row.analytics_session_started_at === null) return false;
  return now - row.last_seen_at <= ANALYTICS_IDLE_SECONDS && now - row.analytics_session_started_at <= ANALYTICS_MAX_SECONDS;
}

/** Columns of a visit that begins at `now` (at login, or when the previous one ended). */
export function newVisit(now: number): {
  analytics_session_id: string;
  analytics_session_started_at: number;
  analytics_entry_seen: 0;
} {
  return { analytics_session_id: uuidv7(now * 1000), analytics_session_started_at: now, analytics_entry_seen: 0 };
}

/**
 * The visit of a request made with this login session: the current one, or a new one claimed only if nobody
 * else replaced the ended one first (then theirs is used). Writes only when a visit begins; that write also
 * slides the login session's expiry (`touched`), so the caller need not touch it again.
 */
export async function currentVisit(
  db: Kysely<DB>,
  session: VisitState & Pick<SessionRow, 'id_hash'>,
  now: number,
  lifetimeHours: number,
): Promise<{ id: string; touched: boolean }> {
  if (visitIsCurrent(session, now)) return { id: session.analytics_session_id as string, touched: false };
  const next = newVisit(now);
  const claimed = await db
    .updateTable('sessions')
    .set({ ...next, last_seen_at: now, expires_at: now + lifetimeHours * 3600 })
    .where('id_hash', '=', session.id_hash)
    .where((eb) =>
      session.analytics_session_id === null
        ? eb('analytics_session_id', 'is', null)
        : eb('analytics_session_id', '=', session.analytics_session_id),
    )
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 1) return { id: next.analytics_session_id, touched: true };
  const winner = await db
    .selectFrom('sessions')
    .select('analytics_session_id')
    .where('id_hash', '=', session.id_hash)
    .executeTakeFirst();
  // The row is gone (logged out meanwhile): this request's events still get a visit of their own.
  return { id: winner?.analytics_session_id ?? next.analytics_session_id, touched: true };
}

/** Visits whose entry is known to be taken, so their later page views cost no statement (ids are unique). */
const enteredVisits = new Set<string>();
const ENTERED_VISITS_MAX = 10_000;

/**
 * Marks the visit's entry page view: true for exactly one caller per visit (the first page view reported), across
 * processes. Later page views of the visit were navigations inside the app.
 */
export async function claimVisitEntry(db: Kysely<DB>, sessionIdHash: string, analyticsSessionId: string): Promise<boolean> {
  if (enteredVisits.has(analyticsSessionId)) return false;
  if (enteredVisits.size >= ENTERED_VISITS_MAX) enteredVisits.clear();
  enteredVisits.add(analyticsSessionId); // taken now, by this call or by an earlier one (another process)
  const result = await db
    .updateTable('sessions')
    .set({ analytics_entry_seen: 1 })
    .where('id_hash', '=', sessionIdHash)
    .where('analytics_session_id', '=', analyticsSessionId)
    .where('analytics_entry_seen', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
