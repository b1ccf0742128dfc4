import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../../../../test/harness.js';
import { insertEntry, recordAnalytics, walkPages, type TrackedEvent } from '../clients/catalog.test-helpers.js';

describe('tasks API', () => {
  let t: TestApp;
  let admin: ApiClient;
  let user: ApiClient;
  let events: TrackedEvent[];
  let projectId: number;
  let otherProjectId: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
    user = await t.createUser(admin, 'terry');
    projectId = (await admin.post('/projects', { name: 'Tasks Home' })).body.id;
    otherProjectId = (await admin.post('/projects', { name: 'Tasks Elsewhere' })).body.id;
    events = recordAnalytics(t);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  const createTask = async (client: ApiClient, body: Record<string, unknown>) => {
    const res = await client.post('/tasks', { project_id: projectId, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: number; name: string; status: string };
  };

  it('lets a normal user create, read, rename and move a task through its statuses, tracking each change', async () => {
    const created = await user.post('/tasks', { project_id: projectId, name: ' Write docs ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ project_id: projectId, name: 'Write docs', status: 'todo', estimated_hours: null });
    expect(created.body.updated_at).toMatch(/Z$/);
    const id = created.body.id as number;
    expect((await user.get(`/tasks/${id}`)).body).toEqual(created.body);

    const renamed = await user.patch(`/tasks/${id}`, { name: 'Write the docs' });
    expect(renamed.body).toMatchObject({ name: 'Write the docs', status: 'todo' });
    expect((await user.patch(`/tasks/${id}`, { status: 'in_progress' })).body.status).toBe('in_progress');
    expect((await user.patch(`/tasks/${id}`, { status: 'in_progress' })).status).toBe(200);
    expect((await user.patch(`/tasks/${id}`, { status: 'done' })).body.status).toBe('done');

    expect(events).toEqual([
      { event: 'task.created', properties: { task_id: id, project_id: projectId } },
      { event: 'task.status_changed', properties: { task_id: id, old_status: 'todo', new_status: 'in_progress' } },
      { event: 'task.status_changed', properties: { task_id: id, old_status: 'in_progress', new_status: 'done' } },
    ]);
  });

  it('keeps estimates, moves and deletion for admins', async () => {
    const task = await createTask(user, { name: 'Estimate me' });
    for (const res of [
      await user.patch(`/tasks/${task.id}`, { estimated_hours: 4 }),
      await user.patch(`/tasks/${task.id}`, { project_id: otherProjectId }),
      await user.delete(`/tasks/${task.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const estimated = await admin.patch(`/tasks/${task.id}`, { estimated_hours: 2.5, project_id: otherProjectId });
    expect(estimated.status).toBe(200);
    expect(estimated.body).toMatchObject({ estimated_hours: 2.5, project_id: otherProjectId });
    expect((await admin.patch(`/tasks/${task.id}`, { estimated_hours: null })).body.estimated_hours).toBeNull();

    expect((await admin.delete(`/tasks/${task.id}`)).status).toBe(204);
    expect((await admin.get(`/tasks/${task.id}`)).status).toBe(404);
  });

  it('refuses unknown projects with 400 on project_id', async () => {
    const res = await user.post('/tasks', { project_id: 555555, name: 'Nowhere' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields).toEqual({ project_id: 'does not exist' });

    const task = await createTask(admin, { name: 'Stay put' });
    const move = await admin.patch(`/tasks/${task.id}`, { project_id: 555555 });
    expect(move.status).toBe(400);
    expect(move.body.error.details.fields).toEqual({ project_id: 'does not exist' });
    expect((await admin.get(`/tasks/${task.id}`)).body.project_id).toBe(projectId);
  });

  it('refuses to delete or move a task used by time entries (409 in_use)', async () => {
    const task = await createTask(admin, { name: 'Tracked task' });
    await insertEntry(t, projectId, task.id);
    const del = await admin.delete(`/tasks/${task.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('in_use');
    const move = await admin.patch(`/tasks/${task.id}`, { project_id: otherProjectId });
    expect(move.status).toBe(409);
    expect(move.body.error.code).toBe('in_use');
    const task2 = await admin.get(`/tasks/${task.id}`);
    expect(task2.body.project_id).toBe(projectId);
    // changing other fields of a used task is fine
    expect((await admin.patch(`/tasks/${task.id}`, { status: 'done', project_id: projectId })).status).toBe(200);
  });

  it('validates bodies, ids and list parameters', async () => {
    const bad = await user.post('/tasks', { name: '', status: 'blocked', estimated_hours: -2, priority: 'high' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([
      'estimated_hours',
      'name',
      'priority',
      'project_id',
      'status',
    ]);
    // The shared rules' words (src/shared/schemas): the web's forms show the same ones, translated, so they stay.
    expect(bad.body.error.details.fields).toMatchObject({ name: 'must not be empty', estimated_hours: 'must not be negative' });
    const task = await createTask(user, { name: 'Valid task' });
    expect((await user.patch(`/tasks/${task.id}`, { assignee: 3 })).body.error.details.fields).toEqual({
      assignee: 'is not a known field',
    });
    expect((await user.patch(`/tasks/${task.id}`, { estimated_hours: 'lots' })).status).toBe(400);
    expect((await user.get('/tasks/x')).body.error.details.fields).toHaveProperty('id');
    expect((await user.post('/tasks', { project_id: projectId, name: 'tab\there' })).body.error.details.fields).toHaveProperty(
      'name',
    );
    expect((await user.get('/tasks?q=%00')).body.error.details.fields).toHaveProperty('q');
    expect((await user.get('/tasks?status=blocked')).body.error.details.fields).toHaveProperty('status');
    expect((await user.get('/tasks?project_id=-1')).body.error.details.fields).toHaveProperty('project_id');
    expect((await user.get('/tasks?cursor=eyJ4IjoxfQ')).body.error.details.fields).toHaveProperty('cursor');
  });

  it('answers 404 not_found for unknown ids and 401 without credentials', async () => {
    for (const res of [
      await admin.get('/tasks/888888'),
      await admin.patch('/tasks/888888', { name: 'x' }),
      await admin.delete('/tasks/888888'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    for (const res of [await t.anonymous.get('/tasks'), await t.anonymous.post('/tasks', { project_id: projectId, name: 'x' })]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('checks token scopes: tasks use the project scopes', async () => {
    const reader = await t.tokenClient(user, ['read:projects']);
    expect((await reader.get('/tasks')).status).toBe(200);
    expect((await reader.post('/tasks', { project_id: projectId, name: 'By reader' })).status).toBe(403);
    expect((await (await t.tokenClient(user, ['read:clients'])).get('/tasks')).status).toBe(403);

    const writer = await t.tokenClient(user, ['write:projects']);
    const made = await writer.post('/tasks', { project_id: projectId, name: 'By user token' });
    expect(made.status).toBe(201);
    expect((await writer.patch(`/tasks/${made.body.id}`, { status: 'done' })).body.status).toBe('done');
    expect((await writer.delete(`/tasks/${made.body.id}`)).status).toBe(403);
    expect((await (await t.tokenClient(admin, ['write:*'])).delete(`/tasks/${made.body.id}`)).status).toBe(204);
  });

  it('pages through all tasks exactly once and filters by project, status and name', async () => {
    const names = ['tq-c', 'TQ-a', 'tq-e', 'tq-B', 'tq-d', 'tq-f', 'tq-a'];
    for (const [i, name] of names.entries()) {
      await createTask(admin, { name, project_id: i < 4 ? projectId : otherProjectId, status: i === 2 ? 'done' : 'todo' });
    }
    const walk = await walkPages<{ id: number; name: string }>(user, '/tasks?q=TQ-', 2);
    expect(walk.pages).toBe(4);
    expect(walk.items.map((x) => x.name)).toEqual(['TQ-a', 'tq-a', 'tq-B', 'tq-c', 'tq-d', 'tq-e', 'tq-f']);
    expect(new Set(walk.items.map((x) => x.id)).size).toBe(7);

    const home = await walkPages<{ name: string }>(user, `/tasks?q=tq-&project_id=${projectId}`, 3);
    expect(home.items.map((x) => x.name)).toEqual(['TQ-a', 'tq-B', 'tq-c', 'tq-e']);
    expect((await user.get('/tasks?q=tq-&status=done')).body.items.map((x: { name: string }) => x.name)).toEqual(['tq-e']);
    expect(
      (await user.get(`/tasks?q=tq-&status=todo&project_id=${otherProjectId}`)).body.items.map((x: { name: string }) => x.name),
    ).toEqual(['tq-a', 'tq-d', 'tq-f']);
  });
});
