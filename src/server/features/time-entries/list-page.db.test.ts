// A list page (on SQLite read as JSON arrays, db/json-rows.ts) answers exactly the rows the ordinary entry read
// does: every column, whatever the notes hold, with and without filters, cursors and the all-users scope. (NUL,
// which PostgreSQL cannot store and the API refuses, is tested in json-rows.sqlite.test.ts.)
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWorld, entryRow, type World } from './entries.test-helpers.js';
import { findEntry, listEntries, type EntryRow } from './time-entries.queries.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(() => w.t.close());

const NOTES = [
  null,
  '',
  'a\u0001b',
  '"quoted" \\ back/slash',
  '\u001f\t\n\r',
  '\u2028\u2029',
  '😀 Grüße ça va ¿sí?',
  'x'.repeat(5000),
];

it('reads every column of every entry as the ordinary entry read does, through every kind of page', async () => {
  const db = w.t.runtime.ctx.db;
  const base = Date.UTC(2026, 0, 5) / 1000;
  const rows = NOTES.map((notes, i) => ({
    ...entryRow(i % 2 ? w.ids.alice : w.ids.bob, i % 3 ? w.project.id : w.internal.id, base + i * 3600, 1800),
    notes,
    task_id: i % 3 ? w.taskId : null,
    billable: (i % 2) as 0 | 1,
    break_seconds: i * 7,
    duration_seconds: 1800 - i * 7,
    source: (['manual', 'timer', 'import', 'timesheet'] as const)[i % 4]!,
    created_at: base - i,
    updated_at: base + i,
  }));
  await db.insertInto('time_entries').values(rows).execute();
  // A running, paused timer and a deleted entry: the first is listed with its nulls, the second never.
  await db
    .insertInto('time_entries')
    .values([
      { ...entryRow(w.ids.alice, w.project.id, base + 99 * 3600, null), paused_at: base + 99 * 3600 + 60 },
      entryRow(w.ids.alice, w.project.id, base + 98 * 3600, 60, true),
    ])
    .execute();

  const expectOrdinary = async (page: EntryRow[]) => {
    for (const row of page) {
      const ordinary = await findEntry(db, row.id);
      expect(row).toEqual(ordinary);
      expect(Object.keys(row)).toEqual(Object.keys(ordinary!));
    }
  };

  const alicePage = await listEntries(db, {}, w.ids.alice, 101, undefined);
  expect(alicePage.map((r) => r.notes)).toEqual([null, ...NOTES.filter((_, i) => i % 2).reverse()]);
  expect(alicePage[0]).toMatchObject({ end_time: null, duration_seconds: null, paused_at: base + 99 * 3600 + 60 });
  await expectOrdinary(alicePage);

  const next = await listEntries(db, {}, w.ids.alice, 2, [alicePage[1]!.start_time, alicePage[1]!.id]);
  expect(next.map((r) => r.id)).toEqual(alicePage.slice(2, 4).map((r) => r.id));
  await expectOrdinary(next);

  const everyone = await listEntries(db, {}, 'all', 101, undefined);
  expect(everyone).toHaveLength(NOTES.length + 1);
  await expectOrdinary(everyone);

  const filtered = await listEntries(db, { project_id: w.internal.id }, 'all', 101, undefined);
  expect(filtered.map((r) => r.client_id)).toEqual(filtered.map(() => null));
  expect(filtered).toHaveLength(NOTES.filter((_, i) => i % 3 === 0).length);
  await expectOrdinary(filtered);

  expect(await listEntries(db, {}, w.ids.admin, 101, undefined)).toEqual([]);
});
