import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../test/harness.js';
import { at, createWorld, expectError, tokenFor, type World } from './entries.test-helpers.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.t.close();
});

/** Creates an entry (201 expected) and returns it. */
async function entry(client: ApiClient, body: Record<string, unknown>) {
  const res = await client.post('/time-entries', { project_id: w.project.id, ...body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function listAll(client: ApiClient, query: string): Promise<number[]> {
  const res = await client.get(`/time-entries?limit=500${query ? `&${query}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.items.map((e: { id: number }) => e.id);
}

describe('POST /time-entries', () => {
  it('creates an entry from end_time: exact duration, client through the project, sorted tags, billable from the project', async () => {
    const res = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      task_id: w.taskId,
      start_time: '2026-01-05T10:00:00+01:00',
      end_time: at(10, 7, 13),
      break_seconds: 120,
      notes: 'Landing page',
      tags: ['urgent', 'Beta', 'URGENT'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      user_id: w.ids.alice,
      project_id: w.project.id,
      client_id: w.clientId,
      task_id: w.taskId,
      start_time: at(9),
      end_time: at(10, 7, 13),
      duration_seconds: 67 * 60 + 13 - 120, // not rounded: manual entries are stored exactly
      break_seconds: 120,
      notes: 'Landing page',
      tags: ['Beta', 'urgent'],
      billable: true,
      source: 'manual',
      invoice_number: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    expect((await w.alice.get(`/time-entries/${res.body.id}`)).body).toEqual(res.body);
  });

  it('creates an entry from duration_seconds (worked time, breaks come on top) and defaults billable from the project', async () => {
    const e = await entry(w.alice, { project_id: w.internal.id, start_time: at(9), duration_seconds: 3600, break_seconds: 600 });
    expect(e).toMatchObject({
      end_time: at(10, 10),
      duration_seconds: 3600,
      break_seconds: 600,
      billable: false,
      client_id: null,
      tags: [],
    });
    const overridden = await entry(w.alice, { project_id: w.internal.id, start_time: at(12), end_time: at(13), billable: true });
    expect(overridden.billable).toBe(true);
  });

  it('rejects invalid bodies with validation_failed naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ start_time: at(9), end_time: at(10), duration_seconds: 60 }, 'duration_seconds'],
      [{ start_time: at(9) }, 'end_time'],
      [{ start_time: at(9), end_time: at(9) }, 'end_time'],
      [{ start_time: at(9), end_time: at(8) }, 'end_time'],
      [{ start_time: at(9), duration_seconds: 0 }, 'duration_seconds'],
      [{ start_time: at(9), duration_seconds: -5 }, 'duration_seconds'],
      [{ start_time: at(9), duration_seconds: 1.5 }, 'duration_seconds'],
      [{ start_time: '2026-01-05T09:00:00', end_time: at(10) }, 'start_time'],
      [{ start_time: at(9), end_time: at(10), color: 'red' }, 'color'],
      [{ start_time: at(9), end_time: at(10), break_seconds: 3600 }, 'break_seconds'],
      [{ start_time: at(9), end_time: at(10), break_seconds: -1 }, 'break_seconds'],
      [{ start_time: at(9), end_time: at(10), tags: [' '] }, 'tags.0'],
      [{ start_time: at(9), end_time: at(10), project_id: 999_999 }, 'project_id'],
      [{ start_time: at(9), end_time: at(10), task_id: w.internalTaskId }, 'task_id'],
      [{ start_time: at(9), end_time: at(10), task_id: 999_999 }, 'task_id'],
      [{ start_time: at(9), end_time: '2026-03-01T00:00:00Z' }, 'end_time'],
    ];
    for (const [body, field] of cases) {
      const res = await w.alice.post('/time-entries', { project_id: w.project.id, ...body });
      const details = expectError(res, 400, 'validation_failed');
      expect(Object.keys(details.fields), JSON.stringify(body)).toContain(field);
    }
    expect(await listAll(w.alice, '')).toEqual([]);
  });

  it('refuses an archived project with 409 project_archived', async () => {
    const res = await w.alice.post('/time-entries', { project_id: w.archived.id, start_time: at(9), end_time: at(10) });
    expectError(res, 409, 'project_archived');
  });

  it('answers 409 overlap with every conflicting id; touching intervals and other users do not conflict', async () => {
    const a = await entry(w.alice, { start_time: at(9), end_time: at(10) });
    const b = await entry(w.alice, { start_time: at(10), end_time: at(11) }); // touches a
    await entry(w.bob, { start_time: at(9, 30), end_time: at(10, 30) }); // another user's time is not in the way
    const res = await w.alice.post('/time-entries', { project_id: w.project.id, start_time: at(9, 59), end_time: at(10, 1) });
    expect(expectError(res, 409, 'overlap').conflicting_ids.sort()).toEqual([a.id, b.id].sort());
    const inside = await w.alice.post('/time-entries', { project_id: w.project.id, start_time: at(9, 10), duration_seconds: 60 });
    expect(expectError(inside, 409, 'overlap').conflicting_ids).toEqual([a.id]);
    await entry(w.alice, { start_time: at(8), end_time: at(9) }); // touches a from the other side
  });

  it('lets only one of many simultaneous overlapping creates through', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        w.alice.post('/time-entries', { project_id: w.project.id, start_time: at(9, i), end_time: at(10, i) }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expectError(r, 409, 'overlap');
    expect(await listAll(w.alice, '')).toHaveLength(1);
  });

  it('treats a running timer as occupying everything from its start', async () => {
    const timer = (await w.alice.post('/timer/start', { project_id: w.project.id })).body.timer;
    const startedAt = Date.parse(timer.start_time);
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const later = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: iso(startedAt + 3_600_000),
      duration_seconds: 60,
    });
    expect(expectError(later, 409, 'overlap').conflicting_ids).toEqual([timer.id]);
    await entry(w.alice, { start_time: iso(startedAt - 3_600_000), end_time: iso(startedAt) });
  });

  it('lets an admin create entries for another user, not a normal user', async () => {
    const e = await entry(w.admin, { user_id: w.ids.bob, start_time: at(9), end_time: at(10), tags: ['Ops'] });
    expect(e.user_id).toBe(w.ids.bob);
    expect((await w.bob.get(`/time-entries/${e.id}`)).body.tags).toEqual(['Ops']);
    const tagOwners = await w.t.runtime.ctx.db.selectFrom('tags').select('user_id').where('name_lower', '=', 'ops').execute();
    expect(tagOwners).toEqual([{ user_id: w.ids.bob }]);
    expectError(
      await w.alice.post('/time-entries', { project_id: w.project.id, user_id: w.ids.bob, start_time: at(11), end_time: at(12) }),
      403,
      'forbidden',
    );
    const own = await entry(w.alice, { user_id: w.ids.alice, start_time: at(11), end_time: at(12) });
    expect(own.user_id).toBe(w.ids.alice);
    const unknown = await w.admin.post('/time-entries', {
      project_id: w.project.id,
      user_id: 999_999,
      start_time: at(9),
      end_time: at(10),
    });
    expect(Object.keys(expectError(unknown, 400, 'validation_failed').fields)).toEqual(['user_id']);
  });
});

describe('tags', () => {
  it('are case-insensitive per user: the first spelling is kept, no duplicates, filter ignores case', async () => {
    const first = await entry(w.alice, { start_time: at(9), end_time: at(10), tags: ['Urgent', 'client-A'] });
    const second = await entry(w.alice, { start_time: at(10), end_time: at(11), tags: ['URGENT', 'zeta', 'alpha'] });
    expect(first.tags).toEqual(['client-A', 'Urgent']);
    expect(second.tags).toEqual(['alpha', 'Urgent', 'zeta']);
    await entry(w.bob, { start_time: at(9), end_time: at(10), tags: ['urgent'] });
    const rows = await w.t.runtime.ctx.db
      .selectFrom('tags')
      .select(['user_id', 'name'])
      .where('name_lower', '=', 'urgent')
      .orderBy('user_id')
      .execute();
    expect(rows).toEqual([
      { user_id: w.ids.alice, name: 'Urgent' },
      { user_id: w.ids.bob, name: 'urgent' },
    ]);
    expect((await listAll(w.alice, 'tag=uRgEnT')).sort()).toEqual([first.id, second.id].sort());
    expect(await listAll(w.alice, 'tag=alpha')).toEqual([second.id]);
  });
});

describe('GET /time-entries filters', () => {
  it('applies from/to overlap semantics, project, client, task, tag, billable and q, alone and combined', async () => {
    const e1 = await entry(w.alice, {
      start_time: at(8),
      end_time: at(9),
      task_id: w.taskId,
      tags: ['x'],
      notes: 'Fix 100% of bugs',
    });
    const e2 = await entry(w.alice, { start_time: at(9), end_time: at(10), project_id: w.internal.id, notes: 'meeting' });
    const e3 = await entry(w.alice, {
      start_time: at(10),
      end_time: at(12),
      billable: false,
      tags: ['X', 'y'],
      notes: 'BUG triage',
    });
    await entry(w.bob, { start_time: at(9), end_time: at(10), notes: 'bug' });

    expect(await listAll(w.alice, '')).toEqual([e3.id, e2.id, e1.id]);
    expect(await listAll(w.alice, `from=${at(9)}&to=${at(10)}`)).toEqual([e2.id]); // touching entries are outside
    expect(await listAll(w.alice, `from=${at(8, 59)}&to=${at(10, 1)}`)).toEqual([e3.id, e2.id, e1.id]);
    expect(await listAll(w.alice, `from=${at(11)}`)).toEqual([e3.id]);
    expect(await listAll(w.alice, `to=${at(9)}`)).toEqual([e1.id]);
    expect(await listAll(w.alice, `project_id=${w.internal.id}`)).toEqual([e2.id]);
    expect(await listAll(w.alice, `client_id=${w.clientId}`)).toEqual([e3.id, e1.id]);
    expect(await listAll(w.alice, `task_id=${w.taskId}`)).toEqual([e1.id]);
    expect(await listAll(w.alice, 'tag=x')).toEqual([e3.id, e1.id]);
    expect(await listAll(w.alice, 'billable=false')).toEqual([e3.id, e2.id]);
    expect(await listAll(w.alice, 'billable=true')).toEqual([e1.id]);
    expect(await listAll(w.alice, 'q=bug')).toEqual([e3.id, e1.id]);
    expect(await listAll(w.alice, 'q=100%25')).toEqual([e1.id]);
    expect(await listAll(w.alice, 'q=0%25%20of')).toEqual([e1.id]);
    expect(await listAll(w.alice, 'q=1_0')).toEqual([]); // _ is literal, not a wildcard
    expect(await listAll(w.alice, `client_id=${w.clientId}&billable=true&tag=X&q=fix&from=${at(8)}&to=${at(9)}`)).toEqual([
      e1.id,
    ]);
    expect(await listAll(w.alice, `client_id=${w.clientId}&billable=false&tag=y&from=${at(8)}&to=${at(9)}`)).toEqual([]);

    expectError(await w.alice.get(`/time-entries?from=${at(10)}&to=${at(10)}`), 400, 'validation_failed');
    expectError(await w.alice.get('/time-entries?from=2026-01-05T10:00:00'), 400, 'validation_failed');
    expectError(await w.alice.get('/time-entries?billable=maybe'), 400, 'validation_failed');
    expectError(await w.alice.get('/time-entries?limit=501'), 400, 'validation_failed');
    expectError(await w.alice.get('/time-entries?limit=0'), 400, 'validation_failed');
    expectError(await w.alice.get('/time-entries?cursor=bm9wZQ'), 400, 'validation_failed');
    // forged cursors outside the columns' ranges are a 400, not a database error
    for (const key of [
      [0, 1e15],
      [1e300, 1],
      [0, 1.5],
      ['a', 1],
    ]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      expect(expectError(await w.alice.get(`/time-entries?cursor=${cursor}`), 400, 'validation_failed').fields).toHaveProperty(
        'cursor',
      );
    }
  });

  it('pages with a keyset cursor: every entry exactly once, in start_time desc, id desc order', async () => {
    // Alice and Bob share start times, so the id tie-break matters when the admin lists everyone.
    for (let i = 0; i < 12; i++) {
      await entry(w.alice, { start_time: at(i), duration_seconds: 1800 });
      await entry(w.bob, { start_time: at(i), duration_seconds: 1800 });
    }
    await entry(w.admin, { start_time: at(5, 30), duration_seconds: 60 });
    const seen: { id: number; start: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { id: number; start_time: string }[]; next_cursor: string | null } } =
        await w.admin.get(`/time-entries?user_id=all&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.items.map((e) => ({ id: e.id, start: e.start_time })));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(seen).toHaveLength(25);
    expect(pages).toBe(7);
    expect(new Set(seen.map((s) => s.id)).size).toBe(25);
    const sorted = [...seen].sort((a, b) => (a.start === b.start ? b.id - a.id : a.start < b.start ? 1 : -1));
    expect(seen).toEqual(sorted);
    const first = (await w.admin.get('/time-entries?user_id=all&limit=25')).body;
    expect(first.next_cursor).toBeNull();
    expect(first.items.map((e: { id: number }) => e.id)).toEqual(seen.map((s) => s.id));
  });
});

describe('authorization', () => {
  it("hides other users' entries behind 404 and refuses listing them, while an admin may act on any entry", async () => {
    const bobs = await entry(w.bob, { start_time: at(9), end_time: at(10), notes: 'secret' });
    await entry(w.alice, { start_time: at(9), end_time: at(10) });

    expectError(await w.alice.get(`/time-entries/${bobs.id}`), 404, 'not_found');
    expect((await w.alice.get('/time-entries/999999')).body).toEqual((await w.alice.get(`/time-entries/${bobs.id}`)).body);
    expectError(await w.alice.patch(`/time-entries/${bobs.id}`, { notes: 'mine now' }), 404, 'not_found');
    expectError(await w.alice.delete(`/time-entries/${bobs.id}`), 404, 'not_found');
    expectError(await w.alice.get(`/time-entries?user_id=${w.ids.bob}`), 403, 'forbidden');
    expectError(await w.alice.get('/time-entries?user_id=all'), 403, 'forbidden');
    expect((await w.bob.get(`/time-entries/${bobs.id}`)).body.notes).toBe('secret');

    expect(await listAll(w.admin, `user_id=${w.ids.bob}`)).toEqual([bobs.id]);
    expect(await listAll(w.admin, 'user_id=all')).toHaveLength(2);
    expect(await listAll(w.admin, '')).toEqual([]); // the default scope is the caller
    expect((await w.admin.get(`/time-entries/${bobs.id}`)).status).toBe(200);
    const patched = await w.admin.patch(`/time-entries/${bobs.id}`, { notes: 'reviewed' });
    expect(patched.body).toMatchObject({ notes: 'reviewed', user_id: w.ids.bob });
    expect((await w.admin.delete(`/time-entries/${bobs.id}`)).status).toBe(204);
    expectError(await w.bob.get(`/time-entries/${bobs.id}`), 404, 'not_found');
  });

  it('requires read:time_entries / write:time_entries for API tokens', async () => {
    const reader = await tokenFor(w.t, w.ids.alice, ['read:time_entries']);
    const writer = await tokenFor(w.t, w.ids.alice, ['write:time_entries']);
    const other = await tokenFor(w.t, w.ids.alice, ['read:projects']);
    expectError(
      await reader.post('/time-entries', { project_id: w.project.id, start_time: at(9), end_time: at(10) }),
      403,
      'forbidden',
    );
    const made = await writer.post('/time-entries', { project_id: w.project.id, start_time: at(9), end_time: at(10) });
    expect(made.status).toBe(201); // tokens need no CSRF header
    expect((await reader.get('/time-entries')).body.items).toHaveLength(1);
    expectError(await other.get('/time-entries'), 403, 'forbidden');
    expectError(await writer.get(`/time-entries/${made.body.id}`), 403, 'forbidden');
    expectError(await w.t.anonymous.get('/time-entries'), 401, 'unauthenticated');
  });
});

describe('PATCH and DELETE /time-entries/{id}', () => {
  it('changes any subset, keeps the end when only the start moves, and re-checks ranges and overlaps', async () => {
    const e = await entry(w.alice, { start_time: at(9), end_time: at(10), tags: ['a'], notes: 'n' });
    const other = await entry(w.alice, { start_time: at(11), end_time: at(12) });

    const notes = await w.alice.patch(`/time-entries/${e.id}`, { notes: null, billable: false, tags: ['B', 'a'] });
    expect(notes.status).toBe(200);
    expect(notes.body).toMatchObject({
      notes: null,
      billable: false,
      tags: ['a', 'B'],
      start_time: at(9),
      end_time: at(10),
      duration_seconds: 3600,
    });

    const moved = await w.alice.patch(`/time-entries/${e.id}`, { start_time: at(9, 30) });
    expect(moved.body).toMatchObject({ start_time: at(9, 30), end_time: at(10), duration_seconds: 1800 });
    const breaks = await w.alice.patch(`/time-entries/${e.id}`, { break_seconds: 600 });
    expect(breaks.body).toMatchObject({ end_time: at(10), duration_seconds: 1200, break_seconds: 600 });
    const byDuration = await w.alice.patch(`/time-entries/${e.id}`, { duration_seconds: 3000 });
    expect(byDuration.body).toMatchObject({ start_time: at(9, 30), end_time: at(10, 30), duration_seconds: 3000 });

    const overlap = await w.alice.patch(`/time-entries/${e.id}`, { end_time: at(11, 1) });
    expect(expectError(overlap, 409, 'overlap').conflicting_ids).toEqual([other.id]);
    expect((await w.alice.patch(`/time-entries/${e.id}`, { end_time: at(11) })).status).toBe(200); // touching is fine
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { start_time: at(11) }), 400, 'validation_failed');
    expectError(
      await w.alice.patch(`/time-entries/${e.id}`, { end_time: at(12), duration_seconds: 5 }),
      400,
      'validation_failed',
    );
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { user_id: w.ids.bob }), 400, 'validation_failed');
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { project_id: w.archived.id }), 409, 'project_archived');
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { project_id: 999_999 }), 400, 'validation_failed');
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { task_id: w.internalTaskId }), 400, 'validation_failed');
    // Moving to another project together with one of its tasks is fine; a task of the old project is not.
    const task = await w.alice.patch(`/time-entries/${e.id}`, { task_id: w.taskId });
    expect(task.body.task_id).toBe(w.taskId);
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { project_id: w.internal.id }), 400, 'validation_failed');
    const moveProject = await w.alice.patch(`/time-entries/${e.id}`, { project_id: w.internal.id, task_id: w.internalTaskId });
    expect(moveProject.body).toMatchObject({
      project_id: w.internal.id,
      client_id: null,
      task_id: w.internalTaskId,
      billable: false,
    });

    const final = (await w.alice.get(`/time-entries/${e.id}`)).body;
    expect(final).toMatchObject({ start_time: at(9, 30), end_time: at(11), duration_seconds: 5400 - 600 });
  });

  it('cannot finish the running timer, but can edit its notes and start', async () => {
    const timer = (await w.alice.post('/timer/start', { project_id: w.project.id })).body.timer;
    expectError(await w.alice.patch(`/time-entries/${timer.id}`, { end_time: '2099-01-01T00:00:00Z' }), 409, 'timer_running');
    expectError(await w.alice.patch(`/time-entries/${timer.id}`, { duration_seconds: 60 }), 409, 'timer_running');
    const earlier = new Date(Date.parse(timer.start_time) - 600_000).toISOString().replace('.000Z', 'Z');
    const res = await w.alice.patch(`/time-entries/${timer.id}`, { notes: 'still going', start_time: earlier });
    expect(res.body).toMatchObject({ notes: 'still going', start_time: earlier, end_time: null, duration_seconds: null });
    expectError(
      await w.alice.patch(`/time-entries/${timer.id}`, { start_time: '2099-01-01T00:00:00Z' }),
      400,
      'validation_failed',
    );
    expect((await w.alice.get('/timer')).body.timer).toMatchObject({ id: timer.id, notes: 'still going', start_time: earlier });
  });

  it('deletes with 204 (kept restorable with its tag links); a second delete is a 404', async () => {
    const e = await entry(w.alice, { start_time: at(9), end_time: at(10), tags: ['t'] });
    expect((await w.alice.delete(`/time-entries/${e.id}`)).status).toBe(204);
    expectError(await w.alice.get(`/time-entries/${e.id}`), 404, 'not_found');
    expectError(await w.alice.delete(`/time-entries/${e.id}`), 404, 'not_found');
    expectError(await w.alice.patch(`/time-entries/${e.id}`, { notes: 'x' }), 404, 'not_found');
    const links = await w.t.runtime.ctx.db.selectFrom('time_entry_tags').selectAll().where('time_entry_id', '=', e.id).execute();
    expect(links).toHaveLength(1);
    expectError(await w.alice.get('/time-entries/abc'), 400, 'validation_failed');
  });
});

describe('POST /time-entries/bulk', () => {
  async function three() {
    return [
      await entry(w.alice, { start_time: at(9), end_time: at(10), task_id: w.taskId, tags: ['Keep'] }),
      await entry(w.alice, { start_time: at(10), end_time: at(11), tags: ['drop', 'keep'] }),
      await entry(w.alice, { start_time: at(11), end_time: at(12) }),
    ];
  }
  const get = async (id: number) => (await w.alice.get(`/time-entries/${id}`)).body;

  it('sets billable, moves project (dropping tasks of other projects), adds and removes tags', async () => {
    const [a, b, c] = await three();
    const ids = [a.id, b.id, c.id];
    expect((await w.alice.post('/time-entries/bulk', { ids, action: 'set_billable', value: false })).body).toMatchObject({
      updated: 3,
    });
    for (const id of ids) expect((await get(id)).billable).toBe(false);

    expect(
      (await w.alice.post('/time-entries/bulk', { ids: [a.id, b.id, a.id], action: 'add_tags', value: ['NEW', 'keep'] })).body,
    ).toMatchObject({
      updated: 2,
    });
    expect((await get(a.id)).tags).toEqual(['Keep', 'NEW']);
    expect((await get(b.id)).tags).toEqual(['drop', 'Keep', 'NEW']); // the user's first spelling of a tag wins
    // adding again changes nothing (no duplicate links)
    await w.alice.post('/time-entries/bulk', { ids: [a.id], action: 'add_tags', value: ['new'] });
    expect((await get(a.id)).tags).toEqual(['Keep', 'NEW']);

    expect((await w.alice.post('/time-entries/bulk', { ids, action: 'remove_tags', value: ['DROP', 'new'] })).body).toMatchObject(
      {
        updated: 3,
      },
    );
    expect((await get(a.id)).tags).toEqual(['Keep']);
    expect((await get(b.id)).tags).toEqual(['Keep']);

    expect(
      (await w.alice.post('/time-entries/bulk', { ids: [a.id, b.id], action: 'set_project', value: w.internal.id })).body,
    ).toMatchObject({ updated: 2 });
    expect(await get(a.id)).toMatchObject({ project_id: w.internal.id, client_id: null, task_id: null });
    expect((await get(c.id)).project_id).toBe(w.project.id);
    // a task of the target project is kept
    await w.alice.patch(`/time-entries/${a.id}`, { task_id: w.internalTaskId });
    await w.alice.post('/time-entries/bulk', { ids: [a.id], action: 'set_project', value: w.internal.id });
    expect((await get(a.id)).task_id).toBe(w.internalTaskId);

    expect((await w.alice.post('/time-entries/bulk', { ids: [a.id, c.id], action: 'delete' })).body).toMatchObject({
      updated: 2,
    });
    expect(await listAll(w.alice, '')).toEqual([b.id]);
  });

  it('is all-or-nothing: one missing or foreign id is a 404 and nothing changes', async () => {
    const [a, b] = await three();
    const bobs = await entry(w.bob, { start_time: at(9), end_time: at(10) });
    for (const ids of [
      [a.id, b.id, bobs.id],
      [a.id, 999_999],
    ]) {
      expectError(await w.alice.post('/time-entries/bulk', { ids, action: 'delete' }), 404, 'not_found');
      expectError(await w.alice.post('/time-entries/bulk', { ids, action: 'set_billable', value: false }), 404, 'not_found');
    }
    expect(await listAll(w.alice, '')).toHaveLength(3);
    expect((await get(a.id)).billable).toBe(true);
    expect((await w.bob.get(`/time-entries/${bobs.id}`)).status).toBe(200);
    // an admin may act on anyone's entries
    expect(
      (await w.admin.post('/time-entries/bulk', { ids: [a.id, bobs.id], action: 'add_tags', value: ['audit'] })).body,
    ).toMatchObject({ updated: 2 });
    expect((await w.bob.get(`/time-entries/${bobs.id}`)).body.tags).toEqual(['audit']);
    expect((await get(a.id)).tags).toEqual(['audit', 'Keep']);
  });

  it('validates value per action and refuses an archived target project', async () => {
    const [a] = await three();
    const bad: Record<string, unknown>[] = [
      { ids: [a.id], action: 'delete', value: true },
      { ids: [a.id], action: 'set_billable' },
      { ids: [a.id], action: 'set_billable', value: 'yes' },
      { ids: [a.id], action: 'set_project', value: 'x' },
      { ids: [a.id], action: 'add_tags', value: [] },
      { ids: [a.id], action: 'remove_tags', value: 'tag' },
      { ids: [a.id], action: 'archive' },
      { ids: [], action: 'delete' },
      { ids: ['x'], action: 'delete' },
      { action: 'delete' },
    ];
    for (const body of bad) expectError(await w.alice.post('/time-entries/bulk', body), 400, 'validation_failed');
    const unknown = await w.alice.post('/time-entries/bulk', { ids: [a.id], action: 'set_project', value: 999_999 });
    expect(Object.keys(expectError(unknown, 400, 'validation_failed').fields)).toEqual(['value']);
    expectError(
      await w.alice.post('/time-entries/bulk', { ids: [a.id], action: 'set_project', value: w.archived.id }),
      409,
      'project_archived',
    );
    expect(await get(a.id)).toMatchObject({ project_id: w.project.id, billable: true, tags: ['Keep'] });
  });
});

describe('analytics', () => {
  it('tracks entry events with exactly the catalog properties and no free text', async () => {
    const e = await entry(w.alice, { start_time: at(9), end_time: at(10), notes: 'private words', tags: ['secret-tag'] });
    await w.alice.patch(`/time-entries/${e.id}`, { notes: 'other private words', end_time: at(10, 30) });
    await w.alice.patch(`/time-entries/${e.id}`, { notes: 'other private words' }); // no change, no event
    await w.alice.post('/time-entries/bulk', { ids: [e.id], action: 'set_billable', value: false });
    await w.alice.delete(`/time-entries/${e.id}`);
    const events = w.events.filter((x) => x.event.startsWith('time_entr'));
    expect(events).toEqual([
      {
        event: 'time_entry.created',
        properties: { time_entry_id: e.id, project_id: w.project.id, source: 'manual', duration_seconds: 3600, has_notes: true },
      },
      {
        event: 'time_entry.updated',
        properties: { time_entry_id: e.id, fields_changed: ['duration_seconds', 'end_time', 'notes'] },
      },
      { event: 'time_entries.bulk_action', properties: { action: 'set_billable', count: 1 } },
      { event: 'time_entry.deleted', properties: { time_entry_id: e.id } },
    ]);
    expect(JSON.stringify(w.events)).not.toMatch(/private|secret/);
  });
});
