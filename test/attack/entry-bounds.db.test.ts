// Far instants, huge durations and breaks, and long ranges on every path that reads them: manual entries, the
// timer, the list filters, reports and exports. Each must answer 400 validation_failed naming the field, never a
// 500, and never store anything. Then the extremes that are allowed must work on both databases, including
// report arithmetic at the highest rate and a 10-year report by day.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../harness.js';
import { createWorld, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';
import { clearEntries, insertEntry } from '../../src/server/features/reports/report-world.test-helpers.js';

const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** Instants outside 1970–2099, with offsets that push an in-range wall time out, and strings that are no instant. */
const hostileInstant = fc.oneof(
  fc.constantFrom(
    '0001-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '1970-01-01T00:30:00+01:00',
    '2100-01-01T00:00:01Z',
    '2099-12-31T23:30:00-01:00',
    '2100-06-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '9999-12-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    'NaN',
    'Infinity',
    '',
    ' ',
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-01-01T00:00:00',
    '2026-01-01',
    '1e999',
    '0x7fffffff',
    '2026-01-01T00:00:00Z\u0000',
  ),
  fc
    .record({
      year: fc.oneof(fc.integer({ min: 1, max: 1969 }), fc.integer({ min: 2100, max: 9999 })),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      offset: fc.constantFrom('Z', '+14:00', '-12:00', '+00:00', '-00:30'),
    })
    .map(
      ({ year, month, day, offset }) =>
        `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00${offset}`,
    ),
);
/** Non-strings where an instant belongs. */
const hostileJsonInstant = fc.oneof(hostileInstant, fc.constantFrom<unknown>(1e308, -1, 1.5, 0, null, true, [], {}));
/** Durations and breaks no entry may have. */
const hostileSeconds = fc.oneof(
  fc.integer({ min: 31 * DAY + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
  fc.constantFrom<unknown>(999_999_999, 2_678_401, 1e308, 1.5, '3600', null, Number.MAX_SAFE_INTEGER),
);

function expect400(res: ApiResponse, field: string): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: 'validation_failed' });
  expect(Object.keys(res.body.error.details.fields)).toContain(field);
}

let w: World;
let alice: ApiClient;
beforeAll(async () => {
  w = await createWorld();
  alice = w.alice;
});
afterAll(async () => {
  await w.t.close();
});
beforeEach(async () => {
  await clearEntries(w.t);
});

const storedEntries = async () =>
  (await w.t.runtime.ctx.db.selectFrom('time_entries').select(['id', 'start_time', 'end_time']).execute()).length;

describe('far instants and huge durations on every path', () => {
  it('answer 400 naming the field on entries, list filters, reports and exports (property)', async () => {
    const start = iso(now() - 3600);
    const end = iso(now());
    const existing = (await alice.post('/time-entries', { project_id: w.project.id, start_time: start, end_time: end })).body;
    await fc.assert(
      fc.asyncProperty(hostileJsonInstant, hostileInstant, async (value, text) => {
        const q = encodeURIComponent(text);
        expect400(
          await alice.post('/time-entries', { project_id: w.project.id, start_time: value, end_time: end }),
          'start_time',
        );
        expect400(
          await alice.post('/time-entries', { project_id: w.project.id, start_time: start, end_time: value }),
          'end_time',
        );
        expect400(await alice.patch(`/time-entries/${existing.id}`, { start_time: value }), 'start_time');
        expect400(await alice.patch(`/time-entries/${existing.id}`, { end_time: value }), 'end_time');
        expect400(await alice.get(`/time-entries?from=${q}`), 'from');
        expect400(await alice.get(`/time-entries?to=${q}`), 'to');
        for (const group_by of ['project', 'day', 'week', 'month']) {
          expect400(await alice.get(`/reports/summary?from=${q}&group_by=${group_by}`), 'from');
          expect400(await alice.get(`/reports/summary?to=${q}&group_by=${group_by}`), 'to');
        }
        expect400(await alice.get(`/exports/time-entries.csv?from=${q}`), 'from');
        expect400(await alice.get(`/exports/time-entries.xlsx?to=${q}`), 'to');
        expect400(await alice.get(`/exports/summary.pdf?from=${q}&group_by=day`), 'from');
      }),
      { numRuns: 40 },
    );
    expect(await storedEntries()).toBe(1);
  });

  it('answer 400 for durations and breaks that no entry may have (property)', async () => {
    const start = now() - 2 * 3600;
    const existing = (
      await alice.post('/time-entries', { project_id: w.project.id, start_time: iso(start), end_time: iso(start + 3600) })
    ).body;
    await fc.assert(
      fc.asyncProperty(hostileSeconds, hostileSeconds, async (duration, brk) => {
        const base = { project_id: w.project.id, start_time: iso(start + 3600) };
        expect400(await alice.post('/time-entries', { ...base, duration_seconds: duration }), 'duration_seconds');
        expect400(
          await alice.post('/time-entries', { ...base, end_time: iso(start + 7200), break_seconds: brk }),
          'break_seconds',
        );
        expect400(await alice.patch(`/time-entries/${existing.id}`, { break_seconds: brk }), 'break_seconds');
        expect400(await alice.patch(`/time-entries/${existing.id}`, { duration_seconds: duration }), 'duration_seconds');
      }),
      { numRuns: 40 },
    );
    // The break may not reach the span; the end may not lie more than a day ahead, however it is given.
    const base = { project_id: w.project.id, start_time: iso(start + 3600) };
    expect400(await alice.post('/time-entries', { ...base, end_time: iso(start + 7200), break_seconds: 3600 }), 'break_seconds');
    expect400(await alice.post('/time-entries', { ...base, end_time: iso(now() + DAY + 60) }), 'end_time');
    expect400(
      await alice.post('/time-entries', { project_id: w.project.id, start_time: iso(now() + DAY - 60), duration_seconds: 120 }),
      'duration_seconds',
    );
    expect400(
      await alice.post('/time-entries', {
        project_id: w.project.id,
        start_time: '2099-12-31T23:00:00Z',
        duration_seconds: 7200,
      }),
      'duration_seconds',
    );
    expect(await storedEntries()).toBe(1);
  });

  it('stop a timer only inside the bounds: far end_time, more than 31 days, more than a day ahead', async () => {
    expect((await alice.post('/timer/start', { project_id: w.project.id })).status).toBe(201);
    await fc.assert(
      fc.asyncProperty(hostileJsonInstant, async (value) => {
        expect400(await alice.post('/timer/stop', { end_time: value }), 'end_time');
      }),
      { numRuns: 60 },
    );
    // The attack of the report: a timer stopped in year 9999.
    expect400(await alice.post('/timer/stop', { end_time: '9999-12-31T23:59:59Z' }), 'end_time');
    expect400(await alice.post('/timer/stop', { end_time: iso(now() + DAY + 60) }), 'end_time');
    expect((await alice.get('/timer')).body.timer).not.toBeNull();
    expect((await alice.post('/timer/stop', { end_time: iso(now() + 3600) })).status).toBe(200);

    // A timer left running for 40 days is stopped with an end_time at most 31 days after its start.
    const started = now() - 40 * DAY;
    await insertEntry(w.t, { user_id: w.ids.alice, project_id: w.project.id, start: started, end: null, source: 'timer' });
    expect400(await alice.post('/timer/stop'), 'end_time');
    expect400(
      await alice.patch(`/time-entries/${(await alice.get('/timer')).body.timer.id}`, { start_time: iso(started) }),
      'start_time',
    );
    const stopped = await alice.post('/timer/stop', { end_time: iso(started + 31 * DAY) });
    expect(stopped.status).toBe(200);
    expect(stopped.body.time_entry.duration_seconds).toBe(31 * DAY);
  });
});

describe('the allowed extremes', () => {
  it('keep report and export ranges to 10 years, and a 10-year report by day works at both ends of the bounds', async () => {
    await insertEntry(w.t, { user_id: w.ids.alice, project_id: w.project.id, start: 0, end: 3600 });
    const head = await alice.get('/reports/summary?from=1970-01-01T00:00:00Z&to=1980-01-01T00:00:00Z&group_by=day&timezone=UTC');
    expect(head.status).toBe(200);
    expect(head.body.groups).toHaveLength(3652);
    expect(head.body.groups[0]).toMatchObject({ key: '1970-01-01', seconds: 3600 });
    for (const group_by of ['day', 'week', 'month', 'project', 'tag']) {
      const tail = await alice.get(
        `/reports/summary?from=2090-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&group_by=${group_by}&timezone=Pacific/Kiritimati`,
      );
      expect(tail.status).toBe(200);
    }
    // Only `from` in December 2099: the month, ending past 2099 in a zone behind UTC, is fine.
    const december = await alice.get('/reports/summary?from=2099-12-01T12:00:00Z&timezone=Pacific/Pago_Pago&group_by=day');
    expect(december.status).toBe(200);
    expect400(await alice.get('/reports/summary?from=2020-01-01T00:00:00Z&to=2030-02-01T00:00:00Z&group_by=month'), 'to');
    expect400(await alice.get('/exports/time-entries.csv?from=2020-01-01T00:00:00Z&to=2030-02-01T00:00:00Z'), 'to');
    expect400(await alice.get('/exports/summary.pdf?from=2020-01-01T00:00:00Z&to=2030-02-01T00:00:00Z'), 'to');
    expect((await alice.get('/exports/time-entries.csv?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z')).status).toBe(200);
  });

  it('sums years of billable time at the highest hourly rate without overflowing on either database', async () => {
    expect((await w.admin.patch(`/projects/${w.project.id}`, { hourly_rate: '999999999.99' })).status).toBe(200);
    // 40 entries of 31 days each, back to back, through the API (the most a user can log).
    let end = now();
    for (let i = 0; i < 40; i++) {
      const res = await alice.post('/time-entries', {
        project_id: w.project.id,
        start_time: iso(end - 31 * DAY),
        end_time: iso(end),
      });
      expect(res.status).toBe(201);
      end -= 31 * DAY;
    }
    const from = iso(end - DAY);
    const to = iso(now() + DAY);
    const hours = 40 * 31 * 24;
    const expected = hours * 999_999_999.99;
    for (const group_by of ['project', 'client', 'user', 'task', 'tag', 'month', 'week']) {
      const res = await w.admin.get(`/reports/summary?from=${from}&to=${to}&group_by=${group_by}&user_id=all`);
      expect(res.status).toBe(200);
      expect(res.body.total_seconds).toBe(hours * 3600);
      // Exact on PostgreSQL (numeric); SQLite sums a double, exact to within a cent at this size.
      expect(Math.abs(Number(res.body.billable_amount) - expected)).toBeLessThanOrEqual(0.01 + expected * 1e-15);
    }
    expect((await w.admin.get(`/exports/summary.pdf?from=${from}&to=${to}&user_id=all`)).status).toBe(200);
  });
});
