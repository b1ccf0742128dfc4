import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, expectError, type World } from '../time-entries/entries.test-helpers.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
  // Berlin, weeks from Sunday: 2026-W02 is Sun 2026-01-04 … Sat 2026-01-10, and a Berlin day starts at 23:00Z.
  expect((await w.alice.patch('/users/me/preferences', { timezone: 'Europe/Berlin', week_start: 0 })).status).toBe(200);
});
afterEach(async () => {
  await w.t.close();
});

const put = (body: Record<string, unknown>, client = w.alice) => client.request('PUT', '/timesheet/cell', body);
const entry = async (id: number) => (await w.admin.get(`/time-entries/${id}`)).body;

describe('GET /timesheet', () => {
  it('names the week from the user’s first day, in their time zone, with empty totals', async () => {
    const res = await w.alice.get('/timesheet?week=2026-W02');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      week: '2026-W02',
      days: ['2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'],
      rows: [],
      day_totals: [0, 0, 0, 0, 0, 0, 0],
      total_seconds: 0,
    });
    // Without `week`: the current one.
    const current = await w.alice.get('/timesheet');
    expect(current.body.week).toMatch(/^\d{4}-W\d{2}$/);
  });

  it('counts each entry on the local day it starts, per project and task, and hides deleted entries', async () => {
    // 2026-01-05T23:30Z is already Tuesday 2026-01-06 in Berlin.
    const a = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: '2026-01-05T08:00:00Z',
      duration_seconds: 3600,
    });
    const b = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: '2026-01-05T23:30:00Z',
      duration_seconds: 1800,
    });
    const c = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      task_id: w.taskId,
      start_time: '2026-01-07T10:00:00Z',
      duration_seconds: 600,
    });
    const gone = await w.alice.post('/time-entries', {
      project_id: w.internal.id,
      start_time: '2026-01-08T10:00:00Z',
      duration_seconds: 600,
    });
    await w.alice.delete(`/time-entries/${gone.body.id}`);
    // Bob's time never shows in Alice's week.
    await w.bob.post('/time-entries', { project_id: w.project.id, start_time: '2026-01-05T08:00:00Z', duration_seconds: 7200 });

    const sheet = (await w.alice.get('/timesheet?week=2026-W02')).body;
    const blank = { seconds: 0, entry_ids: [], editable: true, locked_seconds: 0 };
    expect(sheet.rows).toEqual([
      {
        project_id: w.project.id,
        task_id: null,
        cells: [
          blank,
          { seconds: 3600, entry_ids: [a.body.id], editable: false, locked_seconds: 3600 },
          { seconds: 1800, entry_ids: [b.body.id], editable: false, locked_seconds: 1800 },
          blank,
          blank,
          blank,
          blank,
        ],
      },
      {
        project_id: w.project.id,
        task_id: w.taskId,
        cells: [
          blank,
          blank,
          blank,
          { seconds: 600, entry_ids: [c.body.id], editable: false, locked_seconds: 600 },
          blank,
          blank,
          blank,
        ],
      },
    ]);
    expect(sheet.day_totals).toEqual([0, 3600, 1800, 600, 0, 0, 0]);
    expect(sheet.total_seconds).toBe(6000);
  });

  it('shows another user’s week to admins only', async () => {
    await put({ date: '2026-01-05', project_id: w.project.id, seconds: 3600 });
    const seen = await w.admin.get(`/timesheet?week=2026-W02&user_id=${w.ids.alice}`);
    expect(seen.status).toBe(200);
    // Alice's own time zone and first day, not the admin's.
    expect(seen.body.days[0]).toBe('2026-01-04');
    expect(seen.body.total_seconds).toBe(3600);
    expectError(await w.bob.get(`/timesheet?week=2026-W02&user_id=${w.ids.alice}`), 403, 'forbidden');
    expectError(await w.admin.get('/timesheet?week=2026-W02&user_id=999999'), 404, 'not_found');
  });
});

describe('PUT /timesheet/cell', () => {
  it('creates a timesheet entry at the start of the local day, then changes and deletes only it', async () => {
    const sent: { userId: number; events: unknown[] }[] = [];
    const live = w.t.runtime.ctx.live;
    const original = live.publish.bind(live);
    live.publish = async (userId, events) => {
      sent.push({ userId, events: [...events] });
      return original(userId, events);
    };
    const res = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 5400 });
    expect(res.status).toBe(200);
    expect(res.body.project_id).toBe(w.project.id);
    expect(res.body.task_id).toBeNull();
    expect(res.body.cells).toHaveLength(7);
    const cell = res.body.cells[1];
    expect(cell).toMatchObject({ seconds: 5400, editable: true, locked_seconds: 0 });
    const [id] = cell.entry_ids;
    expect(await entry(id)).toMatchObject({
      user_id: w.ids.alice,
      source: 'timesheet',
      start_time: '2026-01-04T23:00:00Z', // midnight in Berlin
      end_time: '2026-01-05T00:30:00Z',
      duration_seconds: 5400,
      break_seconds: 0,
      billable: true,
    });

    // Changing the total keeps the entry (same id); setting it again changes nothing.
    expect((await put({ date: '2026-01-05', project_id: w.project.id, seconds: 1800 })).body.cells[1]).toMatchObject({
      seconds: 1800,
      entry_ids: [id],
    });
    const before = await entry(id);
    await put({ date: '2026-01-05', project_id: w.project.id, seconds: 1800 });
    expect((await entry(id)).updated_at).toBe(before.updated_at);

    // 0 deletes it softly: it can be restored, as any deleted entry.
    const cleared = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 0 });
    expect(cleared.body.cells[1]).toEqual({ seconds: 0, entry_ids: [], editable: true, locked_seconds: 0 });
    expect((await w.alice.get(`/time-entries/${id}`)).status).toBe(404);
    expect((await w.alice.post('/time-entries/restore', { ids: [id] })).body).toEqual({ restored: 1 });
    expect((await w.alice.get('/timesheet?week=2026-W02')).body.total_seconds).toBe(1800);

    live.publish = original;
    expect(sent).toEqual([
      { userId: w.ids.alice, events: [{ type: 'time_entry.changed', data: { ids: [id] } }] },
      { userId: w.ids.alice, events: [{ type: 'time_entry.changed', data: { ids: [id] } }] },
      { userId: w.ids.alice, events: [{ type: 'time_entry.deleted', data: { ids: [id] } }] },
      { userId: w.ids.alice, events: [{ type: 'time_entry.changed', data: { ids: [id] } }] },
    ]);
  });

  it('places new time after entries at the start of the day, and in other rows after each other', async () => {
    const early = await w.alice.post('/time-entries', {
      project_id: w.internal.id,
      start_time: '2026-01-05T23:00:00Z', // Berlin 00:00 on the 6th
      duration_seconds: 3600,
    });
    const one = await put({ date: '2026-01-06', project_id: w.project.id, seconds: 1800 });
    const two = await put({ date: '2026-01-06', project_id: w.project.id, task_id: w.taskId, seconds: 600 });
    expect(await entry(one.body.cells[2].entry_ids[0])).toMatchObject({
      start_time: '2026-01-06T00:00:00Z',
      end_time: '2026-01-06T00:30:00Z',
    });
    expect(await entry(two.body.cells[2].entry_ids[0])).toMatchObject({
      start_time: '2026-01-06T00:30:00Z',
      end_time: '2026-01-06T00:40:00Z',
    });
    // The manual entry stays untouched; the day's entries never overlap (the API would refuse them otherwise).
    expect(await entry(early.body.id)).toMatchObject({ start_time: '2026-01-05T23:00:00Z', duration_seconds: 3600 });
  });

  it('never changes timer, manual or imported time: below it 409 cell_not_editable, above it adds timesheet time', async () => {
    const manual = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: '2026-01-05T09:00:00Z',
      duration_seconds: 3600,
    });
    const refused = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 1800 });
    expect(expectError(refused, 409, 'cell_not_editable')).toEqual({ locked_seconds: 3600, entry_ids: [manual.body.id] });

    const grown = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 5400 });
    expect(grown.body.cells[1]).toMatchObject({ seconds: 5400, editable: false, locked_seconds: 3600 });
    const added = grown.body.cells[1].entry_ids.find((x: number) => x !== manual.body.id);
    expect(await entry(added)).toMatchObject({ source: 'timesheet', start_time: '2026-01-04T23:00:00Z', duration_seconds: 1800 });
    // Back down to the manual time: only the timesheet entry goes.
    const back = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 3600 });
    expect(back.body.cells[1]).toMatchObject({ seconds: 3600, entry_ids: [manual.body.id] });
    expect(await entry(manual.body.id)).toMatchObject({
      source: 'manual',
      duration_seconds: 3600,
      start_time: '2026-01-05T09:00:00Z',
    });
  });

  it('a running timer locks its cell and the rest of its day', async () => {
    await w.alice.patch('/users/me/preferences', { timezone: 'UTC' });
    const timer = (await w.alice.post('/timer/start', { project_id: w.project.id })).body.timer;
    const today = timer.start_time.slice(0, 10);
    const sinceMidnight = (Date.parse(timer.start_time) - Date.parse(`${today}T00:00:00Z`)) / 1000;
    const sheet = (await w.alice.get('/timesheet')).body;
    const cell = sheet.rows[0].cells[sheet.days.indexOf(today)];
    expect(cell).toMatchObject({ entry_ids: [timer.id], editable: false });
    expect(cell.locked_seconds).toBe(cell.seconds);
    // The time before the timer is free; after its start nothing fits.
    const full = await put({ date: today, project_id: w.internal.id, seconds: Math.min(sinceMidnight + 60, 86_400) });
    expect(expectError(full, 409, 'overlap')).toMatchObject({ conflicting_ids: [timer.id], free_seconds: sinceMidnight });
  });

  it('refuses a day without enough free time, with the entries in the way', async () => {
    const a = await w.alice.post('/time-entries', {
      project_id: w.internal.id,
      start_time: '2026-01-04T23:00:00Z',
      duration_seconds: 20 * 3600,
    });
    const res = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 4 * 3600 + 1 });
    expect(expectError(res, 409, 'overlap')).toEqual({ conflicting_ids: [a.body.id], free_seconds: 4 * 3600 });
    expect((await put({ date: '2026-01-05', project_id: w.project.id, seconds: 4 * 3600 })).status).toBe(200);
  });

  it('a short DST day holds 23 hours', async () => {
    // Sunday 2026-03-29 in Berlin lasts 23 hours.
    expect(
      expectError(await put({ date: '2026-03-29', project_id: w.project.id, seconds: 86_400 }), 409, 'overlap'),
    ).toMatchObject({
      free_seconds: 23 * 3600,
    });
    const res = await put({ date: '2026-03-29', project_id: w.project.id, seconds: 23 * 3600 });
    expect(await entry(res.body.cells[0].entry_ids[0])).toMatchObject({
      start_time: '2026-03-28T23:00:00Z',
      end_time: '2026-03-29T22:00:00Z',
    });
  });

  it('answers the row of the week the date lies in', async () => {
    const res = await put({ date: '2026-01-10', project_id: w.project.id, seconds: 60 });
    expect(res.body.cells.map((c: { seconds: number }) => c.seconds)).toEqual([0, 0, 0, 0, 0, 0, 60]);
  });

  it('obeys the project and task rules of every entry', async () => {
    expectError(await put({ date: '2026-01-05', project_id: w.archived.id, seconds: 60 }), 409, 'project_archived');
    const wrongTask = await put({ date: '2026-01-05', project_id: w.project.id, task_id: w.internalTaskId, seconds: 60 });
    expect(Object.keys(expectError(wrongTask, 400, 'validation_failed').fields)).toEqual(['task_id']);
    const noProject = await put({ date: '2026-01-05', project_id: 999_999, seconds: 60 });
    expect(Object.keys(expectError(noProject, 400, 'validation_failed').fields)).toEqual(['project_id']);
  });

  it('obeys the bounds of every entry: not more than a day ahead, within 1970–2099 in the user’s time zone', async () => {
    const ahead = await put({ date: '2099-12-30', project_id: w.project.id, seconds: 60 });
    expect(expectError(ahead, 400, 'validation_failed').fields.date).toMatch(/one day after now/);
    await w.alice.patch('/users/me/preferences', { timezone: 'Asia/Tokyo' }); // UTC+9: 1970-01-01 began in 1969
    const early = await put({ date: '1970-01-01', project_id: w.project.id, seconds: 60 });
    expect(Object.keys(expectError(early, 400, 'validation_failed').fields)).toEqual(['date']);
    expect((await put({ date: '1970-01-02', project_id: w.project.id, seconds: 60 })).status).toBe(200);
  });

  it('lets admins fill another user’s cell, in that user’s time zone', async () => {
    const res = await put({ date: '2026-01-05', project_id: w.project.id, seconds: 60, user_id: w.ids.alice }, w.admin);
    expect(res.status).toBe(200);
    expect(await entry(res.body.cells[1].entry_ids[0])).toMatchObject({
      user_id: w.ids.alice,
      start_time: '2026-01-04T23:00:00Z',
    });
    expectError(
      await put({ date: '2026-01-05', project_id: w.project.id, seconds: 60, user_id: w.ids.alice }, w.bob),
      403,
      'forbidden',
    );
  });
});
