import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../../../../test/harness.js';
import { insertEntry, recordAnalytics, walkPages, type TrackedEvent } from './catalog.test-helpers.js';

describe('clients API', () => {
  let t: TestApp;
  let admin: ApiClient;
  let user: ApiClient;
  let events: TrackedEvent[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
    user = await t.createUser(admin, 'casey');
    events = recordAnalytics(t);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await admin.post('/clients', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: number; name: string };
  };

  it('creates, reads, changes, archives and deletes a client, tracking each step', async () => {
    const created = await admin.post('/clients', {
      name: '  Acme Corp ',
      email: 'billing@acme.test',
      default_hourly_rate: '85.5',
      notes: 'VIP',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme Corp',
      email: 'billing@acme.test',
      default_hourly_rate: '85.50',
      notes: 'VIP',
      status: 'active',
    });
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const id = created.body.id as number;
    const stored = await t.runtime.ctx.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.default_hourly_rate_cents).toBe(8550);

    expect((await user.get(`/clients/${id}`)).body).toEqual(created.body);

    const changed = await admin.patch(`/clients/${id}`, { default_hourly_rate: 120, email: null, notes: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Acme Corp',
      default_hourly_rate: '120.00',
      email: null,
      notes: null,
      status: 'active',
    });

    const archived = await admin.patch(`/clients/${id}`, { status: 'archived' });
    expect(archived.body.status).toBe('archived');
    // archiving again is no new event
    await admin.patch(`/clients/${id}`, { status: 'archived' });

    expect((await admin.delete(`/clients/${id}`)).status).toBe(204);
    expect((await admin.get(`/clients/${id}`)).status).toBe(404);

    expect(events).toEqual([
      { event: 'client.created', properties: { client_id: id } },
      { event: 'client.archived', properties: { client_id: id } },
      { event: 'client.deleted', properties: { client_id: id } },
    ]);
  });

  it('keeps client names unique, case-insensitively, on create and rename', async () => {
    const first = await create({ name: 'Unique Ltd' });
    const dup = await admin.post('/clients', { name: 'UNIQUE ltd' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('name_taken');
    expect(dup.body.error.message).toContain('UNIQUE ltd');

    const other = await create({ name: 'Other Ltd' });
    const rename = await admin.patch(`/clients/${other.id}`, { name: 'unique LTD' });
    expect(rename.status).toBe(409);
    expect(rename.body.error.code).toBe('name_taken');

    // renaming a client to its own name in another case is fine
    const self = await admin.patch(`/clients/${first.id}`, { name: 'UNIQUE LTD' });
    expect(self.status).toBe(200);
    expect(self.body.name).toBe('UNIQUE LTD');
    expect(events.filter((e) => e.event === 'client.created')).toHaveLength(2);
  });

  it('refuses to delete a client that has projects or time entries (in_use)', async () => {
    const client = await create({ name: 'Busy Client' });
    const project = await admin.post('/projects', { name: 'Busy Project', client_id: client.id });
    expect(project.status).toBe(201);

    const withProject = await admin.delete(`/clients/${client.id}`);
    expect(withProject.status).toBe(409);
    expect(withProject.body.error.code).toBe('in_use');
    expect(withProject.body.error.message).toMatch(/project/);

    await insertEntry(t, project.body.id);
    const withEntries = await admin.delete(`/clients/${client.id}`);
    expect(withEntries.status).toBe(409);
    expect(withEntries.body.error.code).toBe('in_use');
    expect(withEntries.body.error.message).toMatch(/time entries.*archive it instead/i);
    expect((await admin.get(`/clients/${client.id}`)).status).toBe(200);

    const free = await create({ name: 'Free Client' });
    const freeProject = await admin.post('/projects', { name: 'Short-lived', client_id: free.id });
    expect((await admin.delete(`/projects/${freeProject.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/clients/${free.id}`)).status).toBe(204);
    expect(events.filter((e) => e.event === 'client.deleted')).toEqual([
      { event: 'client.deleted', properties: { client_id: free.id } },
    ]);
  });

  it('validates bodies and ids with validation_failed naming the fields', async () => {
    const bad = await admin.post('/clients', { name: '   ', email: 'not-an-email', default_hourly_rate: '-5', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['colour', 'default_hourly_rate', 'email', 'name']);
    // The shared rules' words (src/shared/schemas): the web's forms show the same ones, translated, so they stay.
    expect(bad.body.error.details.fields).toMatchObject({
      name: 'must not be empty',
      email: 'must be an e-mail address',
      default_hourly_rate: 'must be a non-negative amount with at most two decimals, e.g. "85.00"',
    });
    expect((await admin.post('/clients', { name: 'two\nlines' })).body.error.details.fields).toEqual({
      name: 'must not contain control characters',
    });

    for (const rate of [-1, '12.345', 'abc', '']) {
      const res = await admin.post('/clients', { name: `Rate ${String(rate)}`, default_hourly_rate: rate });
      expect(res.status, String(rate)).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual(['default_hourly_rate']);
    }
    const badStatus = await admin.post('/clients', { name: 'Status', status: 'deleted' });
    expect(badStatus.body.error.details.fields).toHaveProperty('status');

    const client = await create({ name: 'Patch Target' });
    const unknown = await admin.patch(`/clients/${client.id}`, { nickname: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toEqual({ nickname: 'is not a known field' });
    const nullName = await admin.patch(`/clients/${client.id}`, { name: null });
    expect(nullName.body.error.details.fields).toHaveProperty('name');

    for (const badId of ['abc', '0', '-3', '1.5', '99999999999']) {
      const res = await admin.get(`/clients/${badId}`);
      expect(res.status, badId).toBe(400);
      expect(res.body.error.details.fields).toHaveProperty('id');
    }
    expect((await admin.post('/clients', '{"name": ')).status).toBe(400);
    // PostgreSQL cannot store NUL; names refuse every control character
    for (const body of [{ name: 'a\u0000b' }, { name: 'two\nlines' }, { name: 'Nul notes', notes: 'x\u0000' }]) {
      const res = await admin.post('/clients', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual([Object.keys(body).at(-1)]);
    }
    expect((await admin.get('/clients?q=%00')).body.error.details.fields).toHaveProperty('q');
    const nulCursor = Buffer.from(JSON.stringify(['\u0000', 1])).toString('base64url');
    expect((await admin.get(`/clients?cursor=${nulCursor}`)).body.error.details.fields).toHaveProperty('cursor');
    const hugeIdCursor = Buffer.from(JSON.stringify(['a', 1e15])).toString('base64url');
    expect((await admin.get(`/clients?cursor=${hugeIdCursor}`)).body.error.details.fields).toHaveProperty('cursor');
    // nothing invalid was stored
    const names = (await walkPages<{ name: string }>(admin, '/clients', 500)).items.map((c) => c.name);
    expect(names.some((n) => n.startsWith('Rate') || n === 'Status')).toBe(false);
  });

  it('answers 404 not_found for unknown ids', async () => {
    for (const res of [
      await admin.get('/clients/987654'),
      await admin.patch('/clients/987654', { notes: 'x' }),
      await admin.delete('/clients/987654'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('requires authentication', async () => {
    for (const res of [
      await t.anonymous.get('/clients'),
      await t.anonymous.post('/clients', { name: 'Anon' }),
      await t.anonymous.delete('/clients/1'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('lets every user read but only admins write (403 forbidden)', async () => {
    const client = await create({ name: 'Readable' });
    expect((await user.get('/clients')).status).toBe(200);
    expect((await user.get(`/clients/${client.id}`)).body.name).toBe('Readable');
    for (const res of [
      await user.post('/clients', { name: 'Sneaky' }),
      await user.patch(`/clients/${client.id}`, { status: 'archived' }),
      await user.delete(`/clients/${client.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await admin.get(`/clients/${client.id}`)).body.status).toBe('active');
  });

  it('checks token scopes and the admin role for tokens', async () => {
    const reader = await t.tokenClient(admin, ['read:clients']);
    expect((await reader.get('/clients')).status).toBe(200);
    const denied = await reader.post('/clients', { name: 'By reader token' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');

    const projectsOnly = await t.tokenClient(admin, ['read:projects']);
    expect((await projectsOnly.get('/clients')).status).toBe(403);

    const writer = await t.tokenClient(admin, ['write:*']);
    const made = await writer.post('/clients', { name: 'By writer token' });
    expect(made.status).toBe(201);
    // write:* grants no reading
    expect((await writer.get(`/clients/${made.body.id}`)).status).toBe(403);

    const userWriter = await t.tokenClient(user, ['write:*', 'read:*']);
    expect((await userWriter.get('/clients')).status).toBe(200);
    expect((await userWriter.post('/clients', { name: 'By user token' })).status).toBe(403);
  });

  it('pages through all clients exactly once in name order, with filters', async () => {
    const names = ['pg-delta', 'PG-alpha', 'pg-charlie', 'pg-Bravo', 'pg-echo', 'pg-foxtrot', 'pg-golf'];
    const ids = new Map<string, number>();
    for (const name of names) ids.set(name, (await create({ name })).id);
    await admin.patch(`/clients/${ids.get('pg-echo')}`, { status: 'archived' });

    const walk = await walkPages<{ id: number; name: string }>(admin, '/clients?q=PG-', 3);
    expect(walk.pages).toBe(3);
    expect(walk.items.map((c) => c.name)).toEqual([
      'PG-alpha',
      'pg-Bravo',
      'pg-charlie',
      'pg-delta',
      'pg-echo',
      'pg-foxtrot',
      'pg-golf',
    ]);
    expect(new Set(walk.items.map((c) => c.id)).size).toBe(names.length);

    const exact = await admin.get('/clients?q=pg-&limit=7');
    expect(exact.body.items).toHaveLength(7);
    expect(exact.body.next_cursor).toBeNull();

    const archived = await admin.get('/clients?q=pg-&status=archived');
    expect(archived.body.items.map((c: { name: string }) => c.name)).toEqual(['pg-echo']);
    const active = await walkPages<{ name: string }>(admin, '/clients?q=pg-&status=active', 2);
    expect(active.items.map((c) => c.name)).not.toContain('pg-echo');
    expect(active.items).toHaveLength(6);

    // LIKE wildcards in q are literal
    expect((await admin.get('/clients?q=pg%25')).body.items).toEqual([]);
    expect((await admin.get('/clients?q=pg_')).body.items).toEqual([]);
    // default limit is 50
    expect((await admin.get('/clients')).body.items.length).toBeLessThanOrEqual(50);
  });

  it('rejects bad list parameters', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'status=gone', 'cursor=not-a-cursor']) {
      const res = await admin.get(`/clients?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.details.fields)).toEqual([query.split('=')[0]]);
    }
    const foreign = Buffer.from(JSON.stringify({ start_time: 1 })).toString('base64url');
    expect((await admin.get(`/clients?cursor=${foreign}`)).body.error.details.fields).toHaveProperty('cursor');
  });
});
