// Report rounding: separate from timer-stop rounding, never changing stored times, said in the answer.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUNDING_METHODS, ROUNDING_MINUTES, roundDuration } from '../../../shared/time-math.js';
import { roundedSecondsSql } from './reports.queries.js';
import {
  clearEntries,
  createProject,
  createReportWorld,
  insertEntry,
  iso,
  utc,
  type ReportWorld,
} from './report-world.test-helpers.js';

let w: ReportWorld;
let website: number; // rate 100.00
let internal: number; // no rate
beforeAll(async () => {
  w = await createReportWorld();
  website = await createProject(w.admin, 'Website', { hourly_rate: '100.00' });
  internal = await createProject(w.admin, 'Internal');
});
afterAll(async () => {
  await w.t.close();
});
beforeEach(async () => {
  await clearEntries(w.t);
  await w.alice.patch('/users/me/preferences', { report_rounding: 'none', timezone: 'UTC' });
});

const range = `from=${iso(utc(2026, 1, 5))}&to=${iso(utc(2026, 1, 12))}`;
const minutes = (h: number, m: number, day = 5) => utc(2026, 1, day, h, m);

async function seven(day = 5, hour = 9, projectId = website, tags: string[] = []) {
  return insertEntry(w.t, {
    user_id: w.ids.alice,
    project_id: projectId,
    start: minutes(hour, 0, day),
    end: minutes(hour, 7, day),
    tags,
  });
}

describe('report rounding', () => {
  it('the SQL used per entry rounds exactly as roundDuration, on this database', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 31 * 86_400 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...ROUNDING_MINUTES),
        fc.constantFrom(...ROUNDING_METHODS),
        async (values, m, method) => {
          const columns = values.map(
            (v, i) =>
              sql`${roundedSecondsSql(sql`cast(${sql.lit(v)} as bigint)`, { minutes: m, method })} as ${sql.ref(`r${i}`)}`,
          );
          const { rows } = await sql<Record<string, number>>`select ${sql.join(columns)}`.execute(w.t.runtime.ctx.db);
          expect(values.map((_, i) => Number(rows[0]?.[`r${i}`]))).toEqual(values.map((v) => roundDuration(v, m, method)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rounds a manual 9:00–9:07 in the report as its label says, says so, and leaves the stored entry alone', async () => {
    const id = await seven();
    const plain = (await w.alice.get(`/reports/summary?${range}`)).body;
    expect(plain).toMatchObject({ total_seconds: 420, rounding: { scope: 'none', minutes: null, method: null } });

    await w.alice.patch('/users/me/preferences', {
      report_rounding: 'entry',
      report_rounding_minutes: 15,
      report_rounding_method: 'up',
    });
    const rounded = (await w.alice.get(`/reports/summary?${range}`)).body;
    expect(rounded).toMatchObject({
      total_seconds: 900,
      billable_seconds: 900,
      billable_amount: '25.00',
      rounding: { scope: 'entry', minutes: 15, method: 'up' },
      groups: [{ key: String(website), seconds: 900, billable_amount: '25.00', entry_count: 1 }],
    });
    // The timer-stop rounding is another preference and does not touch reports.
    await w.alice.patch('/users/me/preferences', { rounding_minutes: 60, rounding_method: 'down' });
    expect((await w.alice.get(`/reports/summary?${range}`)).body.total_seconds).toBe(900);
    expect((await w.alice.get(`/time-entries/${id}`)).body.duration_seconds).toBe(420);
    // The request may ask for another rounding than the preference.
    const asked = (await w.alice.get(`/reports/summary?${range}&rounding=none`)).body;
    expect(asked).toMatchObject({ total_seconds: 420, rounding: { scope: 'none' } });
    const down = (await w.alice.get(`/reports/summary?${range}&rounding_method=down`)).body;
    expect(down).toMatchObject({ total_seconds: 0, rounding: { scope: 'entry', minutes: 15, method: 'down' } });
  });

  it('per entry rounds each entry; per day rounds each user’s day per project, in every grouping', async () => {
    await seven(5, 9);
    await seven(5, 10);
    await seven(6, 9);
    await seven(6, 11, internal);
    await insertEntry(w.t, { user_id: w.ids.bob, project_id: website, start: minutes(9, 0), end: minutes(9, 7) });
    const get = async (q: string) =>
      (await w.alice.get(`/reports/summary?${range}&rounding_minutes=15&rounding_method=up&${q}`)).body;

    const perEntry = await get('rounding=entry&group_by=day');
    expect(perEntry.total_seconds).toBe(4 * 900);
    expect(perEntry.groups.slice(0, 2).map((g: { seconds: number }) => g.seconds)).toEqual([1800, 1800]);

    const perDay = await get('rounding=day&group_by=day');
    // Day 5: 14 min on Website → 15; day 6: 7 min Website → 15, 7 min Internal → 15.
    expect(perDay).toMatchObject({ total_seconds: 2700, rounding: { scope: 'day', minutes: 15, method: 'up' } });
    expect(perDay.groups.slice(0, 2).map((g: { key: string; seconds: number }) => [g.key, g.seconds])).toEqual([
      ['2026-01-05', 900],
      ['2026-01-06', 1800],
    ]);
    const byProject = await get('rounding=day&group_by=project');
    expect(
      byProject.groups.map((g: { key: string; seconds: number; billable_amount: string }) => [
        g.key,
        g.seconds,
        g.billable_amount,
      ]),
    ).toEqual([
      [String(website), 1800, '50.00'],
      [String(internal), 900, '0.00'],
    ]);
    expect(byProject).toMatchObject({ total_seconds: 2700, billable_amount: '50.00' });
    for (const groupBy of ['client', 'task', 'user', 'week', 'month']) {
      expect((await get(`rounding=day&group_by=${groupBy}`)).total_seconds, groupBy).toBe(2700);
    }
  });

  it('per day by tag: each tag’s day is rounded, the total is the rounded days without tags', async () => {
    await seven(5, 9, website, ['a']);
    await seven(5, 10, website, ['a', 'b']);
    const res = (
      await w.alice.get(`/reports/summary?${range}&group_by=tag&rounding=day&rounding_minutes=10&rounding_method=nearest`)
    ).body;
    expect(res.total_seconds).toBe(600); // 14 min → 10
    expect(res.groups.map((g: { key: string; seconds: number }) => [g.key, g.seconds])).toEqual([
      ['a', 600],
      ['b', 600], // 7 min → 10
    ]);
  });

  it('refuses unknown roundings', async () => {
    for (const q of ['rounding=week', 'rounding_minutes=7', 'rounding_minutes=abc', 'rounding_method=ceil']) {
      const res = await w.alice.get(`/reports/summary?${range}&${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
