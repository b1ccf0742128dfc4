// The timesheet under hostile input: other users' data by id or token, garbage weeks and dates, seconds that are
// no whole number of a day, and bursts of concurrent writes to one cell. Every refusal is a 4xx in the API's
// error shape (never a 500) and leaves nothing behind; every burst ends in one consistent cell.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenFor } from '../harness.js';
import { createWorld, expectError, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';
import { clearEntries } from '../../src/server/features/reports/report-world.test-helpers.js';
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

const put = (body: unknown, client = w.alice) => client.request('PUT', '/timesheet/cell', body as Record<string, unknown>);
const rowCount = async () =>
  Number(
    (
      await w.t.runtime.ctx.db
        .selectFrom('time_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const valid = () => ({ date: '2026-01-05', project_id: w.project.id, seconds: 3600 });

describe('other users’ data', () => {
  it('a normal user cannot read or write another user’s timesheet, by session or token', async () => {
    expectError(await w.alice.get(`/timesheet?week=2026-W02&user_id=${w.ids.bob}`), 403, 'forbidden');
    expectError(await put({ ...valid(), user_id: w.ids.bob }), 403, 'forbidden');
    expectError(await put({ ...valid(), user_id: w.ids.admin }), 403, 'forbidden');
    const token = await tokenFor(w.t, w.ids.alice, ['read:*', 'write:*']);
    expectError(await token.get(`/timesheet?week=2026-W02&user_id=${w.ids.bob}`), 403, 'forbidden');
    expectError(await put({ ...valid(), user_id: w.ids.bob }, token), 403, 'forbidden');
    // Even a token stored with admin:all (the API refuses to mint one for her) grants no admin rights to a user.
    const forged = await tokenFor(w.t, w.ids.alice, ['admin:all']);
    expectError(await forged.get(`/timesheet?week=2026-W02&user_id=${w.ids.bob}`), 403, 'forbidden');
    expectError(await put({ ...valid(), user_id: w.ids.bob }, forged), 403, 'forbidden');
    expect(await rowCount()).toBe(0);
  });

  it('Bob’s entries never show in, and are never changed through, Alice’s cells', async () => {
    const bobs = await w.bob.post('/time-entries', {
      project_id: w.project.id,
      start_time: '2026-01-05T00:00:00Z',
      duration_seconds: 3600,
    });
    expect((await w.alice.get('/timesheet?week=2026-W02')).body.rows).toEqual([]);
    const res = await put({ ...valid(), seconds: 7200 });
    expect(res.status).toBe(200);
    // Alice's time may lie where Bob's does: overlaps are per user.
    expect(res.body.cells[0].entry_ids).not.toContain(bobs.body.id);
    expect((await w.bob.get(`/time-entries/${bobs.body.id}`)).body).toMatchObject({ duration_seconds: 3600, source: 'manual' });
  });

  it('token scopes apply: read-only tokens cannot write cells, tokens without time-entry scopes cannot read', async () => {
    const reader = await tokenFor(w.t, w.ids.alice, ['read:time_entries']);
    expect((await reader.get('/timesheet?week=2026-W02')).status).toBe(200);
    expectError(await put(valid(), reader), 403, 'forbidden');
    const projectsOnly = await tokenFor(w.t, w.ids.alice, ['read:projects']);
    expectError(await projectsOnly.get('/timesheet?week=2026-W02'), 403, 'forbidden');
    expectError(await w.t.anonymous.get('/timesheet?week=2026-W02'), 401, 'unauthenticated');
  });

  it('ids of users and projects that are no ids', async () => {
    for (const userId of ['0', '-1', '1.5', 'abc', '99999999999', 'all']) {
      expectError(await w.admin.get(`/timesheet?week=2026-W02&user_id=${userId}`), 400, 'validation_failed');
    }
    for (const projectId of [0, -1, 1.5, null, 2 ** 31, 'all', [], {}]) {
      expectError(await put({ ...valid(), project_id: projectId }), 400, 'validation_failed');
    }
    expect(await rowCount()).toBe(0);
  });
});

describe('garbage', () => {
  it('seconds that are negative, fractional, huge, strings or missing', async () => {
    const hostile = [-1, -86_400, 0.5, 3600.25, 86_401, 1e9, Number.MAX_SAFE_INTEGER, '3600', '1h', null, true, [], {}];
    for (const seconds of hostile) {
      const res = await put({ ...valid(), seconds });
      expect(Object.keys(expectError(res, 400, 'validation_failed').fields)).toEqual(['seconds']);
    }
    expectError(await put({ date: '2026-01-05', project_id: w.project.id }), 400, 'validation_failed');
    expect(await rowCount()).toBe(0);
  });

  it('weeks and dates that are none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(
            '2026-W54',
            '2025-W53',
            '2026-W00',
            '1969-W52',
            '2100-W01',
            '2026-W4',
            'W49',
            '2026-49',
            '../x',
            '%00',
            '2026-W49;drop',
          ),
          fc.string({ maxLength: 12 }),
        ),
        async (week) => {
          const res = await w.alice.get(`/timesheet?week=${encodeURIComponent(week)}`);
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('validation_failed');
        },
      ),
      { numRuns: 60 },
    );
    for (const date of ['2026-02-29', '2026-13-01', '1969-12-31', '2100-01-01', '2026-01-05T00:00:00Z', '', 20260105, null]) {
      const res = await put({ ...valid(), date });
      expect(Object.keys(expectError(res, 400, 'validation_failed').fields)).toEqual(['date']);
    }
    expectError(await put({ ...valid(), notes: 'extra' }), 400, 'validation_failed');
    expectError(await w.alice.get('/timesheet?week=2026-W02&extra=1'), 400, 'validation_failed');
    const malformed = await w.alice.request('PUT', '/timesheet/cell', '{"date":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toEqual(expect.any(String));
    expect(await rowCount()).toBe(0);
  });
});

describe('concurrent writes to one cell', () => {
  it('a burst ends with the last total, in one timesheet entry, never duplicates or overlaps', async () => {
    const totals = [600, 7200, 0, 3600, 1800, 86_400, 60, 5400, 0, 2700, 900, 4500];
    const answers = await Promise.all(totals.map((seconds) => put({ ...valid(), seconds })));
    for (const res of answers) expect(res.status).toBe(200);
    const sheet = (await w.alice.get('/timesheet?week=2026-W02')).body;
    const cell = sheet.rows[0]?.cells[0] ?? { seconds: 0, entry_ids: [] };
    expect(totals).toContain(cell.seconds);
    expect(cell.entry_ids.length).toBe(cell.seconds === 0 ? 0 : 1);
    const kept = await w.t.runtime.ctx.db
      .selectFrom('time_entries')
      .select(['id', 'start_time', 'end_time', 'duration_seconds'])
      .where('deleted_at', 'is', null)
      .execute();
    expect(kept.map((k) => k.id)).toEqual(cell.entry_ids);
    expect(kept.reduce((n, k) => n + (k.duration_seconds ?? 0), 0)).toBe(cell.seconds);
  });

  it('bursts over several cells of one day keep the day free of overlaps', async () => {
    const cells = [
      { project_id: w.project.id },
      { project_id: w.project.id, task_id: w.taskId },
      { project_id: w.internal.id },
      { project_id: w.internal.id, task_id: w.internalTaskId },
    ];
    const writes = [];
    for (let i = 0; i < 16; i++) writes.push(put({ date: '2026-01-05', ...cells[i % 4], seconds: (i + 1) * 1500 }));
    const answers = await Promise.all(writes);
    for (const res of answers) expect([200, 409]).toContain(res.status);
    const kept = await w.t.runtime.ctx.db
      .selectFrom('time_entries')
      .select(['id', 'start_time', 'end_time'])
      .where('deleted_at', 'is', null)
      .execute();
    for (let i = 0; i < kept.length; i++)
      for (let j = i + 1; j < kept.length; j++) {
        const a = { start: kept[i]!.start_time, end: kept[i]!.end_time };
        const b = { start: kept[j]!.start_time, end: kept[j]!.end_time };
        expect(overlaps(a, b)).toBe(false);
      }
    const sheet = (await w.alice.get('/timesheet?week=2026-W02')).body;
    expect(sheet.day_totals[0]).toBeLessThanOrEqual(86_400);
    expect(sheet.rows).toHaveLength(4);
  });
});
