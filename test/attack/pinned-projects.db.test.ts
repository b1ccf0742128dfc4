// Favourite projects (`pinned_project_ids` in the preferences) and the tag suggestions (GET /tags) under hostile
// input: ids of no project or of archived ones, 10,000 ids, wrong types; and neither reaches another user's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.t.close();
});

const pin = (ids: unknown) => w.alice.patch('/users/me/preferences', { pinned_project_ids: ids });

describe('pinned projects', () => {
  it('are kept in order, a repeated id once, and are the caller’s own', async () => {
    const res = await pin([w.internal.id, w.project.id, w.internal.id]);
    expect(res.status).toBe(200);
    expect(res.body.pinned_project_ids).toEqual([w.internal.id, w.project.id]);
    expect((await w.alice.get('/users/me')).body.preferences.pinned_project_ids).toEqual([w.internal.id, w.project.id]);
    expect((await w.bob.get('/users/me/preferences')).body.pinned_project_ids).toEqual([]);
  });

  it('refuse ids of no project and of archived projects, and change nothing', async () => {
    for (const ids of [[999_999], [w.project.id, 2_147_483_647], [w.archived.id]]) {
      const details = expectError(await pin(ids), 400, 'validation_failed');
      expect(Object.keys(details.fields)).toEqual(['pinned_project_ids']);
    }
    expect((await w.alice.get('/users/me/preferences')).body.pinned_project_ids).toEqual([w.internal.id, w.project.id]);
  });

  it('keep a project archived after it was pinned, so another can still be unpinned', async () => {
    const temp = (await w.admin.post('/projects', { name: 'Soon archived' })).body;
    expect((await pin([w.project.id, temp.id])).status).toBe(200);
    expect((await w.admin.patch(`/projects/${temp.id}`, { status: 'archived' })).status).toBe(200);
    expect((await pin([temp.id])).body.pinned_project_ids).toEqual([temp.id]);
    // …but once unpinned, an archived project cannot come back.
    expect((await pin([])).body.pinned_project_ids).toEqual([]);
    expectError(await pin([temp.id]), 400, 'validation_failed');
  });

  it('refuse 10,000 ids (at most 50) in a clear 400', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => i + 1);
    expectError(await pin(many), 400, 'validation_failed');
    expectError(await pin(Array.from({ length: 51 }, () => w.project.id)), 400, 'validation_failed');
  });

  it('refuse wrong types', async () => {
    for (const ids of [null, 'all', 5, { 0: 1 }, ['1'], [1.5], [0], [-3], [null], [[w.project.id]], [true]]) {
      expectError(await pin(ids), 400, 'validation_failed');
    }
  });
});

describe('tag suggestions', () => {
  it('list only the caller’s tags that kept entries carry', async () => {
    const add = (client: typeof w.alice, start: string, tags: string[]) =>
      client.post('/time-entries', { project_id: w.project.id, start_time: start, duration_seconds: 600, tags });
    expect((await add(w.alice, '2026-01-05T09:00:00Z', ['Client-A', 'urgent'])).status).toBe(201);
    expect((await add(w.bob, '2026-01-05T09:00:00Z', ['bob-secret'])).status).toBe(201);
    const gone = (await add(w.alice, '2026-01-05T10:00:00Z', ['deleted-only'])).body.id;
    expect((await w.alice.delete(`/time-entries/${gone}`)).status).toBe(204);

    expect((await w.alice.get('/tags')).body.items).toEqual([{ name: 'Client-A' }, { name: 'urgent' }]);
    expect((await w.alice.get('/tags?q=CLIENT')).body.items).toEqual([{ name: 'Client-A' }]);
    expect((await w.alice.get('/tags?q=secret')).body.items).toEqual([]);
    // LIKE wildcards are matched literally.
    expect((await w.alice.get('/tags?q=%25')).body.items).toEqual([]);
    expect((await w.alice.get('/tags?q=_')).body.items).toEqual([]);
  });

  it('answer bad queries with a 400', async () => {
    expectError(await w.alice.get('/tags?limit=0'), 400, 'validation_failed');
    expectError(await w.alice.get('/tags?limit=100000'), 400, 'validation_failed');
    expectError(await w.alice.get(`/tags?q=${'x'.repeat(300)}`), 400, 'validation_failed');
  });
});
