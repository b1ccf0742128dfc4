// The overlap check reads an index range bounded below by the user's own longest entry (migration 014), so another
// user's very long entry no longer widens it. The bound must never drop a conflict: checked against a brute-force
// overlap over generated entries of several users (finished, zero-length, very long, running, deleted), and
// through the API with one user's three-day entry beside another's long and short ones.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, createWorld, entryRow, expectError, type World } from './entries.test-helpers.js';
import { overlapCandidates } from './time-entries.queries.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.t.close();
});

interface Generated {
  user: number;
  start: number;
  length: number;
  running: boolean;
  deleted: boolean;
}

const generatedEntry = fc.record({
  user: fc.integer({ min: 0, max: 2 }),
  start: fc.integer({ min: 0, max: 20_000 }),
  // Mostly short (many zero-length, as a timer started and stopped at once), some long, a few far longer.
  length: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 600 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 4_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }) },
  ),
  running: fc.boolean(),
  deleted: fc.boolean(),
});

const span = fc.record({
  user: fc.integer({ min: 0, max: 2 }),
  start: fc.integer({ min: 0, max: 25_000 }),
  length: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
  /** Index of the generated entry to leave out (an edit checks its entry's new span against the others). */
  exclude: fc.option(fc.nat(), { nil: undefined }),
});

type Row = { id: number; user_id: number; start_time: number; end_time: number | null; deleted_at: number | null };

/** Inserts the entries (a user keeps at most one running timer: any further running one is stored deleted). */
async function store(entries: Generated[]): Promise<Row[]> {
  const db = w.t.runtime.ctx.db;
  await db.deleteFrom('time_entries').execute();
  if (entries.length === 0) return [];
  const users = [w.ids.alice, w.ids.bob, w.ids.admin];
  const keptRunning = new Set<number>();
  const values = entries.map((e) => {
    const running = e.running && e.length % 4 === 0; // about one in eight
    let deleted = e.deleted && e.start % 3 === 0; // about one in six
    if (running && !deleted) {
      if (keptRunning.has(e.user)) deleted = true;
      keptRunning.add(e.user);
    }
    return entryRow(users[e.user]!, w.project.id, e.start, running ? null : e.length, deleted);
  });
  return db
    .insertInto('time_entries')
    .values(values)
    .returning(['id', 'user_id', 'start_time', 'end_time', 'deleted_at'])
    .execute();
}

describe('overlapCandidates', () => {
  it("finds exactly the user's kept entries overlapping a span, whatever the other users' entries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedEntry, { maxLength: 30 }), span, async (entries, q) => {
        const rows = await store(entries);
        const userId = [w.ids.alice, w.ids.bob, w.ids.admin][q.user]!;
        const until = q.length === null ? Number.MAX_SAFE_INTEGER : q.start + q.length;
        const excludeId = q.exclude === undefined || rows.length === 0 ? undefined : rows[q.exclude % rows.length]!.id;
        const expected = rows
          .filter((r) => r.user_id === userId && r.deleted_at === null && r.id !== excludeId)
          .filter((r) => r.start_time < until && (r.end_time === null || r.end_time > q.start))
          .sort((a, b) => a.start_time - b.start_time || a.id - b.id)
          .map(({ id, start_time, end_time }) => ({ id, start_time, end_time }));
        const found = await overlapCandidates(w.t.runtime.ctx.db, userId, q.start, q.length === null ? null : until, excludeId);
        expect(found).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("answers 409 overlap with the user's own long entry; another user's three-day entry never conflicts", async () => {
    await w.t.runtime.ctx.db.deleteFrom('time_entries').execute();
    const created = async (res: { status: number; body: { id: number } }) => {
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const post = (client: World['bob'], start: string, end: string) =>
      client.post('/time-entries', { project_id: w.project.id, start_time: start, end_time: end });
    const aliceLong = await created(await post(w.alice, at(0, 0, 0, 1), at(0, 0, 0, 4)));
    const bobLong = await created(await post(w.bob, at(8, 0, 0, 2), at(20, 0, 0, 2)));
    const bobShort = await created(await post(w.bob, at(21, 0, 0, 2), at(21, 30, 0, 2)));
    await created(await post(w.bob, at(10, 0, 0, 3), at(10, 1, 0, 3)));

    // Bob's own twelve hours, begun eleven hours before the new span: found through his own longest entry.
    expect(expectError(await post(w.bob, at(19, 0, 0, 2), at(19, 30, 0, 2)), 409, 'overlap').conflicting_ids).toEqual([bobLong]);
    // Inside Alice's three days but between Bob's entries (touching both): no conflict.
    const between = await created(await post(w.bob, at(20, 0, 0, 2), at(21, 0, 0, 2)));
    // An edit (its own entry left out) reaching back into the long one.
    const moved = await w.bob.patch(`/time-entries/${bobShort}`, { start_time: at(19, 30, 0, 2) });
    expect(expectError(moved, 409, 'overlap').conflicting_ids.sort()).toEqual([bobLong, between].sort());
    // Alice's own three-day entry, begun a day and a half before her new span.
    expect(expectError(await post(w.alice, at(12, 0, 0, 2), at(13, 0, 0, 2)), 409, 'overlap').conflicting_ids).toEqual([
      aliceLong,
    ]);

    // Deleted, Bob's long entry is in nobody's way, yet still counts toward his bound (it can only widen it).
    expect((await w.bob.delete(`/time-entries/${bobLong}`)).status).toBe(204);
    await created(await post(w.bob, at(19, 0, 0, 2), at(19, 30, 0, 2)));
  });
});
