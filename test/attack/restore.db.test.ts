// POST /time-entries/restore under attack: others' ids, ids that are not deleted, purged or never existed,
// huge and duplicated lists, and restores racing new entries for the same slot. Answers are 4xx in the error
// shape, never a 500; nothing of another user is revealed or restored; overlaps never get in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, expectError, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';
import { clearEntries, insertEntry, iso, utc } from '../../src/server/features/reports/report-world.test-helpers.js';
import { purgeDeletedBefore } from '../../src/server/features/time-entries/deleted-entries.queries.js';
import { overlaps } from '../../src/shared/time-math.js';

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

const db = () => w.t.runtime.ctx.db;
const deletedAt = async (id: number) =>
  (await db().selectFrom('time_entries').select('deleted_at').where('id', '=', id).executeTakeFirst())?.deleted_at;

async function deletedEntry(userId: number, hour: number, client = userId === w.ids.bob ? w.bob : w.alice): Promise<number> {
  const id = await insertEntry(w.t, {
    user_id: userId,
    project_id: w.project.id,
    start: utc(2026, 1, 5, hour),
    end: utc(2026, 1, 5, hour + 1),
  });
  expect((await client.delete(`/time-entries/${id}`)).status).toBe(204);
  return id;
}

describe('whose entries', () => {
  it("another user's deleted entry: 404 exactly like a missing id, and nothing of the request is restored", async () => {
    const bobs = await deletedEntry(w.ids.bob, 9);
    const mine = await deletedEntry(w.ids.alice, 9);
    const foreign = await w.alice.post('/time-entries/restore', { ids: [mine, bobs] });
    const missing = await w.alice.post('/time-entries/restore', { ids: [mine, 2_000_000] });
    expect(expectError(foreign, 404, 'not_found')).toEqual({ ids: [bobs] });
    expect(expectError(missing, 404, 'not_found')).toEqual({ ids: [2_000_000] });
    expect(foreign.body.error.message).toBe(missing.body.error.message);
    expect(await deletedAt(mine)).not.toBeNull();
    expect(await deletedAt(bobs)).not.toBeNull();
    // A token of alice's cannot either, and one without the write scope is refused before anything is read.
    const reader = await w.t.tokenClient(w.alice, ['read:time_entries']);
    expectError(await reader.post('/time-entries/restore', { ids: [mine] }), 403, 'forbidden');
    expect(await deletedAt(mine)).not.toBeNull();
    // The admin may, as for DELETE.
    expect((await w.admin.post('/time-entries/restore', { ids: [bobs, mine] })).body).toEqual({ restored: 2 });
    expect((await w.bob.get(`/time-entries/${bobs}`)).status).toBe(200);
  });

  it('an entry that was never deleted, or is already restored, is a 404; deleting twice is a 404', async () => {
    const kept = await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: w.project.id,
      start: utc(2026, 1, 5, 9),
      end: utc(2026, 1, 5, 10),
    });
    expect(expectError(await w.alice.post('/time-entries/restore', { ids: [kept] }), 404, 'not_found')).toEqual({ ids: [kept] });
    expect((await w.alice.delete(`/time-entries/${kept}`)).status).toBe(204);
    expectError(await w.alice.delete(`/time-entries/${kept}`), 404, 'not_found');
    expectError(await w.alice.post('/time-entries/bulk', { ids: [kept], action: 'delete' }), 404, 'not_found');
    expect((await w.alice.post('/time-entries/restore', { ids: [kept] })).body).toEqual({ restored: 1 });
    expectError(await w.alice.post('/time-entries/restore', { ids: [kept] }), 404, 'not_found');
  });

  it('after the purge the entry is gone: 404', async () => {
    const id = await deletedEntry(w.ids.alice, 9);
    expect(await purgeDeletedBefore(db(), Math.floor(Date.now() / 1000) + 1)).toBe(1);
    expectError(await w.alice.post('/time-entries/restore', { ids: [id] }), 404, 'not_found');
    expect(await db().selectFrom('time_entries').select('id').where('id', '=', id).execute()).toEqual([]);
  });
});

describe('hostile lists', () => {
  it('duplicates count once; too many, empty, non-integer, negative or huge ids are a 400', async () => {
    const id = await deletedEntry(w.ids.alice, 9);
    expect((await w.alice.post('/time-entries/restore', { ids: [id, id, id] })).body).toEqual({ restored: 1 });
    const bad: unknown[] = [
      { ids: Array.from({ length: 501 }, (_, i) => i + 1) },
      { ids: Array.from({ length: 100_000 }, (_, i) => i + 1) },
      { ids: [] },
      { ids: [0] },
      { ids: [-1] },
      { ids: [1.5] },
      { ids: [2 ** 31] },
      { ids: [Number.MAX_SAFE_INTEGER] },
      { ids: ['1 or 1=1'] },
      { ids: [null] },
      { ids: 'all' },
      { ids: { 0: 1 } },
      { ids: [1], user_id: w.ids.bob },
      {},
      [1, 2],
    ];
    for (const body of bad) {
      const res = await w.alice.post('/time-entries/restore', body);
      expect({ body: JSON.stringify(body).slice(0, 40), status: res.status, code: res.body?.error?.code }).toEqual({
        body: JSON.stringify(body).slice(0, 40),
        status: 400,
        code: 'validation_failed',
      });
    }
    const malformed = await w.alice.post('/time-entries/restore', '{"ids": [1,', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
  });

  it('500 ids of which one is foreign: 404 naming only that one, nothing restored', async () => {
    const mine: number[] = [];
    for (let i = 0; i < 20; i++) mine.push(await deletedEntry(w.ids.alice, i));
    const bobs = await deletedEntry(w.ids.bob, 3);
    const ids = [...mine, bobs, ...Array.from({ length: 479 }, (_, i) => 3_000_000 + i)];
    const details = expectError(await w.alice.post('/time-entries/restore', { ids }), 404, 'not_found');
    expect(details.ids).toHaveLength(480);
    expect(details.ids).toContain(bobs);
    for (const id of mine) expect(await deletedAt(id)).not.toBeNull();
  });
});

describe('races', () => {
  /** Alice's kept entries must never overlap, whatever won. */
  async function assertNoOverlapLeft(): Promise<void> {
    const rows = await db()
      .selectFrom('time_entries')
      .select(['id', 'start_time', 'end_time'])
      .where('user_id', '=', w.ids.alice)
      .where('deleted_at', 'is', null)
      .execute();
    for (const a of rows) {
      for (const b of rows) {
        if (a.id < b.id)
          expect(overlaps({ start: a.start_time, end: a.end_time }, { start: b.start_time, end: b.end_time })).toBe(false);
      }
    }
  }

  it('a restore racing a new entry for the same slot: exactly one wins, no overlap is left', async () => {
    for (let round = 0; round < 8; round++) {
      await clearEntries(w.t);
      const id = await deletedEntry(w.ids.alice, 9);
      const [restore, create] = await Promise.all([
        w.alice.post('/time-entries/restore', { ids: [id] }),
        w.alice.post('/time-entries', {
          project_id: w.project.id,
          start_time: iso(utc(2026, 1, 5, 9, 30)),
          end_time: iso(utc(2026, 1, 5, 10, 30)),
        }),
      ]);
      // Whichever came first: the restore (200) or the new entry (201); the other is a 409 overlap.
      expect([restore.status, create.status]).toContainEqual(409);
      expect([restore.status === 200, create.status === 201].filter(Boolean)).toHaveLength(1);
      expect((restore.status === 409 ? restore : create).body.error.code).toBe('overlap');
      await assertNoOverlapLeft();
    }
  });

  it('a restore racing a timer start and another restore: one running timer, one restore', async () => {
    for (let round = 0; round < 5; round++) {
      await clearEntries(w.t);
      const started = await w.alice.post('/timer/start', { project_id: w.project.id });
      const id = started.body.timer.id as number;
      expect((await w.alice.delete(`/time-entries/${id}`)).status).toBe(204);
      const [a, b, start] = await Promise.all([
        w.alice.post('/time-entries/restore', { ids: [id] }),
        w.alice.post('/time-entries/restore', { ids: [id] }),
        w.alice.post('/timer/start', { project_id: w.project.id }),
      ]);
      const statuses = [a.status, b.status, start.status];
      expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
      for (const res of [a, b, start]) expect(res.status).toBeLessThan(500);
      const running = await db()
        .selectFrom('time_entries')
        .select('id')
        .where('user_id', '=', w.ids.alice)
        .where('end_time', 'is', null)
        .where('deleted_at', 'is', null)
        .execute();
      expect(running).toHaveLength(1);
      await assertNoOverlapLeft();
      await w.alice.post('/timer/stop');
    }
  });

  it('a restore racing the purge: either restored or gone, never half', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await deletedEntry(w.ids.alice, i));
    const [restore, purged] = await Promise.all([
      w.alice.post('/time-entries/restore', { ids }),
      purgeDeletedBefore(db(), Math.floor(Date.now() / 1000) + 1, 3),
    ]);
    const left = await db().selectFrom('time_entries').select(['id', 'deleted_at']).where('id', 'in', ids).execute();
    if (restore.status === 200) {
      expect(purged).toBe(0);
      expect(left.every((r) => r.deleted_at === null)).toBe(true);
    } else {
      expectError(restore, 404, 'not_found');
      expect(left.every((r) => r.deleted_at !== null)).toBe(true);
      expect(left.length + purged).toBe(10);
    }
  });
});
