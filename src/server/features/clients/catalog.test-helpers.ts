// Test helpers shared by the client, project and task suites. Time entries are inserted directly so the
// in_use rules can be tested without going through the time-entries API.
import type { ApiClient, ApiResponse, TestApp } from '../../../../test/harness.js';
import { nowSeconds } from '../../lib/clock.js';

export interface TrackedEvent {
  event: string;
  properties: Record<string, unknown>;
}

/** Replaces the instance's analytics sink with a recorder; returns the list it fills. */
export function recordAnalytics(t: TestApp): TrackedEvent[] {
  const events: TrackedEvent[] = [];
  t.runtime.ctx.analytics = {
    track: (event, properties) => void events.push({ event, properties }),
    identifyUser: () => undefined,
  };
  return events;
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
    const res: ApiResponse<{ items: T[]; next_cursor: string | null }> = await client.get(
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
