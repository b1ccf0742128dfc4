// SQL of the analytics feature. Every query runs unchanged on SQLite and PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { AnalyticsFunnelStepsTable, DB } from '../../db/schema.js';
import { keptEntries } from '../time-entries/kept-entries.js';

export interface EngagementCounts {
  entriesLast7Days: number;
  entriesLast30Days: number;
  timerLast30Days: number;
  manualLast30Days: number;
}

export interface PersonFacts extends EngagementCounts {
  /** How the user last signed in, as of the moment: their session's method, else their latest session's, else the account's. */
  authMethod: 'local' | 'oidc';
}

/**
 * What a user's person properties need from the database, as of `asOf` (epoch seconds): their entries that
 * existed then and started in the 7 and 30 days before it (one pass over the (user_id, start_time) index), and
 * the sign-in method of the request's session (`sessionIdHash`) or else of their latest session opened by then.
 * One statement; runs when the identify is uploaded, not on the request path.
 */
export async function personFacts(db: Kysely<DB>, userId: number, asOf: number, sessionIdHash?: string): Promise<PersonFacts> {
  const since7 = asOf - 7 * 86_400;
  const since30 = asOf - 30 * 86_400;
  const ofSession = sql<string | null>`(select s.auth_method from sessions s where s.id_hash = ${sessionIdHash ?? ''} and s.user_id = ${userId})`;
  const ofLatest = sql<string | null>`(select s.auth_method from sessions s where s.user_id = ${userId} and s.created_at <= ${asOf} order by s.created_at desc limit 1)`;
  const ofAccount = sql<string | null>`(select u.auth_method from users u where u.id = ${userId})`;
  const row = await keptEntries(db)
    .select([
      sql<number>`coalesce(sum(case when start_time >= ${since7} then 1 else 0 end), 0)`.as('e7'),
      sql<number>`count(*)`.as('e30'),
      sql<number>`coalesce(sum(case when source = 'timer' then 1 else 0 end), 0)`.as('timer'),
      sql<number>`coalesce(sum(case when source = 'manual' then 1 else 0 end), 0)`.as('manual'),
      sql<string | null>`coalesce(${ofSession}, ${ofLatest}, ${ofAccount})`.as('method'),
    ])
    .where('user_id', '=', userId)
    .where('start_time', '>=', since30)
    .where('start_time', '<=', asOf)
    .where('created_at', '<=', asOf)
    .executeTakeFirst();
  return {
    entriesLast7Days: Number(row?.e7 ?? 0),
    entriesLast30Days: Number(row?.e30 ?? 0),
    timerLast30Days: Number(row?.timer ?? 0),
    manualLast30Days: Number(row?.manual ?? 0),
    authMethod: row?.method === 'oidc' ? 'oidc' : 'local',
  };
}

export interface InstallationCounts {
  users: number;
  projects: number;
  entries: number;
}

export async function installationCounts(db: Kysely<DB>): Promise<InstallationCounts> {
  const n = (row: { n: number } | undefined) => Number(row?.n ?? 0);
  const countAll = db.fn.countAll<number>().as('n');
  const [users, projects, entries] = await Promise.all([
    db.selectFrom('users').select(countAll).executeTakeFirst().then(n),
    db.selectFrom('projects').select(countAll).executeTakeFirst().then(n),
    keptEntries(db).select(countAll).executeTakeFirst().then(n),
  ]);
  return { users, projects, entries };
}

/** Of the given users, those who have opted out of analytics (checked again right before sending). */
export async function optedOutUserIds(db: Kysely<DB>, userIds: number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', userIds).where('analytics_opt_out', '=', 1).execute();
  return new Set(rows.map((r) => r.id));
}

export interface InstallPingState {
  sent: boolean;
  holder: string | null;
  leaseUntil: number;
}

export async function installPingState(db: Kysely<DB>): Promise<InstallPingState> {
  const row = await db
    .selectFrom('installation')
    .select(['install_event_sent', 'install_event_holder', 'install_event_lease_until'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { sent: row.install_event_sent === 1, holder: row.install_event_holder, leaseUntil: Number(row.install_event_lease_until) };
}

/**
 * Claims the one-time install ping for `holder` until `now + leaseSeconds`: true for exactly one caller while the
 * ping is unconfirmed and nobody holds a live claim, even across processes (one conditional UPDATE of one row).
 */
export async function claimInstallPing(db: Kysely<DB>, holder: string, now: number, leaseSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('installation')
    .set({ install_event_holder: holder, install_event_lease_until: now + leaseSeconds })
    .where('id', '=', 1)
    .where('install_event_sent', '=', 0)
    .where('install_event_lease_until', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends the holder's claim while its ping waits; false when the claim is no longer the holder's. */
export async function renewInstallPing(db: Kysely<DB>, holder: string, now: number, leaseSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('installation')
    .set({ install_event_lease_until: now + leaseSeconds })
    .where('id', '=', 1)
    .where('install_event_sent', '=', 0)
    .where('install_event_holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** PostHog accepted the install ping: it is never sent again, whoever held the claim. */
export async function confirmInstallPing(db: Kysely<DB>): Promise<void> {
  await db.updateTable('installation').set({ install_event_sent: 1, install_event_holder: null, install_event_lease_until: 0 }).where('id', '=', 1).execute();
}

/** Gives the claim back (the ping was not delivered), so the next start, consent or tick sends it. */
export async function releaseInstallPing(db: Kysely<DB>, holder: string): Promise<void> {
  await db
    .updateTable('installation')
    .set({ install_event_holder: null, install_event_lease_until: 0 })
    .where('id', '=', 1)
    .where('install_event_sent', '=', 0)
    .where('install_event_holder', '=', holder)
    .execute();
}

/**
 * Stores the running version as the last-run version. Returns the previous version when this call changed it
 * (only one of several processes starting together wins), undefined when it was already current.
 */
export async function recordRunVersion(db: Kysely<DB>, version: string): Promise<{ changed: boolean; previous: string | null }> {
  const row = await db.selectFrom('installation').select('last_run_version').where('id', '=', 1).executeTakeFirstOrThrow();
  const previous = row.last_run_version;
  if (previous === version) return { changed: false, previous };
  let update = db.updateTable('installation').set({ last_run_version: version }).where('id', '=', 1);
  update = previous === null ? update.where('last_run_version', 'is', null) : update.where('last_run_version', '=', previous);
  const result = await update.executeTakeFirst();
  return { changed: Number(result.numUpdatedRows) === 1, previous };
}

export async function setStoredSwitches(
  db: Kysely<DB>,
  patch: { telemetry_consent?: 0 | 1; product_analytics_enabled?: 0 | 1 },
): Promise<void> {
  if (patch.telemetry_consent === undefined && patch.product_analytics_enabled === undefined) return;
  await db.updateTable('installation').set(patch).where('id', '=', 1).execute();
}

/** Records a funnel step; true only for the insert that reached it first. */
export async function reachFunnelStep(db: Kysely<DB>, userId: number, step: AnalyticsFunnelStepsTable['step'], now: number): Promise<boolean> {
  const result = await db
    .insertInto('analytics_funnel_steps')
    .values({ user_id: userId, step, reached_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'step']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}
