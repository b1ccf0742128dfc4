// The lower bounds of reports, exports, the timesheet and the overlap check come from the longest entry of the user
// the read is for (migration 014): one user's forgotten three-day timer must not widen every other user's range.
// A read over everyone still takes everyone's longest. Deleted entries count (they can only widen a bound).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, entryRow, type World } from '../time-entries/entries.test-helpers.js';
import { earliestOverlappingStart, longestFinishedEntrySeconds, longestSpan, oldestRunningStart } from './entry-scan.js';

const HOUR = 3600;
const FROM = 1_767_225_600; // 2026-01-01T00:00:00Z

let w: World;
beforeAll(async () => {
  w = await createWorld();
  const entry = (user: number, start: number, length: number | null, deleted = false) =>
    entryRow(user, w.project.id, start, length, deleted);
  const { alice, bob, admin } = w.ids;
  await w.t.runtime.ctx.db
    .insertInto('time_entries')
    .values([
      entry(alice, FROM - 10 * 24 * HOUR, 72 * HOUR), // the forgotten timer, stopped after three days
      entry(alice, FROM - 2 * HOUR, HOUR),
      entry(bob, FROM - 5 * HOUR, 2 * HOUR),
      entry(bob, FROM - 30 * HOUR, 5 * HOUR, true), // deleted, still Bob's longest
      entry(bob, FROM - HOUR, 0),
      entry(bob, FROM - 3 * HOUR, null), // Bob's running timer
      entry(admin, FROM - 20 * 24 * HOUR, null), // a timer left running for twenty days, and nothing finished
    ])
    .execute();
});
afterAll(async () => {
  await w.t.close();
});

describe('entry-scan bounds', () => {
  it("take the user's own longest finished entry, deleted ones included, or everyone's for 'all'", async () => {
    const db = w.t.runtime.ctx.db;
    expect(await longestFinishedEntrySeconds(db, w.ids.bob)).toBe(5 * HOUR);
    expect(await longestFinishedEntrySeconds(db, w.ids.alice)).toBe(72 * HOUR);
    expect(await longestFinishedEntrySeconds(db, w.ids.admin)).toBe(0);
    expect(await longestFinishedEntrySeconds(db, 'all')).toBe(72 * HOUR);
    // The subquery inside the overlap check answers the same.
    const row = await db
      .selectNoFrom(() => sql<number | null>`(${longestSpan(db, w.ids.bob)})`.as('span'))
      .executeTakeFirstOrThrow();
    expect(Number(row.span)).toBe(5 * HOUR);
  });

  it("bound one user's reads by that user's longest entry and running timer, a read over everyone by anyone's", async () => {
    const db = w.t.runtime.ctx.db;
    expect(await oldestRunningStart(db, w.ids.bob)).toBe(FROM - 3 * HOUR);
    expect(await oldestRunningStart(db, w.ids.alice)).toBeUndefined();
    expect(await oldestRunningStart(db, 'all')).toBe(FROM - 20 * 24 * HOUR);

    expect(await earliestOverlappingStart(db, w.ids.bob, FROM, false)).toBe(FROM - 5 * HOUR);
    expect(await earliestOverlappingStart(db, w.ids.bob, FROM, true)).toBe(FROM - 5 * HOUR);
    expect(await earliestOverlappingStart(db, w.ids.alice, FROM, true)).toBe(FROM - 72 * HOUR);
    expect(await earliestOverlappingStart(db, w.ids.admin, FROM, true)).toBe(FROM - 20 * 24 * HOUR);
    expect(await earliestOverlappingStart(db, 'all', FROM, false)).toBe(FROM - 72 * HOUR);
    expect(await earliestOverlappingStart(db, 'all', FROM, true)).toBe(FROM - 20 * 24 * HOUR);
  });
});
