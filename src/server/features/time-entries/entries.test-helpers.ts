// Shared set-up for the time-entry and timer tests: an instance with an admin, two normal users, a client,
// projects and a task, plus an analytics recorder.
import { expect } from 'vitest';
import { addUser, startTestApp, type ApiClient, type ApiResponse, type TestApp } from '../../../../test/harness.js';

export { tokenFor } from '../../../../test/harness.js';

/** `2026-01-05T09:30:00Z` for hour 9, minute 30 (a fixed Monday, so tests do not depend on today). */
export const at = (hour: number, minute = 0, second = 0, day = 5): string =>
  new Date(Date.UTC(2026, 0, day, hour, minute, second)).toISOString().replace('.000Z', 'Z');

export interface World {
  t: TestApp;
  admin: ApiClient;
  alice: ApiClient;
  bob: ApiClient;
  ids: { admin: number; alice: number; bob: number };
  clientId: number;
  /** billable, with client */
  project: { id: number };
  /** not billable, no client */
  internal: { id: number };
  archived: { id: number };
  /** a task of `project` */
  taskId: number;
  /** a task of `internal` */
  internalTaskId: number;
  events: { event: string; properties: Record<string, unknown> }[];
}

function created(res: ApiResponse): { id: number } {
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A normal user, inserted directly (user management is not what these tests are about), signed in. */

export async function createWorld(): Promise<World> {
  const t = await startTestApp();
  const admin = await t.setupAdmin();
  const adminId = (await admin.get('/auth/session')).body.user.id as number;
  const alice = await addUser(t, 'alice');
  const bob = await addUser(t, 'bob');
  const client = created(await admin.post('/clients', { name: 'Acme' }));
  const project = created(await admin.post('/projects', { name: 'Website', client_id: client.id, billable: true }));
  const internal = created(await admin.post('/projects', { name: 'Internal', billable: false }));
  const archived = created(await admin.post('/projects', { name: 'Old', status: 'archived' }));
  const task = created(await admin.post('/tasks', { project_id: project.id, name: 'Design' }));
  const internalTask = created(await admin.post('/tasks', { project_id: internal.id, name: 'Admin' }));
  const events: World['events'] = [];
  t.runtime.ctx.analytics = {
    track: (event, properties) => events.push({ event, properties }),
    identifyUser: () => undefined,
  };
  return {
    t,
    admin,
    alice: alice.client,
    bob: bob.client,
    ids: { admin: adminId, alice: alice.id, bob: bob.id },
    clientId: client.id,
    project,
    internal,
    archived,
    taskId: task.id,
    internalTaskId: internalTask.id,
    events,
  };
}

/** Asserts an API error answer and returns its details. */
export function expectError(res: ApiResponse, status: number, code: string): ApiResponse['body'] {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  return res.body.error.details ?? {};
}

/**
 * A time_entries row to insert directly (tests that need many entries, or ones the API refuses): `length` null
 * is a running timer; `deleted` marks it deleted.
 */
export function entryRow(userId: number, projectId: number, start: number, length: number | null, deleted = false) {
  return {
    user_id: userId,
    project_id: projectId,
    start_time: start,
    end_time: length === null ? null : start + length,
    duration_seconds: length,
    break_seconds: 0,
    billable: 1 as const,
    source: 'manual' as const,
    created_at: 1,
    updated_at: 1,
    deleted_at: deleted ? 1 : null,
  };
}
