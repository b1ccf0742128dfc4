// Shared set-up for the report, export and import suites: an instance with an admin and two normal users
// (inserted directly: user management is not under test here), a catalog created through the API, and time
// entries inserted directly so each test controls durations, breaks and rounding exactly.
import { addUser, startTestApp, type ApiClient, type ApiResponse, type TestApp } from '../../../../test/harness.js';

export { addUser, tokenFor } from '../../../../test/harness.js';
import { ensureTags, setEntryTags } from '../time-entries/tags.queries.js';
import { signalUserChanged } from '../live/credentials-signal.js';

export interface TrackedEvent {
  event: string;
  properties: Record<string, unknown>;
}

export interface ReportWorld {
  t: TestApp;
  admin: ApiClient;
  alice: ApiClient;
  bob: ApiClient;
  ids: { admin: number; alice: number; bob: number };
  events: TrackedEvent[];
}

/** Epoch seconds of a UTC wall time (month 1-based). */
export const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
export const iso = (epoch: number): string => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');

export function expectStatus(res: ApiResponse, status: number): ApiResponse {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${String(res.raw.body).slice(0, 500)}`);
  return res;
}

export async function createReportWorld(env: Record<string, string> = {}): Promise<ReportWorld> {
  const t = await startTestApp(env);
  const admin = await t.setupAdmin();
  const adminId = (await admin.get('/auth/session')).body.user.id as number;
  const alice = await addUser(t, 'alice');
  const bob = await addUser(t, 'bob');
  const events: TrackedEvent[] = [];
  t.runtime.ctx.analytics = {
    track: (event, properties) => void events.push({ event, properties }),
    identifyUser: () => undefined,
  };
  return { t, admin, alice: alice.client, bob: bob.client, ids: { admin: adminId, alice: alice.id, bob: bob.id }, events };
}

export async function createClient(admin: ApiClient, name: string, rate: string | null = null): Promise<number> {
  return expectStatus(await admin.post('/clients', { name, default_hourly_rate: rate }), 201).body.id;
}

export async function createProject(
  admin: ApiClient,
  name: string,
  opts: { client_id?: number; hourly_rate?: string | null; billable?: boolean; status?: 'active' | 'archived' } = {},
): Promise<number> {
  return expectStatus(await admin.post('/projects', { name, ...opts }), 201).body.id;
}

export async function createTask(admin: ApiClient, projectId: number, name: string): Promise<number> {
  return expectStatus(await admin.post('/tasks', { project_id: projectId, name }), 201).body.id;
}

export interface EntrySpec {
  user_id: number;
  project_id: number;
  task_id?: number | null;
  start: number;
  /** null = running timer */
  end: number | null;
  /** default: end − start − break */
  duration?: number;
  break?: number;
  notes?: string | null;
  billable?: boolean;
  tags?: string[];
  source?: 'timer' | 'manual' | 'import';
}

/** Inserts an entry (and its tags through the shared tag queries); returns its id. */
export async function insertEntry(t: TestApp, e: EntrySpec): Promise<number> {
  const { db } = t.runtime.ctx;
  const brk = e.break ?? 0;
  const row = await db
    .insertInto('time_entries')
    .values({
      user_id: e.user_id,
      project_id: e.project_id,
      task_id: e.task_id ?? null,
      start_time: e.start,
      end_time: e.end,
      duration_seconds: e.end === null ? null : (e.duration ?? Math.max(0, e.end - e.start - brk)),
      break_seconds: brk,
      paused_at: null,
      notes: e.notes ?? null,
      billable: e.billable === false ? 0 : 1,
      source: e.source ?? 'manual',
      created_at: e.start,
      updated_at: e.start,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (e.tags && e.tags.length > 0) {
    const ids = await ensureTags(db, e.user_id, e.tags);
    await setEntryTags(db, row.id, [...ids.values()]);
  }
  return row.id;
}

/** Removes every time entry (and tag links); catalog and users stay. */
export async function clearEntries(t: TestApp): Promise<void> {
  const { db } = t.runtime.ctx;
  await db.deleteFrom('time_entry_tags').execute();
  await db.deleteFrom('time_entries').execute();
}

export async function setPreferences(
  t: TestApp,
  userId: number,
  prefs: { timezone?: string; week_start?: number },
): Promise<void> {
  await t.runtime.ctx.db.updateTable('users').set(prefs).where('id', '=', userId).execute();
  // Written past the service, as the CLI would: the server's cached principals hear of it the same way.
  await signalUserChanged(t.runtime.ctx, userId);
}
