// Deleted entries: restorable exactly as they were, invisible everywhere else, purged after the retention period.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../../../../test/harness.js';
import { nowSeconds } from '../../lib/clock.js';
import { installationCounts, personFacts } from '../analytics/analytics.queries.js';
// eslint-disable-next-line no-restricted-imports -- the test proves that exports skip deleted entries.
import { entryPages } from '../exports/exports.service.js';
import { ReaderThreadPool } from '../exports/page-reader.js';
import { addUser, clearEntries, insertEntry, iso, utc } from '../reports/report-world.test-helpers.js';
import { at, createWorld, expectError, type World } from './entries.test-helpers.js';
import { DELETED_ENTRIES_PURGE_JOB } from './purge-job.js';

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
const rawRows = (ids: number[]) => db().selectFrom('time_entries').selectAll().where('id', 'in', ids).orderBy('id').execute();
const links = (ids: number[]) =>
  db()
    .selectFrom('time_entry_tags')
    .selectAll()
    .where('time_entry_id', 'in', ids)
    .orderBy('time_entry_id')
    .orderBy('tag_id')
    .execute();

/** A day of alice's with every kind of entry: timer (rounded), manual with a break, import with tags. */
async function aliceDay(day = 5) {
  const base = utc(2026, 1, day);
  return [
    await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: w.project.id,
      task_id: w.taskId,
      start: base + 8 * 3600,
      end: base + 9 * 3600,
      duration: 3600 + 900,
      source: 'timer',
      tags: ['a'],
    }),
    await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: w.project.id,
      start: base + 9 * 3600,
      end: base + 11 * 3600,
      break: 600,
      notes: 'manual',
      source: 'manual',
    }),
    await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: w.internal.id,
      start: base + 12 * 3600,
      end: base + 13 * 3600,
      billable: false,
      source: 'import',
      tags: ['b', 'c'],
    }),
  ];
}

describe('DELETE then POST /time-entries/restore', () => {
  it('gives back identical rows: every column and the tag links', async () => {
    const ids = await aliceDay();
    const before = await rawRows(ids);
    const tagsBefore = await links(ids);
    expect((await w.alice.delete(`/time-entries/${ids[0]}`)).status).toBe(204);
    expect((await w.alice.post('/time-entries/bulk', { ids: ids.slice(1), action: 'delete' })).body).toEqual({
      updated: 2,
      undo: { action: 'delete', ids: ids.slice(1) },
    });
    expect((await rawRows(ids)).every((r) => r.deleted_at !== null)).toBe(true);
    expect((await w.alice.post('/time-entries/restore', { ids })).body).toEqual({ restored: 3 });
    expect(await rawRows(ids)).toEqual(before);
    expect(await links(ids)).toEqual(tagsBefore);
    const listed = await w.alice.get(`/time-entries?from=${iso(utc(2026, 1, 5))}&to=${iso(utc(2026, 1, 6))}`);
    expect(listed.body.items.map((e: { id: number }) => e.id).sort()).toEqual([...ids].sort());
  });

  it('restores a bulk delete of 200 entries with the same ids, sources and durations', async () => {
    const base = utc(2026, 2, 1);
    const sources = ['timer', 'manual', 'import'] as const;
    const ids: number[] = [];
    for (let i = 0; i < 200; i++) {
      ids.push(
        await insertEntry(w.t, {
          user_id: w.ids.alice,
          project_id: w.project.id,
          start: base + i * 3600,
          end: base + i * 3600 + 1800,
          duration: 1800 + (i % 7) * 60, // rounded up like a timer entry: not end − start
          source: sources[i % 3],
        }),
      );
    }
    const shape = async () => (await rawRows(ids)).map((r) => [r.id, r.source, r.duration_seconds, r.start_time, r.end_time]);
    const before = await shape();
    const del = await w.alice.post('/time-entries/bulk', { ids, action: 'delete' });
    expect(del.body.updated).toBe(200);
    expect((await w.alice.get(`/time-entries?limit=500&from=${iso(base)}`)).body.items).toEqual([]);
    // The answer's undo is the whole way back.
    expect((await w.alice.post('/time-entries/bulk/undo', del.body.undo)).body).toEqual({ reverted: 200, skipped_ids: [] });
    expect(await shape()).toEqual(before);
    expect((await w.alice.get(`/time-entries?limit=500&from=${iso(base)}`)).body.items).toHaveLength(200);
  });

  it('a deleted entry never blocks new time; restoring it then is a 409 overlap and changes nothing', async () => {
    const [first] = await aliceDay();
    await w.alice.delete(`/time-entries/${first}`);
    const fresh = await w.alice.post('/time-entries', { project_id: w.project.id, start_time: at(8, 30), end_time: at(8, 45) });
    expect(fresh.status).toBe(201);
    const details = expectError(await w.alice.post('/time-entries/restore', { ids: [first] }), 409, 'overlap');
    expect(details.conflicting_ids).toEqual([fresh.body.id]);
    expect((await rawRows([first!]))[0]!.deleted_at).not.toBeNull();
    // Nor does it block a PATCH into its slot or an admin's entry for alice.
    expect((await w.alice.patch(`/time-entries/${fresh.body.id}`, { end_time: at(9) })).status).toBe(200);
  });

  it('refuses two deleted entries that overlap each other, naming the other one', async () => {
    const a = await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: w.project.id,
      start: utc(2026, 1, 5, 9),
      end: utc(2026, 1, 5, 10),
    });
    await w.alice.delete(`/time-entries/${a}`);
    const b = await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: w.project.id,
      start: utc(2026, 1, 5, 9, 30),
      end: utc(2026, 1, 5, 11),
    });
    await w.alice.delete(`/time-entries/${b}`);
    expect(expectError(await w.alice.post('/time-entries/restore', { ids: [b, a] }), 409, 'overlap').conflicting_ids).toEqual([
      b,
    ]);
    expect((await w.alice.post('/time-entries/restore', { ids: [b] })).body).toEqual({ restored: 1 });
  });

  it('the running timer: deleting it stops nothing else from starting; restoring it brings it back running', async () => {
    const res = await w.alice.post('/timer/start', { project_id: w.project.id, notes: 'n' });
    expect(res.status).toBe(201);
    const started = { body: res.body.timer };
    expect((await w.alice.delete(`/time-entries/${started.body.id}`)).status).toBe(204);
    expect((await w.alice.get('/timer')).body).toEqual({ timer: null });
    expectError(await w.alice.post('/timer/pause'), 409, 'no_running_timer');
    expectError(await w.alice.post('/timer/stop'), 409, 'no_running_timer');
    const second = await w.alice.post('/timer/start', { project_id: w.project.id });
    expect(second.status).toBe(201);
    expectError(await w.alice.post('/time-entries/restore', { ids: [started.body.id] }), 409, 'overlap');
    await w.alice.delete(`/time-entries/${second.body.timer.id}`);
    expect((await w.alice.post('/time-entries/restore', { ids: [started.body.id] })).body).toEqual({ restored: 1 });
    expect((await w.alice.get('/timer')).body.timer).toMatchObject({
      id: started.body.id,
      notes: 'n',
      start_time: started.body.start_time,
    });
    expect((await w.alice.post('/timer/stop')).status).toBe(200);
  });
});

describe('live events', () => {
  it('delete and restore tell the owner only, by id; a restored running timer is announced', async () => {
    const sent: { userId: number; events: unknown[] }[] = [];
    const live = w.t.runtime.ctx.live;
    const original = live.publish.bind(live);
    live.publish = async (userId, events) => {
      sent.push({ userId, events: [...events] });
      return original(userId, events);
    };
    try {
      const [a, b] = await aliceDay();
      const timer = (await w.alice.post('/timer/start', { project_id: w.project.id })).body.timer;
      await w.admin.post('/time-entries/bulk', { ids: [a, b, timer.id], action: 'delete' });
      await w.admin.post('/time-entries/restore', { ids: [a, timer.id] });
      expect(sent.slice(-2)).toEqual([
        {
          userId: w.ids.alice,
          events: [
            { type: 'time_entry.deleted', data: { ids: [a, b, timer.id] } },
            { type: 'timer.changed', data: { timer: null } },
          ],
        },
        {
          userId: w.ids.alice,
          events: [
            { type: 'time_entry.changed', data: { ids: [a, timer.id] } },
            { type: 'timer.changed', data: { timer: expect.objectContaining({ id: timer.id, start_time: timer.start_time }) } },
          ],
        },
      ]);
    } finally {
      live.publish = original;
    }
  });
});

describe('deleted entries appear nowhere', () => {
  it('lists, single GET, summary totals, CSV/XLSX exports, the reader thread, analytics counts', async () => {
    const ids = await aliceDay();
    const range = `from=${iso(utc(2026, 1, 5))}&to=${iso(utc(2026, 1, 6))}`;
    const summary = async () => (await w.alice.get(`/reports/summary?${range}&group_by=tag`)).body;
    const csvLines = async () => (await w.alice.get(`/exports/time-entries.csv?${range}`)).raw.body.trim().split('\n').length - 1;
    const before = await summary();
    expect(before.total_seconds).toBe(4500 + 7200 - 600 + 3600);
    expect(await csvLines()).toBe(3);
    const counts = await personFacts(db(), w.ids.alice, utc(2026, 1, 10));
    const installation = await installationCounts(db());

    await w.alice.post('/time-entries/bulk', { ids: [ids[0], ids[2]], action: 'delete' });

    const list = await w.alice.get(`/time-entries?${range}`);
    expect(list.body.items.map((e: { id: number }) => e.id)).toEqual([ids[1]]);
    expectError(await w.alice.get(`/time-entries/${ids[0]}`), 404, 'not_found');
    expectError(await w.admin.get(`/time-entries/${ids[0]}`), 404, 'not_found');
    expect((await w.admin.get(`/time-entries?user_id=all&${range}`)).body.items).toHaveLength(1);
    const after = await summary();
    expect(after.total_seconds).toBe(7200 - 600);
    expect(after.groups.map((g: { key: string | null }) => g.key)).toEqual([null]); // the tagged entries are gone
    for (const group_by of ['project', 'day', 'user']) {
      const res = await w.admin.get(`/reports/summary?${range}&group_by=${group_by}&user_id=all`);
      expect(res.body.total_seconds).toBe(7200 - 600);
    }
    expect(await csvLines()).toBe(1);
    const xlsx = await w.alice.get(`/exports/time-entries.xlsx?${range}`);
    expect(xlsx.status).toBe(200);
    expect(await personFacts(db(), w.ids.alice, utc(2026, 1, 10))).toMatchObject({
      entriesLast7Days: counts.entriesLast7Days - 2,
      entriesLast30Days: counts.entriesLast30Days - 2,
      timerLast30Days: counts.timerLast30Days - 1,
      manualLast30Days: counts.manualLast30Days,
    });
    expect((await installationCounts(db())).entries).toBe(installation.entries - 2);

    // The pages a reader thread reads after the first one skip them too.
    const ctx = w.t.runtime.ctx;
    const more = [];
    for (let i = 0; i < 6; i++) {
      more.push(
        await insertEntry(w.t, {
          user_id: w.ids.alice,
          project_id: w.project.id,
          start: utc(2026, 1, 6, i),
          end: utc(2026, 1, 6, i, 30),
        }),
      );
    }
    await w.alice.post('/time-entries/bulk', { ids: [more[1], more[4]], action: 'delete' });
    const selection = { filters: {}, scope: w.ids.alice };
    const pool = new ReaderThreadPool(ctx.bulk.source, 1);
    try {
      const thread = pool.lease(selection, 2)!;
      await thread.whenReady();
      const pages = [];
      for await (const page of entryPages(ctx, selection, { pageSize: 2, readerThread: () => thread })) pages.push(page);
      const seen = pages.flatMap((p) => p.rows.map((r) => r.id));
      expect(seen.sort((a, b) => a - b)).toEqual([ids[1]!, more[0]!, more[2]!, more[3]!, more[5]!].sort((a, b) => a - b));
      expect(pages.length).toBeGreaterThan(2);
    } finally {
      await pool.close();
    }
  });

  it('bulk actions, PATCH and DELETE treat a deleted entry as missing; a project with only deleted entries can be deleted', async () => {
    const spare = await w.admin.post('/projects', { name: `Spare ${Date.now()}` });
    const task = await w.admin.post('/tasks', { project_id: spare.body.id, name: 'T' });
    const e = await w.alice.post('/time-entries', {
      project_id: spare.body.id,
      task_id: task.body.id,
      start_time: at(9),
      end_time: at(10),
    });
    await w.alice.delete(`/time-entries/${e.body.id}`);
    for (const body of [
      { ids: [e.body.id], action: 'set_billable', value: false },
      { ids: [e.body.id], action: 'delete' },
    ]) {
      expectError(await w.alice.post('/time-entries/bulk', body), 404, 'not_found');
    }
    expectError(await w.alice.patch(`/time-entries/${e.body.id}`, { notes: 'x' }), 404, 'not_found');
    expect((await w.admin.delete(`/tasks/${task.body.id}`)).status).toBe(204);
    expect((await w.admin.delete(`/projects/${spare.body.id}`)).status).toBe(204);
    // Gone for good with the project: it could not be restored into it.
    expect(await rawRows([e.body.id])).toEqual([]);
    expectError(await w.alice.post('/time-entries/restore', { ids: [e.body.id] }), 404, 'not_found');
  });

  it('imports do not count a deleted entry as a duplicate: its rows come back as new entries', async () => {
    const made = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: at(9),
      end_time: at(10),
      notes: 'again',
    });
    const csv = (await w.alice.get(`/exports/time-entries.csv?from=${at(0)}&to=${at(23)}`)).raw.body;
    const boundary = 'restoreboundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `${csv}\r\n--${boundary}--\r\n`;
    const send = () =>
      w.alice.post('/imports/time-entries', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect((await send()).body).toMatchObject({ imported: 0, skipped: 1 });
    await w.alice.delete(`/time-entries/${made.body.id}`);
    expect((await send()).body).toMatchObject({ imported: 1, skipped: 0 });
    expect(
      expectError(await w.alice.post('/time-entries/restore', { ids: [made.body.id] }), 409, 'overlap').conflicting_ids,
    ).toHaveLength(1);
  });
});

describe('purge job', () => {
  it('removes entries deleted longer ago than the retention period, and only those', async () => {
    const t = await startTestApp({ DELETED_ENTRIES_RETENTION_HOURS: '24' }, { jobs: { random: () => 0, tickMs: 3_600_000 } });
    try {
      const admin = await t.setupAdmin();
      const { id: userId } = await addUser(t, 'carol');
      const project = await admin.post('/projects', { name: 'P' });
      const base = utc(2026, 3, 1);
      const entry = (h: number) =>
        insertEntry(t, {
          user_id: userId,
          project_id: project.body.id,
          start: base + h * 3600,
          end: base + h * 3600 + 60,
          tags: ['x'],
        });
      const [old, young, kept] = [await entry(0), await entry(1), await entry(2)];
      const now = nowSeconds();
      await t.runtime.ctx.db
        .updateTable('time_entries')
        .set({ deleted_at: now - 24 * 3600 - 5 })
        .where('id', '=', old)
        .execute();
      await t.runtime.ctx.db
        .updateTable('time_entries')
        .set({ deleted_at: now - 23 * 3600 })
        .where('id', '=', young)
        .execute();

      expect(await t.runtime.jobs.tick()).toContain(DELETED_ENTRIES_PURGE_JOB);

      const left = await t.runtime.ctx.db.selectFrom('time_entries').select('id').orderBy('id').execute();
      expect(left.map((r) => r.id)).toEqual([young, kept]);
      const tagLinks = await t.runtime.ctx.db
        .selectFrom('time_entry_tags')
        .select('time_entry_id')
        .orderBy('time_entry_id')
        .execute();
      expect(tagLinks.map((r) => r.time_entry_id)).toEqual([young, kept]);
      expect(await t.runtime.jobs.tick()).not.toContain(DELETED_ENTRIES_PURGE_JOB); // hourly
    } finally {
      await t.close();
    }
  });

  it('refuses a retention shorter than a day', async () => {
    await expect(startTestApp({ DELETED_ENTRIES_RETENTION_HOURS: '23' })).rejects.toThrow(/DELETED_ENTRIES_RETENTION_HOURS/);
  });
});
