// Test helpers shared by the client, project and task suites. Users, tokens and time entries are inserted
// directly so these suites do not depend on the users, tokens and time-entries APIs.
import { ApiClient, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';
import { nowSeconds } from '../../lib/clock.js';
import { hashPassword } from '../auth/passwords.js';
import { randomToken, sha256Hex } from '../auth/secrets.js';
import { insertUser } from '../users/users.queries.js';

export interface TrackedEvent {
  event: string;
  properties: Record<string, unknown>;
}

/** Replaces the instance's analytics sink with a recorder; returns the list it fills. */
export function recordAnalytics(t: TestApp): TrackedEvent[] {
  const events: TrackedEvent[] = [];
  t.runtime.ctx.analytics = { track: (event, properties) => void events.push({ event, properties }), identifyUser: () => undefined };
  return events;
}

/** Inserts an active local user and signs them in (session client). */
export async function signInNewUser(t: TestApp, username: string, role: 'admin' | 'user' = 'user'): Promise<ApiClient> {
  const { db, config } = t.runtime.ctx;
  await insertUser(db, config, {
    username,
    password_hash: await hashPassword(TEST_PASSWORD),
    role,
    signup_method: 'admin',
    auth_method: 'local',
  });
  return t.login(username, TEST_PASSWORD);
}

/** Inserts an API token with the given scopes for the user and returns a bearer client. */
export async function tokenFor(t: TestApp, username: string, scopes: string[]): Promise<ApiClient> {
  const { db } = t.runtime.ctx;
  const user = await db.selectFrom('users').select('id').where('username_lower', '=', username.toLowerCase()).executeTakeFirstOrThrow();
  const secret = `tt_${randomToken(32)}`;
  await db
    .insertInto('api_tokens')
    .values({
      user_id: user.id,
      name: `test ${scopes.join(' ')}`,
      prefix: secret.slice(0, 10),
      token_hash: sha256Hex(secret),
      scopes: JSON.stringify(scopes),
      expires_at: null,
      last_used_at: null,
      created_at: nowSeconds(),
    })
    .execute();
  return new ApiClient(t.runtime, { token: secret });
}

/** Inserts a finished one-hour time entry for the (first) admin. */
export async function insertEntry(t: TestApp, projectId: number, taskId: number | null = null): Promise<number> {
  const { db } = t.runtime.ctx;
  const user = await db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow();
  const start = nowSeconds() - 7200;
  const row = await db
    .insertInto('time_entries')
    .values({
      user_id: user.id,
      project_id: projectId,
      task_id: taskId,
      start_time: start,
      end_time: start + 3600,
      duration_seconds: 3600,
      paused_at: null,
      notes: null,
      billable: 1,
      source: 'manual',
      created_at: start,
      updated_at: start,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Walks a list endpoint page by page; returns every item and the number of pages. */
export async function walkPages<T>(client: ApiClient, url: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await client.get<{ items: T[]; next_cursor: string | null }>(
      `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`list ${url} failed: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    pages += 1;
    if (pages > 100) throw new Error('the cursor never ends');
  } while (cursor);
  return { items, pages };
}
