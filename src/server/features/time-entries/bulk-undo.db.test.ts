// POST /time-entries/bulk answers an `undo`; POST /time-entries/bulk/undo reverts exactly that, except where an
// entry was changed since (the newer change stays, the entry is reported as skipped).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearEntries } from '../reports/report-world.test-helpers.js';
import { at, createWorld, expectError, type World } from './entries.test-helpers.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.t.close();
});
beforeEach(async () => {
  await clearEntries(w.t);
});

async function entry(body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await w.alice.post('/time-entries', { project_id: w.project.id, ...body });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const get = async (id: number) => (await w.alice.get(`/time-entries/${id}`)).body;
const bulk = (body: Record<string, unknown>) => w.alice.post('/time-entries/bulk', body);
const undo = (body: unknown) => w.alice.post('/time-entries/bulk/undo', body);

describe('undo of a project move', () => {
  it('puts project and task back; an entry moved again since keeps its newer project', async () => {
    const a = await entry({ start_time: at(9), end_time: at(10), task_id: w.taskId });
    const b = await entry({ start_time: at(10), end_time: at(11) });
    const c = await entry({ project_id: w.internal.id, start_time: at(11), end_time: at(12) }); // already there
    const moved = await bulk({ ids: [a.id, b.id, c.id], action: 'set_project', value: w.internal.id });
    expect(moved.body).toEqual({
      updated: 3,
      undo: {
        action: 'set_project',
        entries: [
          { id: a.id, from: { project_id: w.project.id, task_id: w.taskId }, to: { project_id: w.internal.id, task_id: null } },
          { id: b.id, from: { project_id: w.project.id, task_id: null }, to: { project_id: w.internal.id, task_id: null } },
        ],
      },
    });
    // b is moved on by hand afterwards: the undo must not overwrite that.
    await w.alice.patch(`/time-entries/${b.id}`, { project_id: w.project.id, task_id: w.taskId });
    expect((await undo(moved.body.undo)).body).toEqual({ reverted: 1, skipped_ids: [b.id] });
    expect(await get(a.id)).toMatchObject({ project_id: w.project.id, task_id: w.taskId, client_id: w.clientId });
    expect(await get(b.id)).toMatchObject({ project_id: w.project.id, task_id: w.taskId });
    expect(await get(c.id)).toMatchObject({ project_id: w.internal.id });
    // A second undo changes nothing more.
    expect((await undo(moved.body.undo)).body).toEqual({ reverted: 0, skipped_ids: [a.id, b.id] });
  });

  it('checks forged values like a PATCH: an archived or unknown project, a task of another project', async () => {
    const a = await entry({ start_time: at(9), end_time: at(10) });
    const moved = await bulk({ ids: [a.id], action: 'set_project', value: w.internal.id });
    const forge = (from: Record<string, unknown>) => ({
      action: 'set_project',
      entries: [{ id: a.id, from: { project_id: w.project.id, task_id: null, ...from }, to: moved.body.undo.entries[0].to }],
    });
    expectError(await undo(forge({ project_id: w.archived.id })), 409, 'project_archived');
    expectError(await undo(forge({ project_id: 999_999 })), 400, 'validation_failed');
    expectError(await undo(forge({ task_id: w.internalTaskId })), 400, 'validation_failed');
    expect((await get(a.id)).project_id).toBe(w.internal.id);
  });
});

describe('undo of tag changes and billable', () => {
  it('removes only the tags the bulk added, and adds back only those it removed', async () => {
    const a = await entry({ start_time: at(9), end_time: at(10), tags: ['Keep', 'x'] });
    const b = await entry({ start_time: at(10), end_time: at(11), tags: ['keep'] });
    const added = await bulk({ ids: [a.id, b.id], action: 'add_tags', value: ['X', 'new'] });
    expect(added.body.undo).toEqual({
      action: 'add_tags',
      entries: [
        { id: a.id, tags: ['new'] },
        { id: b.id, tags: ['X', 'new'] },
      ],
    });
    expect((await undo(added.body.undo)).body).toEqual({ reverted: 2, skipped_ids: [] });
    expect((await get(a.id)).tags).toEqual(['Keep', 'x']);
    expect((await get(b.id)).tags).toEqual(['Keep']); // a user's tag keeps its first spelling

    const removed = await bulk({ ids: [a.id, b.id], action: 'remove_tags', value: ['KEEP'] });
    expect(removed.body.undo).toEqual({
      action: 'remove_tags',
      entries: [
        { id: a.id, tags: ['Keep'] },
        { id: b.id, tags: ['Keep'] },
      ],
    });
    // b gets its tag back by hand first: nothing left to revert there.
    await w.alice.patch(`/time-entries/${b.id}`, { tags: ['keep'] });
    expect((await undo(removed.body.undo)).body).toEqual({ reverted: 1, skipped_ids: [b.id] });
    expect((await get(a.id)).tags).toEqual(['Keep', 'x']);

    // Nothing changed, nothing to undo.
    expect((await bulk({ ids: [a.id], action: 'add_tags', value: ['x'] })).body).toEqual({ updated: 1, undo: null });
  });

  it('reverts billable only where it is still what the bulk set; a deleted entry is skipped', async () => {
    const a = await entry({ start_time: at(9), end_time: at(10) });
    const b = await entry({ start_time: at(10), end_time: at(11) });
    const c = await entry({ start_time: at(11), end_time: at(12), billable: false });
    const d = await entry({ start_time: at(12), end_time: at(13) });
    const res = await bulk({ ids: [a.id, b.id, c.id, d.id], action: 'set_billable', value: false });
    expect(res.body.undo).toEqual({
      action: 'set_billable',
      entries: [
        { id: a.id, billable: true },
        { id: b.id, billable: true },
        { id: d.id, billable: true },
      ],
    });
    await w.alice.patch(`/time-entries/${b.id}`, { billable: true });
    await w.alice.delete(`/time-entries/${d.id}`);
    expect((await undo(res.body.undo)).body).toEqual({ reverted: 1, skipped_ids: [b.id, d.id] });
    expect([(await get(a.id)).billable, (await get(b.id)).billable, (await get(c.id)).billable]).toEqual([true, true, false]);
  });

  it("is all or nothing for others' entries: 404 and nothing reverted", async () => {
    const a = await entry({ start_time: at(9), end_time: at(10) });
    const bobs = (await w.bob.post('/time-entries', { project_id: w.project.id, start_time: at(9), end_time: at(10) })).body;
    await bulk({ ids: [a.id], action: 'set_billable', value: false });
    const forged = {
      action: 'set_billable',
      entries: [
        { id: a.id, billable: true },
        { id: bobs.id, billable: false },
      ],
    };
    expect(expectError(await undo(forged), 404, 'not_found').ids).toEqual([bobs.id]);
    expect((await get(a.id)).billable).toBe(false);
    expect((await w.bob.get(`/time-entries/${bobs.id}`)).body.billable).toBe(true);
    expectError(
      await undo({
        action: 'set_billable',
        entries: [
          { id: a.id, billable: true },
          { id: a.id, billable: true },
        ],
      }),
      400,
      'validation_failed',
    );
    expectError(await undo({ action: 'set_billable', entries: [] }), 400, 'validation_failed');
    expectError(await undo({ action: 'rename', entries: [{ id: a.id }] }), 400, 'validation_failed');
  });
});

describe('OpenAPI document', () => {
  it('describes restore, bulk undo and the undo in the bulk answer', async () => {
    const doc = (await w.t.anonymous.get('/api/docs/json')).body;
    const restore = doc.paths['/api/v1/time-entries/restore'].post;
    expect(restore.requestBody.content['application/json'].schema.properties.ids.maxItems).toBe(500);
    expect(Object.keys(restore.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
    const undoRoute = doc.paths['/api/v1/time-entries/bulk/undo'].post;
    expect(JSON.stringify(undoRoute.requestBody)).toContain('set_project');
    expect(undoRoute.description).toMatch(/skipped_ids/);
    const bulkAnswer = doc.paths['/api/v1/time-entries/bulk'].post.responses['200'];
    expect(JSON.stringify(bulkAnswer)).toContain('remove_tags');
  });
});
