import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buckets, startOfMonth, zonedTimeToEpoch, type WeekStart } from '../../../shared/time-math.js';
import {
  clearEntries,
  createClient,
  createProject,
  createReportWorld,
  createTask,
  expectStatus,
  insertEntry,
  iso,
  setPreferences,
  tokenFor,
  utc,
  type EntrySpec,
  type ReportWorld,
} from './report-world.test-helpers.js';

const H = 3600;
const BERLIN = 'Europe/Berlin';
const GROUPINGS = ['project', 'client', 'user', 'task', 'tag', 'day', 'week', 'month'] as const;

/** Seconds of an entry in [a, b): worked seconds spread evenly over the span, floor of the cumulative share. */
function share(e: { start: number; end: number; duration: number }, a: number, b: number): number {
  const lo = Math.max(a, e.start);
  const hi = Math.min(b, e.end);
  const span = e.end - e.start;
  if (hi <= lo || span <= 0) return 0;
  const F = (t: number) => Math.floor((e.duration * (t - e.start)) / span);
  return F(hi) - F(lo);
}

const berlin = (y: number, mo: number, d: number, h = 0, mi = 0) => zonedTimeToEpoch(y, mo, d, h, mi, 0, BERLIN);

interface Group {
  key: string | null;
  label: string | null;
  seconds: number;
  billable_seconds: number;
  billable_amount: string;
  entry_count: number;
}

describe('GET /reports/summary', () => {
  let w: ReportWorld;
  let acme: number; // client, default rate 60.00
  let website: number; // Acme, rate 100.00
  let support: number; // Acme, no rate → client's 60.00
  let internal: number; // no client, no rate
  let design: number; // task of website

  beforeAll(async () => {
    w = await createReportWorld();
    acme = await createClient(w.admin, 'Acme', '60.00');
    website = await createProject(w.admin, 'Website', { client_id: acme, hourly_rate: '100.00' });
    support = await createProject(w.admin, 'Support', { client_id: acme });
    internal = await createProject(w.admin, 'Internal');
    design = await createTask(w.admin, website, 'Design');
  });
  afterAll(async () => {
    await w.t.close();
  });
  beforeEach(async () => {
    await clearEntries(w.t);
    await setPreferences(w.t, w.ids.alice, { timezone: 'UTC', week_start: 1 });
    w.events.length = 0;
  });

  const summary = async (query: string, client = w.alice) =>
    expectStatus(await client.get(`/reports/summary?${query}`), 200).body;

  it('computes billable amounts with project rate, then client rate, and counts billable entries without a rate', async () => {
    const a = w.ids.alice;
    const d = (h: number, m = 0) => utc(2026, 11, 3, h, m);
    await insertEntry(w.t, { user_id: a, project_id: website, task_id: design, start: d(9), end: d(10, 30), tags: ['dev'] }); // 1.5 h × 100 = 150.00
    await insertEntry(w.t, { user_id: a, project_id: website, start: d(11), end: d(13), break: 30 * 60 }); // 1.5 h (break) × 100 = 150.00
    await insertEntry(w.t, { user_id: a, project_id: support, start: d(14), end: d(14, 45) }); // 0.75 h × 60 = 45.00
    await insertEntry(w.t, { user_id: a, project_id: support, start: d(15), end: d(15, 20) }); // 20 min × 60 = 20.00
    await insertEntry(w.t, { user_id: a, project_id: website, start: d(16), end: d(16, 20) }); // 20 min × 100 = 33.333…
    await insertEntry(w.t, { user_id: a, project_id: website, start: d(17), end: d(19), billable: false }); // no amount
    await insertEntry(w.t, { user_id: a, project_id: internal, start: d(20), end: d(21) }); // billable, no rate
    await insertEntry(w.t, { user_id: a, project_id: website, start: d(22), end: null }); // running: left out

    const body = await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}&group_by=project`);
    expect(body).toMatchObject({
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      group_by: 'project',
      currency: 'EUR',
      total_seconds: 1.5 * H + 1.5 * H + 0.75 * H + 20 * 60 + 20 * 60 + 2 * H + H,
      billable_seconds: 1.5 * H + 1.5 * H + 0.75 * H + 20 * 60 + 20 * 60 + H,
      billable_amount: '398.33', // 150 + 150 + 45 + 20 + 33.33
      entries_without_rate: 1,
    });
    const groups = body.groups as Group[];
    expect(groups.map((g) => [g.label, g.seconds, g.billable_seconds, g.billable_amount, g.entry_count])).toEqual([
      ['Website', 1.5 * H + 1.5 * H + 20 * 60 + 2 * H, 1.5 * H + 1.5 * H + 20 * 60, '333.33', 4],
      ['Support', 0.75 * H + 20 * 60, 0.75 * H + 20 * 60, '65.00', 2],
      ['Internal', H, H, '0.00', 1],
    ]);
    expect(groups[0]!.key).toBe(String(website));

    const byClient = await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}&group_by=client`);
    expect((byClient.groups as Group[]).map((g) => [g.key, g.label, g.billable_amount])).toEqual([
      [String(acme), 'Acme', '398.33'],
      [null, '(no client)', '0.00'],
    ]);
    const byTask = await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}&group_by=task`);
    expect((byTask.groups as Group[]).map((g) => [g.label, g.seconds])).toEqual([
      ['(no task)', body.total_seconds - 1.5 * H],
      ['Design', 1.5 * H],
    ]);
  });

  it('splits a total amount over groups so the cents add up exactly', async () => {
    const a = w.ids.alice;
    // Three 20-minute billable entries on three days at 100.00/h: 33.333… each, 100.00 in total.
    for (const day of [2, 3, 4])
      await insertEntry(w.t, { user_id: a, project_id: website, start: utc(2026, 11, day, 9), end: utc(2026, 11, day, 9, 20) });
    const body = await summary(`from=${iso(utc(2026, 11, 2))}&to=${iso(utc(2026, 11, 5))}&group_by=day`);
    expect(body.billable_amount).toBe('100.00');
    expect((body.groups as Group[]).map((g) => g.billable_amount)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('leaves out running timers and clips entries to [from, to)', async () => {
    const a = w.ids.alice;
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 10, 31, 22), end: utc(2026, 11, 1, 2) }); // 2 h inside
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 11, 30, 23), end: utc(2026, 12, 1, 1) }); // 1 h inside
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 11, 10, 9), end: null });
    const body = await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}&group_by=user`);
    expect(body.total_seconds).toBe(3 * H);
    expect(body.groups).toEqual([
      { key: String(a), label: 'alice', seconds: 3 * H, billable_seconds: 3 * H, billable_amount: '0.00', entry_count: 2 },
    ]);
  });

  it('answers zeros for a range without entries, in every grouping', async () => {
    await insertEntry(w.t, { user_id: w.ids.alice, project_id: website, start: utc(2026, 11, 2, 9), end: utc(2026, 11, 2, 10) });
    for (const group_by of GROUPINGS) {
      const body = await summary(`from=${iso(utc(2020, 1, 1))}&to=${iso(utc(2020, 1, 3))}&group_by=${group_by}`);
      expect([body.total_seconds, body.billable_seconds, body.billable_amount, body.entries_without_rate]).toEqual([
        0,
        0,
        '0.00',
        0,
      ]);
      expect(body.groups.every((g: Group) => g.seconds === 0)).toBe(true);
    }
  });

  it('splits midnight-crossing entries by day in Europe/Berlin, across both DST changes', async () => {
    const a = w.ids.alice;
    await setPreferences(w.t, a, { timezone: BERLIN });
    // Fall back (25-hour day 2026-10-25): 22:00 CEST → 04:00 CET is 7 h of wall time: 2 h on the 24th, 5 h on the 25th.
    await insertEntry(w.t, { user_id: a, project_id: internal, start: berlin(2026, 10, 24, 22), end: berlin(2026, 10, 25, 4) });
    // The whole 25th (a local day of 25 h) with a 1-hour break: 24 h worked, all on the 25th.
    await insertEntry(w.t, {
      user_id: a,
      project_id: internal,
      start: berlin(2026, 10, 25, 0),
      end: berlin(2026, 10, 26, 0),
      break: H,
    });
    // 23:00 → 01:00 with 1001 worked seconds: halves of the span, floor of cumulative shares: 500 + 501.
    await insertEntry(w.t, {
      user_id: a,
      project_id: internal,
      start: berlin(2026, 10, 27, 23),
      end: berlin(2026, 10, 28, 1),
      duration: 1001,
    });
    const body = await summary(`from=${iso(berlin(2026, 10, 24))}&to=${iso(berlin(2026, 10, 29))}&group_by=day`);
    expect(body.timezone).toBe(BERLIN);
    expect((body.groups as Group[]).map((g) => [g.key, g.seconds, g.entry_count])).toEqual([
      ['2026-10-24', 2 * H, 1],
      ['2026-10-25', 5 * H + 24 * H, 2],
      ['2026-10-26', 0, 0],
      ['2026-10-27', 500, 1],
      ['2026-10-28', 501, 1],
    ]);
    expect(body.total_seconds).toBe(7 * H + 24 * H + 1001);
    expect(body.billable_seconds).toBe(body.total_seconds);

    // Spring forward (23-hour day 2026-03-29): 23:00 on the 28th → 03:00 on the 29th is 3 h of wall time (1 h + 2 h);
    // the whole 29th is 23 h.
    await clearEntries(w.t);
    await insertEntry(w.t, { user_id: a, project_id: internal, start: berlin(2026, 3, 28, 23), end: berlin(2026, 3, 29, 3) });
    await insertEntry(w.t, { user_id: a, project_id: support, start: berlin(2026, 3, 29, 0), end: berlin(2026, 3, 30, 0) });
    const spring = await summary(`from=${iso(berlin(2026, 3, 28))}&to=${iso(berlin(2026, 4, 1))}&group_by=day`);
    expect((spring.groups as Group[]).map((g) => [g.key, g.seconds])).toEqual([
      ['2026-03-28', H],
      ['2026-03-29', 2 * H + 23 * H],
      ['2026-03-30', 0],
      ['2026-03-31', 0],
    ]);
    // An explicit time zone beats the preference: in UTC the first entry is 22:00 → 01:00, the second 23:00 → 22:00.
    const inUtc = await summary(`from=${iso(utc(2026, 3, 28))}&to=${iso(utc(2026, 3, 30))}&group_by=day&timezone=UTC`);
    expect((inUtc.groups as Group[]).map((g) => [g.key, g.seconds])).toEqual([
      ['2026-03-28', 2 * H + H],
      ['2026-03-29', H + 22 * H],
    ]);
  });

  it("buckets weeks by the user's week start (Sunday vs Monday)", async () => {
    const a = w.ids.alice;
    // 2026-11-01 is a Sunday.
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 11, 1, 10), end: utc(2026, 11, 1, 11) });
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 11, 2, 10), end: utc(2026, 11, 2, 12) });
    const range = `from=${iso(utc(2026, 10, 26))}&to=${iso(utc(2026, 11, 9))}&group_by=week`;
    const monday = await summary(range);
    expect((monday.groups as Group[]).map((g) => [g.key, g.label, g.seconds])).toEqual([
      ['2026-10-26', '2026-10-26 – 2026-11-01', H],
      ['2026-11-02', '2026-11-02 – 2026-11-08', 2 * H],
    ]);
    await setPreferences(w.t, a, { week_start: 0 });
    const sunday = await summary(range);
    expect((sunday.groups as Group[]).map((g) => [g.key, g.seconds])).toEqual([
      ['2026-10-25', 0],
      ['2026-11-01', 3 * H],
      ['2026-11-08', 0],
    ]);
    const months = await summary(`from=${iso(utc(2026, 10, 1))}&to=${iso(utc(2027, 1, 1))}&group_by=month`);
    expect((months.groups as Group[]).map((g) => [g.key, g.seconds])).toEqual([
      ['2026-10', 0],
      ['2026-11', 3 * H],
      ['2026-12', 0],
    ]);
  });

  it('groups by tag: "(no tag)" for untagged entries, an entry with two tags counts in both', async () => {
    const a = w.ids.alice;
    await insertEntry(w.t, {
      user_id: a,
      project_id: internal,
      start: utc(2026, 11, 2, 9),
      end: utc(2026, 11, 2, 10),
      tags: ['Review', 'meeting'],
    });
    await insertEntry(w.t, {
      user_id: a,
      project_id: internal,
      start: utc(2026, 11, 2, 11),
      end: utc(2026, 11, 2, 13),
      tags: ['review'],
    });
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 11, 2, 14), end: utc(2026, 11, 2, 14, 30) });
    const body = await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}&group_by=tag`);
    expect(body.total_seconds).toBe(3.5 * H);
    expect((body.groups as Group[]).map((g) => [g.key, g.label, g.seconds, g.entry_count])).toEqual([
      ['review', 'Review', 3 * H, 2],
      ['meeting', 'meeting', H, 1],
      [null, '(no tag)', 0.5 * H, 1],
    ]);
    // The tag filter and tag grouping together: only entries tagged "meeting", with all their tags.
    const filtered = await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}&group_by=tag&tag=MEETING`);
    expect(filtered.total_seconds).toBe(H);
    expect((filtered.groups as Group[]).map((g) => g.key)).toEqual(['meeting', 'review']);
  });

  it('defaults to the current month in the time zone and caps long day ranges', async () => {
    await setPreferences(w.t, w.ids.alice, { timezone: BERLIN });
    const body = await summary('group_by=client');
    const from = startOfMonth(Math.floor(Date.now() / 1000), BERLIN);
    expect(body.from).toBe(iso(from));
    expect(Date.parse(body.to) / 1000 - from).toBeGreaterThanOrEqual(28 * 86_400 - H);
    expect(Date.parse(body.to) / 1000 - from).toBeLessThanOrEqual(31 * 86_400 + H);
    // Only `from`: that month.
    const nov = await summary(`from=${iso(berlin(2026, 11, 1))}`);
    expect([nov.from, nov.to]).toEqual([iso(berlin(2026, 11, 1)), iso(berlin(2026, 12, 1))]);

    // At most 10 years (3660 days), whatever the grouping.
    const long = await w.alice.get(`/reports/summary?from=${iso(utc(2020, 1, 1))}&to=${iso(utc(2031, 1, 1))}&group_by=month`);
    expect(long.status).toBe(400);
    expect(long.body.error.details.fields.to).toMatch(/at most 10 years/);
    const days = await w.alice.get(`/reports/summary?from=${iso(berlin(2020, 1, 1))}&to=${iso(berlin(2030, 1, 1))}&group_by=day`);
    expect(expectStatus(days, 200).body.groups).toHaveLength(3653);
    const tz = await w.alice.get('/reports/summary?timezone=Mars/Olympus');
    expect(tz.status).toBe(400);
    expect(Object.keys(tz.body.error.details.fields)).toEqual(['timezone']);
    const backwards = await w.alice.get(`/reports/summary?from=${iso(utc(2026, 2, 1))}&to=${iso(utc(2026, 1, 1))}`);
    expect(backwards.status).toBe(400);
    expect((await w.alice.get('/reports/summary?group_by=colour')).status).toBe(400);
  });

  it("never shows another user's entries; user_id=all and other users are for admins only; tokens need read:reports", async () => {
    const range = `from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 12, 1))}`;
    await insertEntry(w.t, { user_id: w.ids.alice, project_id: website, start: utc(2026, 11, 2, 9), end: utc(2026, 11, 2, 10) });
    await insertEntry(w.t, { user_id: w.ids.bob, project_id: website, start: utc(2026, 11, 2, 9), end: utc(2026, 11, 2, 12) });
    expect((await summary(`${range}&group_by=user`)).groups.map((g: Group) => g.label)).toEqual(['alice']);
    expect((await summary(`${range}&group_by=project`, w.bob)).total_seconds).toBe(3 * H);
    for (const other of ['all', String(w.ids.bob)]) {
      const res = await w.alice.get(`/reports/summary?${range}&user_id=${other}`);
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await summary(`${range}&user_id=${w.ids.alice}`)).total_seconds).toBe(H);
    const all = await summary(`${range}&group_by=user&user_id=all`, w.admin);
    expect(all.groups.map((g: Group) => [g.label, g.seconds])).toEqual([
      ['bob', 3 * H],
      ['alice', H],
    ]);
    expect((await summary(`${range}&user_id=${w.ids.bob}`, w.admin)).total_seconds).toBe(3 * H);

    const wrongScope = await tokenFor(w.t, w.ids.alice, ['read:time_entries']);
    expect((await wrongScope.get(`/reports/summary?${range}`)).status).toBe(403);
    const reports = await tokenFor(w.t, w.ids.alice, ['read:reports']);
    expect((await reports.get(`/reports/summary?${range}`)).body.total_seconds).toBe(H);
    expect((await w.t.anonymous.get(`/reports/summary?${range}`)).status).toBe(401);
  });

  it('emits report.viewed with the grouping and the range length only', async () => {
    await summary(`from=${iso(utc(2026, 11, 1))}&to=${iso(utc(2026, 11, 8))}&group_by=week&q=secret&project_id=${website}`);
    expect(w.events).toEqual([{ event: 'report.viewed', properties: { group_by: 'week', range_days: 7 } }]);
  });

  it('adds up to the same total for every grouping and matches an independent per-entry computation', async () => {
    const projects = [website, support, internal];
    const users = [w.ids.alice, w.ids.bob];
    const base = berlin(2026, 10, 20);
    const entryArb = fc.record({
      user: fc.constantFrom(...users),
      project: fc.constantFrom(...projects),
      startOffset: fc.integer({ min: 0, max: 12 * 86_400 }),
      span: fc.integer({ min: 1, max: 40 * H }),
      breakShare: fc.integer({ min: 0, max: 50 }),
      roundUp: fc.integer({ min: 0, max: 900 }),
      billable: fc.boolean(),
      tags: fc.subarray(['a', 'b', 'c']),
    });
    const rangeArb = fc.tuple(fc.integer({ min: -2 * 86_400, max: 14 * 86_400 }), fc.integer({ min: 1, max: 16 * 86_400 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 10 }),
        rangeArb,
        fc.constantFrom<WeekStart>(0, 1, 3),
        async (specs, [fromOffset, length], weekStart) => {
          await clearEntries(w.t);
          await setPreferences(w.t, w.ids.admin, { timezone: BERLIN, week_start: weekStart });
          const entries: (EntrySpec & { end: number; duration: number })[] = specs.map((s) => {
            const start = base + s.startOffset;
            const brk = Math.floor((s.span * s.breakShare) / 100);
            return {
              user_id: s.user,
              project_id: s.project,
              start,
              end: start + s.span,
              break: brk,
              duration: s.span - brk + s.roundUp,
              billable: s.billable,
              tags: s.tags,
            };
          });
          for (const e of entries) await insertEntry(w.t, e);
          const from = base + fromOffset;
          const to = from + length;
          const expectedTotal = entries.reduce((sum, e) => sum + share(e, from, to), 0);
          const overlapping = entries.filter((e) => e.start < to && e.end > from);
          const q = `from=${iso(from)}&to=${iso(to)}&user_id=all`;
          for (const group_by of GROUPINGS) {
            const res = await w.admin.get(`/reports/summary?${q}&group_by=${group_by}`);
            const body = expectStatus(res, 200).body;
            const groups = body.groups as Group[];
            expect(body.total_seconds).toBe(expectedTotal);
            expect(body.billable_seconds).toBe(
              overlapping.filter((e) => e.billable).reduce((sum, e) => sum + share(e, from, to), 0),
            );
            if (group_by === 'tag') {
              for (const g of groups) {
                const members = overlapping.filter((e) => (g.key === null ? e.tags!.length === 0 : e.tags!.includes(g.key!)));
                expect(g.seconds).toBe(members.reduce((sum, e) => sum + share(e, from, to), 0));
                expect(g.entry_count).toBe(members.length);
              }
              continue;
            }
            expect(groups.reduce((sum, g) => sum + g.seconds, 0)).toBe(expectedTotal);
            const cents = (m: string) => Math.round(Number(m) * 100);
            expect(groups.reduce((sum, g) => sum + cents(g.billable_amount), 0)).toBe(cents(body.billable_amount));
            if (group_by === 'day' || group_by === 'week' || group_by === 'month') {
              const list = buckets(from, to, group_by, BERLIN, weekStart);
              expect(groups.map((g) => g.key)).toEqual(list.map((b) => b.key));
              list.forEach((b, i) => {
                expect(groups[i]!.seconds).toBe(entries.reduce((sum, e) => sum + share(e, b.start, b.end), 0));
              });
            } else {
              expect(groups.reduce((sum, g) => sum + g.entry_count, 0)).toBe(overlapping.length);
            }
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
