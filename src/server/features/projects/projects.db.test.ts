import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../../../../test/harness.js';
import { insertEntry, recordAnalytics, walkPages, type TrackedEvent } from '../clients/catalog.test-helpers.js';

describe('projects API', () => {
  let t: TestApp;
  let admin: ApiClient;
  let user: ApiClient;
  let events: TrackedEvent[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
    user = await t.createUser(admin, 'pat');
    events = recordAnalytics(t);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await admin.post(url, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: number; name: string };
  };

  it('creates, reads, changes, archives, unarchives and deletes a project, tracking each step', async () => {
    const client = await post('/clients', { name: 'Globex' });
    const created = await admin.post('/projects', {
      name: 'Website',
      client_id: client.id,
      description: 'Relaunch',
      hourly_rate: '95',
      color: '#A1B2C3',
      budget_hours: 120.5,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Website',
      client_id: client.id,
      description: 'Relaunch',
      billable: true,
      hourly_rate: '95.00',
      color: '#a1b2c3',
      budget_hours: 120.5,
      status: 'active',
    });
    const id = created.body.id as number;
    const stored = await t.runtime.ctx.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ hourly_rate_cents: 9500, billable: 1, name_lower: 'website' });

    expect((await user.get(`/projects/${id}`)).body).toEqual(created.body);

    const changed = await admin.patch(`/projects/${id}`, {
      billable: false,
      hourly_rate: null,
      color: null,
      budget_hours: null,
      client_id: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      billable: false,
      hourly_rate: null,
      color: null,
      budget_hours: null,
      client_id: null,
      name: 'Website',
    });

    expect((await admin.patch(`/projects/${id}`, { status: 'archived' })).body.status).toBe('archived');
    expect((await admin.patch(`/projects/${id}`, { status: 'active' })).body.status).toBe('active');
    await admin.patch(`/projects/${id}`, { description: 'no status change' });

    const task = await post('/tasks', { project_id: id, name: 'Design' });
    expect((await admin.delete(`/projects/${id}`)).status).toBe(204);
    expect((await admin.get(`/projects/${id}`)).status).toBe(404);
    // its tasks went with it
    expect((await admin.get(`/tasks/${task.id}`)).status).toBe(404);

    expect(events.filter((e) => e.event.startsWith('project.'))).toEqual([
      { event: 'project.created', properties: { project_id: id, has_client: true, billable: true, has_budget: true } },
      { event: 'project.archived', properties: { project_id: id } },
      { event: 'project.unarchived', properties: { project_id: id } },
      { event: 'project.deleted', properties: { project_id: id } },
    ]);

    const bare = await post('/projects', { name: 'Internal', billable: false });
    expect(events.at(-1)).toEqual({
      event: 'project.created',
      properties: { project_id: bare.id, has_client: false, billable: false, has_budget: false },
    });
  });

  it('keeps project names unique per client (409 name_taken)', async () => {
    const a = await post('/clients', { name: 'Client A' });
    const b = await post('/clients', { name: 'Client B' });
    await post('/projects', { name: 'Support', client_id: a.id });
    const sameNameOtherClient = await post('/projects', { name: 'Support', client_id: b.id });

    const dup = await admin.post('/projects', { name: 'SUPPORT', client_id: a.id });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('name_taken');
    expect(dup.body.error.message).toContain('SUPPORT');

    await post('/projects', { name: 'Loose' });
    const looseDup = await admin.post('/projects', { name: 'loose', client_id: null });
    expect(looseDup.status).toBe(409);
    expect(looseDup.body.error.code).toBe('name_taken');

    // moving B's "Support" under A collides; renaming it first makes the move fine
    const move = await admin.patch(`/projects/${sameNameOtherClient.id}`, { client_id: a.id });
    expect(move.status).toBe(409);
    expect(move.body.error.code).toBe('name_taken');
    const renameAndMove = await admin.patch(`/projects/${sameNameOtherClient.id}`, { client_id: a.id, name: 'Support B' });
    expect(renameAndMove.status).toBe(200);
    expect(renameAndMove.body).toMatchObject({ client_id: a.id, name: 'Support B' });
    const renameInto = await admin.patch(`/projects/${sameNameOtherClient.id}`, { name: 'support' });
    expect(renameInto.body.error.code).toBe('name_taken');
  });

  it('refuses unknown clients (400) and archived clients (409 client_archived)', async () => {
    const unknown = await admin.post('/projects', { name: 'Orphan', client_id: 424242 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    expect(unknown.body.error.details.fields).toEqual({ client_id: 'does not exist' });

    const archivedClient = await post('/clients', { name: 'Old Client', status: 'archived' });
    const underArchived = await admin.post('/projects', { name: 'Revival', client_id: archivedClient.id });
    expect(underArchived.status).toBe(409);
    expect(underArchived.body.error.code).toBe('client_archived');

    const project = await post('/projects', { name: 'Mover' });
    const moveToArchived = await admin.patch(`/projects/${project.id}`, { client_id: archivedClient.id });
    expect(moveToArchived.body.error.code).toBe('client_archived');
    const moveToUnknown = await admin.patch(`/projects/${project.id}`, { client_id: 424242 });
    expect(moveToUnknown.status).toBe(400);
    expect(moveToUnknown.body.error.details.fields).toEqual({ client_id: 'does not exist' });
    expect((await admin.get(`/projects/${project.id}`)).body.client_id).toBeNull();
  });

  it('refuses to delete a project with time entries (409 in_use)', async () => {
    const project = await post('/projects', { name: 'Tracked' });
    await insertEntry(t, project.id);
    const res = await admin.delete(`/projects/${project.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('in_use');
    expect(res.body.error.message).toMatch(/archive it instead/i);
    expect((await admin.get(`/projects/${project.id}`)).status).toBe(200);
    expect(events.some((e) => e.event === 'project.deleted')).toBe(false);
  });

  it('validates bodies, ids and list parameters', async () => {
    const bad = await admin.post('/projects', {
      name: '',
      color: 'red',
      hourly_rate: '-10.00',
      budget_hours: -1,
      billable: 'yes',
      client_id: 'abc',
      owner: 1,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([
      'billable',
      'budget_hours',
      'client_id',
      'color',
      'hourly_rate',
      'name',
      'owner',
    ]);
    // The shared rules' words (src/shared/schemas): the web's forms show the same ones, translated, so they stay.
    expect(bad.body.error.details.fields).toMatchObject({
      name: 'must not be empty',
      color: 'must be a color like #1a2b3c',
      budget_hours: 'must not be negative',
    });

    for (const color of ['#12345g', '#abc', '123456', '#1234567']) {
      const res = await admin.post('/projects', { name: `Color ${color}`, color });
      expect(res.status, color).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual(['color']);
    }
    const project = await post('/projects', { name: 'Valid' });
    expect((await admin.patch(`/projects/${project.id}`, { colour: '#000000' })).body.error.details.fields).toEqual({
      colour: 'is not a known field',
    });
    expect((await admin.patch(`/projects/${project.id}`, { status: 'paused' })).body.error.details.fields).toHaveProperty(
      'status',
    );
    expect((await admin.get('/projects/0')).body.error.details.fields).toHaveProperty('id');
    expect((await admin.get('/projects?client_id=x')).body.error.details.fields).toHaveProperty('client_id');
    expect((await admin.get('/projects?limit=501')).body.error.details.fields).toHaveProperty('limit');
    expect((await admin.get('/projects?cursor=%%%')).status).toBe(400);
    const nul = await admin.post('/projects', { name: 'Nul', description: 'a\u0000' });
    expect(nul.body.error.details.fields).toEqual({ description: 'must not contain NUL characters' });
    expect((await admin.get('/projects?q=a%00')).status).toBe(400);
  });

  it('answers 404 not_found for unknown ids and 401 without credentials', async () => {
    for (const res of [
      await admin.get('/projects/777777'),
      await admin.patch('/projects/777777', { name: 'x' }),
      await admin.delete('/projects/777777'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    for (const res of [
      await t.anonymous.get('/projects'),
      await t.anonymous.get('/projects/1'),
      await t.anonymous.post('/projects', { name: 'x' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('lets every user read but only admins write (403 forbidden)', async () => {
    const project = await post('/projects', { name: 'Shared' });
    expect((await user.get('/projects?q=shared')).body.items.map((p: { id: number }) => p.id)).toEqual([project.id]);
    for (const res of [
      await user.post('/projects', { name: 'Mine' }),
      await user.patch(`/projects/${project.id}`, { status: 'archived' }),
      await user.delete(`/projects/${project.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await admin.get(`/projects/${project.id}`)).body.status).toBe('active');
  });

  it('checks token scopes', async () => {
    const reader = await t.tokenClient(admin, ['read:projects']);
    expect((await reader.get('/projects')).status).toBe(200);
    const denied = await reader.post('/projects', { name: 'By reader' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('write:projects');
    expect((await (await t.tokenClient(admin, ['read:clients'])).get('/projects')).status).toBe(403);
    expect((await (await t.tokenClient(admin, ['write:clients'])).post('/projects', { name: 'Wrong scope' })).status).toBe(403);

    const writer = await t.tokenClient(admin, ['write:*']);
    expect((await writer.post('/projects', { name: 'By writer token' })).status).toBe(201);
    const all = await t.tokenClient(admin, ['admin:all']);
    expect((await all.get('/projects?q=writer%20token')).body.items).toHaveLength(1);

    const userWriter = await t.tokenClient(user, ['write:projects']);
    expect((await userWriter.post('/projects', { name: 'By user token' })).status).toBe(403);
  });

  it('pages through all projects exactly once and filters by client, status and name', async () => {
    const client = await post('/clients', { name: 'Paging Client' });
    const names = ['lp-7', 'LP-3', 'lp-1', 'lp-5', 'Lp-2', 'lp-6', 'lp-4', 'lp-8'];
    const ids = new Map<string, number>();
    for (const [i, name] of names.entries()) {
      ids.set(name, (await post('/projects', { name, client_id: i % 2 === 0 ? client.id : null })).id);
    }
    // same lowercased name under another client: the id breaks the tie
    const twin = await post('/projects', { name: 'LP-1', client_id: (await post('/clients', { name: 'Twin Client' })).id });
    await admin.patch(`/projects/${ids.get('lp-6')}`, { status: 'archived' });

    const walk = await walkPages<{ id: number; name: string }>(admin, '/projects?q=lp-', 2);
    expect(walk.pages).toBe(5);
    expect(walk.items.map((p) => p.name)).toEqual(['lp-1', 'LP-1', 'Lp-2', 'LP-3', 'lp-4', 'lp-5', 'lp-6', 'lp-7', 'lp-8']);
    expect(walk.items[1]!.id).toBe(twin.id);
    expect(new Set(walk.items.map((p) => p.id)).size).toBe(9);

    const ofClient = await walkPages<{ name: string; client_id: number }>(admin, `/projects?client_id=${client.id}`, 3);
    expect(ofClient.items.map((p) => p.name)).toEqual(['lp-1', 'Lp-2', 'lp-4', 'lp-7']);
    expect((await admin.get('/projects?q=LP-&status=archived')).body.items.map((p: { name: string }) => p.name)).toEqual([
      'lp-6',
    ]);
    expect((await admin.get('/projects?q=lp-&status=active&limit=500')).body.items).toHaveLength(8);
    expect((await admin.get('/projects?client_id=999999')).body).toEqual({ items: [], next_cursor: null });
  });
});
