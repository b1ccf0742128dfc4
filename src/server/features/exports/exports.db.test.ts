import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../../../test/harness.js';
import { zonedTimeToEpoch } from '../../../shared/time-math.js';
import {
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
  type ReportWorld,
} from '../reports/report-world.test-helpers.js';
import { EXPORT_COLUMNS } from './export-rows.js';
import { pageQuery } from './exports.queries.js';
import { entryPages, worthAReaderThread } from './exports.service.js';
import { ReaderThreadPool, type ReaderLease } from './page-reader.js';
import { pdfText } from './pdf.test-helpers.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const BERLIN = 'Europe/Berlin';
const berlin = (y: number, mo: number, d: number, h = 0, mi = 0) => zonedTimeToEpoch(y, mo, d, h, mi, 0, BERLIN);

function csvRows(text: string, delimiter = ','): string[][] {
  return parse(text, { bom: true, delimiter, relax_column_count: false }) as string[][];
}

/** Every id GET /time-entries returns for `query`, walking the pages. */
async function listIds(client: ApiClient, query: string, limit = 7): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const res = expectStatus(
      await client.get(`/time-entries?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      200,
    );
    ids.push(...res.body.items.map((e: { id: number }) => e.id));
    cursor = res.body.next_cursor;
    if (!cursor) return ids;
  }
  throw new Error('the cursor never ends');
}

describe('exports', () => {
  let w: ReportWorld;
  let acme: number;
  let website: number;
  let internal: number;
  let design: number;
  const bobIds: number[] = [];
  const aliceIds: number[] = [];

  beforeAll(async () => {
    w = await createReportWorld();
    acme = await createClient(w.admin, 'Acme', '60.00');
    website = await createProject(w.admin, 'Website', { client_id: acme, hourly_rate: '100.00' });
    internal = await createProject(w.admin, 'Internal', { billable: false });
    design = await createTask(w.admin, website, 'Design');
    await setPreferences(w.t, w.ids.alice, { timezone: BERLIN });
    // A fixed history for both users: varied projects, tasks, tags, notes, billable flags, ties on start_time.
    const notes = ['Kick-off, with "quotes"', 'line one\nline two', '=SUM(A1:A2)', null, 'fix bug #12', '@mention', 'plain'];
    const tags = [[], ['dev'], ['dev', 'Meeting'], ['review'], ['meeting']];
    for (let i = 0; i < 36; i++) {
      const user = i % 3 === 0 ? w.ids.bob : w.ids.alice;
      const start = utc(2026, 11, 1 + (i % 20), 6 + (i % 5) * 3) + (i % 7 === 0 ? 0 : i);
      const id = await insertEntry(w.t, {
        user_id: user,
        project_id: i % 4 === 0 ? internal : website,
        task_id: i % 4 !== 0 && i % 2 === 0 ? design : null,
        start,
        end: start + 1800 + (i % 6) * 900,
        break: i % 5 === 0 ? 300 : 0,
        notes: notes[i % notes.length],
        billable: i % 4 !== 0 && i % 9 !== 0,
        tags: tags[i % tags.length],
      });
      (user === w.ids.bob ? bobIds : aliceIds).push(id);
    }
    // Ties: entries with the same start time (the id decides the order) and a running timer.
    for (let i = 0; i < 3; i++)
      aliceIds.push(
        await insertEntry(w.t, {
          user_id: w.ids.alice,
          project_id: website,
          start: utc(2026, 11, 25, 9),
          end: utc(2026, 11, 25, 10),
        }),
      );
    aliceIds.push(await insertEntry(w.t, { user_id: w.ids.alice, project_id: website, start: utc(2026, 11, 28, 9), end: null }));
  });
  afterAll(async () => {
    await w.t.close();
  });
  beforeEach(() => {
    w.events.length = 0;
  });

  it('writes the documented columns: local and UTC times, durations, names, tags, notes, rate and amount', async () => {
    const start = berlin(2026, 10, 24, 23, 30); // crosses midnight and the fall-back change
    const id = await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: website,
      task_id: design,
      start,
      end: start + 5 * 3600,
      break: 1800,
      notes: 'Deploy, then "verify"',
      tags: ['dev', 'Meeting'],
    });
    try {
      const res = expectStatus(
        await w.alice.get(`/exports/time-entries.csv?from=${iso(berlin(2026, 10, 24))}&to=${iso(berlin(2026, 10, 26))}`),
        200,
      );
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="timetracker-entries-2026-10-24_2026-10-25.csv"');
      expect(res.body.startsWith('id,date,start,end,')).toBe(true);
      const [header, ...rows] = csvRows(res.body);
      expect(header).toEqual([...EXPORT_COLUMNS]);
      expect(rows).toEqual([
        [
          String(id),
          '2026-10-24',
          '2026-10-24 23:30:00',
          '2026-10-25 03:30:00',
          '2026-10-24T21:30:00Z',
          '2026-10-25T02:30:00Z',
          String(4.5 * 3600),
          '4:30',
          '1800',
          'alice',
          'Acme',
          'Website',
          'Design',
          'dev, Meeting',
          'Deploy, then "verify"',
          'yes',
          '100.00',
          '450.00',
          'EUR',
        ],
      ]);
      // Another zone on request; the UTC columns stay.
      const utcRes = expectStatus(
        await w.alice.get(
          `/exports/time-entries.csv?from=${iso(berlin(2026, 10, 24))}&to=${iso(berlin(2026, 10, 26))}&timezone=UTC`,
        ),
        200,
      );
      expect(csvRows(utcRes.body)[1]!.slice(1, 6)).toEqual([
        '2026-10-24',
        '2026-10-24 21:30:00',
        '2026-10-25 02:30:00',
        '2026-10-24T21:30:00Z',
        '2026-10-25T02:30:00Z',
      ]);
    } finally {
      await w.t.runtime.ctx.db.deleteFrom('time_entry_tags').where('time_entry_id', '=', id).execute();
      await w.t.runtime.ctx.db.deleteFrom('time_entries').where('id', '=', id).execute();
    }
  });

  it('protects text cells against formula injection and quotes separators and line breaks', async () => {
    const res = expectStatus(await w.alice.get('/exports/time-entries.csv'), 200);
    const rows = csvRows(res.body).slice(1);
    const notes = rows.map((r) => r[14]);
    expect(notes).toContain("'=SUM(A1:A2)");
    expect(notes).toContain("'@mention");
    expect(notes).toContain('line one\nline two');
    expect(notes).toContain('Kick-off, with "quotes"');
    expect(notes).not.toContain('=SUM(A1:A2)');
    // The running timer is there, with empty end and duration.
    const running = rows.find((r) => r[0] === String(aliceIds.at(-1)));
    expect(running!.slice(3, 8)).toEqual(['', '2026-11-28T09:00:00Z', '', '', '']);
  });

  it('supports ";" and tab delimiters and a BOM for Excel', async () => {
    const comma = csvRows(expectStatus(await w.alice.get('/exports/time-entries.csv'), 200).body);
    const semi = expectStatus(await w.alice.get('/exports/time-entries.csv?delimiter=%3B&bom=true'), 200);
    expect(semi.raw.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(semi.body.slice(1).startsWith('id;date;start;end;')).toBe(true);
    expect(csvRows(semi.body, ';')).toEqual(comma);
    const tab = expectStatus(await w.alice.get('/exports/time-entries.csv?delimiter=tab'), 200);
    expect(tab.body.startsWith('id\tdate\tstart\t')).toBe(true);
    expect(csvRows(tab.body, '\t')).toEqual(comma);
    expect((await w.alice.get('/exports/time-entries.csv?delimiter=|')).status).toBe(400);
  });

  it('exports exactly the rows of GET /time-entries, in the same order, for any filter combination', async () => {
    const tagArb = fc.option(fc.constantFrom('dev', 'MEETING', 'review', 'nope'), { nil: undefined });
    const filtersArb = fc.record(
      {
        from: fc.integer({ min: 0, max: 30 }),
        to: fc.integer({ min: 0, max: 30 }),
        project: fc.constantFrom('website', 'internal'),
        client: fc.constant('acme'),
        task: fc.constant('design'),
        tag: tagArb,
        billable: fc.boolean(),
        q: fc.constantFrom('line', 'QUOTES', 'bug #', '%', '_'),
        user: fc.constantFrom('self', 'all', 'alice', 'bob'),
        as: fc.constantFrom('admin', 'alice'),
      },
      { requiredKeys: ['as'] },
    );
    await fc.assert(
      fc.asyncProperty(filtersArb, async (f) => {
        const params = new URLSearchParams();
        if (f.from !== undefined) params.set('from', iso(utc(2026, 11, 1) + f.from * 86_400));
        if (f.to !== undefined) params.set('to', iso(utc(2026, 11, 1) + f.to * 86_400));
        if (f.project !== undefined) params.set('project_id', String(f.project === 'website' ? website : internal));
        if (f.client !== undefined) params.set('client_id', String(acme));
        if (f.task !== undefined) params.set('task_id', String(design));
        if (f.tag !== undefined) params.set('tag', f.tag);
        if (f.billable !== undefined) params.set('billable', String(f.billable));
        if (f.q !== undefined) params.set('q', f.q);
        if (f.user !== undefined && f.user !== 'self')
          params.set('user_id', f.user === 'all' ? 'all' : String(f.user === 'alice' ? w.ids.alice : w.ids.bob));
        const client = f.as === 'admin' ? w.admin : w.alice;
        const query = params.toString();
        const list = await client.get(`/time-entries?${query}&limit=1`);
        const csv = await client.get(`/exports/time-entries.csv?${query}`);
        expect(csv.status).toBe(list.status);
        if (list.status !== 200) return;
        const exported = csvRows(csv.body)
          .slice(1)
          .map((r) => Number(r[0]));
        expect(exported).toEqual(await listIds(client, query));
      }),
      { numRuns: 40 },
    );
  });

  it("never exports another user's entries; user_id=all is for admins; tokens need read:time_entries", async () => {
    const own = csvRows(expectStatus(await w.alice.get('/exports/time-entries.csv'), 200).body)
      .slice(1)
      .map((r) => Number(r[0]));
    expect(own.sort((a, b) => a - b)).toEqual([...aliceIds].sort((a, b) => a - b));
    expect(own.some((id) => bobIds.includes(id))).toBe(false);
    for (const path of ['/exports/time-entries.csv', '/exports/time-entries.xlsx', '/exports/summary.pdf']) {
      for (const other of ['all', String(w.ids.bob)]) {
        const res = await w.alice.get(`${path}?user_id=${other}`);
        expect([res.status, res.body.error?.code]).toEqual([403, 'forbidden']);
      }
    }
    const all = csvRows(expectStatus(await w.admin.get('/exports/time-entries.csv?user_id=all'), 200).body);
    expect(all.length - 1).toBe(aliceIds.length + bobIds.length);
    expect(new Set(all.slice(1).map((r) => r[9]))).toEqual(new Set(['alice', 'bob']));

    const reportsOnly = await tokenFor(w.t, w.ids.alice, ['read:reports']);
    expect((await reportsOnly.get('/exports/time-entries.csv')).status).toBe(403);
    expect((await reportsOnly.get('/exports/time-entries.xlsx')).status).toBe(403);
    expect((await reportsOnly.get('/exports/summary.pdf')).status).toBe(200);
    const entriesOnly = await tokenFor(w.t, w.ids.alice, ['read:time_entries']);
    expect((await entriesOnly.get('/exports/time-entries.csv')).status).toBe(200);
    expect((await entriesOnly.get('/exports/summary.pdf')).status).toBe(403);
    expect((await w.t.anonymous.get('/exports/time-entries.csv')).status).toBe(401);
  });

  it('emits export.completed with the format, row count, range and filter names only', async () => {
    const from = utc(2026, 11, 1);
    const query = `from=${iso(from)}&to=${iso(from + 30 * 86_400)}&project_id=${website}&q=secret`;
    const csv = expectStatus(await w.alice.get(`/exports/time-entries.csv?${query}`), 200);
    const rows = csvRows(csv.body).length - 1;
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({
      event: 'export.completed',
      properties: { format: 'csv', rows, range_days: 30, filters: ['from', 'to', 'project_id', 'q'] },
    });
    expect(Object.keys(w.events[0]!.properties).sort()).toEqual(['duration_ms', 'filters', 'format', 'range_days', 'rows']);
    expect(w.events[0]!.properties.duration_ms).toEqual(expect.any(Number));

    w.events.length = 0;
    expectStatus(await w.alice.get('/exports/time-entries.xlsx?timezone=UTC'), 200);
    expect(w.events).toEqual([
      {
        event: 'export.completed',
        properties: expect.objectContaining({ format: 'xlsx', rows: aliceIds.length, range_days: null, filters: ['timezone'] }),
      },
    ]);
    w.events.length = 0;
    expectStatus(
      await w.alice.get(`/exports/summary.pdf?from=${iso(berlin(2026, 11, 1))}&to=${iso(berlin(2026, 11, 8))}&group_by=day`),
      200,
    );
    expect(w.events).toEqual([
      {
        event: 'export.completed',
        properties: expect.objectContaining({ format: 'pdf', rows: 7, range_days: 7, filters: ['from', 'to'] }),
      },
    ]);
    expect(JSON.stringify(w.events)).not.toMatch(/secret|alice|Website/);
  });

  it('writes an XLSX workbook with the same rows, real dates and numbers', async () => {
    const res = expectStatus(await w.alice.get('/exports/time-entries.xlsx'), 200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="timetracker-entries-all.xlsx"');
    const csv = csvRows(expectStatus(await w.alice.get('/exports/time-entries.csv'), 200).body);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Time entries')!;
    const all = sheet.getSheetValues().slice(1) as unknown[][];
    // The last row sums the numbers (document-exports.db.test.ts checks it).
    const values = all.slice(0, -1);
    expect(all.at(-1)![1]).toBe('total');
    expect(values[0]!.slice(1)).toEqual([...EXPORT_COLUMNS]);
    expect(values.slice(1).map((r) => r[1])).toEqual(csv.slice(1).map((r) => Number(r[0])));
    const first = values[1]!;
    const firstCsv = csv[1]!;
    expect(first[3]).toBeInstanceOf(Date);
    // The date cells show the local wall time of the CSV's start column.
    expect((first[3] as Date).toISOString().slice(0, 19).replace('T', ' ')).toBe(firstCsv[2]);
    expect(first[7] ?? null).toBe(firstCsv[6] === '' ? null : Number(firstCsv[6]));
    const billable = values.slice(1).find((r) => r[18] !== null && r[18] !== undefined)!;
    expect(typeof billable[18]).toBe('number');
    expect(typeof billable[16]).toBe('boolean');
  });

  it("keeps keyset paging exact across pages with equal start times, with every entry's tags", async () => {
    // 11000 entries sharing three start times: pages of 5000 end in the middle of a tie. A page is read
    // as one row per tag link, so entries with several tags sit on the page boundaries too.
    const { db } = w.t.runtime.ctx;
    const user = await db.selectFrom('users').select('id').where('username', '=', 'bob').executeTakeFirstOrThrow();
    const starts = [utc(2025, 1, 1, 8), utc(2025, 1, 1, 9), utc(2025, 1, 1, 10)];
    const values = Array.from({ length: 11_000 }, (_, i) => ({
      user_id: user.id,
      project_id: internal,
      task_id: null,
      start_time: starts[i % 3] as number,
      end_time: (starts[i % 3] as number) + 60,
      duration_seconds: 60,
      paused_at: null,
      notes: null,
      billable: 0 as const,
      source: 'import' as const,
      created_at: 0,
      updated_at: 0,
    }));
    const inserted: { id: number; start_time: number }[] = [];
    for (let i = 0; i < values.length; i += 500) {
      inserted.push(
        ...(await db
          .insertInto('time_entries')
          .values(values.slice(i, i + 500))
          .returning(['id', 'start_time'])
          .execute()),
      );
    }
    const tagIds = (
      await db
        .insertInto('tags')
        .values(
          ['zulu', 'Alpha', 'mike'].map((name) => ({
            user_id: user.id,
            name: `paging-${name}`,
            name_lower: `paging-${name.toLowerCase()}`,
          })),
        )
        .returning('id')
        .execute()
    ).map((t) => t.id);
    // Entry i gets the first i % 4 of the three tags: none, one, two or all three.
    const links = inserted.flatMap((e, i) => tagIds.slice(0, i % 4).map((tag_id) => ({ time_entry_id: e.id, tag_id })));
    for (let i = 0; i < links.length; i += 500)
      await db
        .insertInto('time_entry_tags')
        .values(links.slice(i, i + 500))
        .execute();
    const expectedTags = (i: number) =>
      ['paging-Alpha', 'paging-mike', 'paging-zulu']
        .filter((name) => ['paging-zulu', 'paging-Alpha', 'paging-mike'].slice(0, i % 4).includes(name))
        .join(', ');
    try {
      const res = expectStatus(await w.admin.get(`/exports/time-entries.csv?user_id=${user.id}&to=${iso(utc(2025, 1, 2))}`), 200);
      const rows = csvRows(res.body).slice(1);
      const order = inserted.map((e, i) => ({ ...e, i })).sort((a, b) => b.start_time - a.start_time || b.id - a.id);
      expect(rows.map((r) => Number(r[0]))).toEqual(order.map((e) => e.id));
      expect(rows.map((r) => r[EXPORT_COLUMNS.indexOf('tags')])).toEqual(order.map((e) => expectedTags(e.i)));
    } finally {
      await db.deleteFrom('tags').where('id', 'in', tagIds).execute();
      await db.deleteFrom('time_entries').where('source', '=', 'import').where('user_id', '=', user.id).execute();
    }
  });

  it('hands a large export over to a reader thread once it is ready: the same rows as read in one piece', async () => {
    const ctx = w.t.runtime.ctx;
    const selection = { filters: {}, scope: 'all' as const };
    const whole = (await collect(entryPages(ctx, selection, { pageSize: 10_000 }))).map((page) => page.rows);
    expect(whole).toHaveLength(1);
    expect(whole[0]!.length).toBe(bobIds.length + aliceIds.length);
    expect(whole[0]!.some((r) => r.tags.length === 2)).toBe(true);
    // Pages of 7 with a thread that is ready before the second page: the first page is read here, the
    // other five or so by the thread, each with its tags.
    const pool = new ReaderThreadPool(ctx.bulk.source, 1);
    try {
      const thread = pool.lease(selection, 7)!;
      await thread.whenReady();
      const handedOver: [number, number][] = [];
      const pagesAfter = thread.pagesAfter.bind(thread);
      const spied: ReaderLease = {
        get ready() {
          return thread.ready;
        },
        whenReady: () => thread.whenReady(),
        release: () => thread.release(),
        pagesAfter: (after: [number, number]) => {
          handedOver.push(after);
          return pagesAfter(after);
        },
      };
      const paged = (await collect(entryPages(ctx, selection, { pageSize: 7, readerThread: () => spied }))).map(
        (page) => page.rows,
      );
      expect(handedOver).toHaveLength(1);
      expect(paged.length).toBeGreaterThan(3);
      expect(paged.slice(0, -1).every((rows) => rows.length === 7)).toBe(true);
      expect(paged.flat()).toEqual(whole[0]);
      // The thread is kept for the next export.
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
    // A thread that is not ready in time is only released: the pages are read here.
    let released = 0;
    const slow: ReaderLease = {
      ready: false,
      whenReady: () => new Promise(() => undefined),
      release: () => void released++,
      pagesAfter: () => {
        throw new Error('must not hand over to a thread that is not ready');
      },
    };
    expect(
      (await collect(entryPages(ctx, selection, { pageSize: 7, readerThread: () => slow }))).flatMap((page) => page.rows),
    ).toEqual(whole[0]);
    expect(released).toBe(1);
  });

  it('keeps the reader threads bounded, reuses them, and ends idle ones', async () => {
    const ctx = w.t.runtime.ctx;
    const selection = { filters: {}, scope: 'all' as const };
    const pool = new ReaderThreadPool(ctx.bulk.source, 2, 200);
    try {
      const a = pool.lease(selection, 3)!;
      const b = pool.lease(selection, 3)!;
      expect(a).toBeDefined();
      expect(b).toBeDefined();
      // Beyond the limit an export gets no thread (it reads its pages itself).
      expect(pool.lease(selection, 3)).toBeUndefined();
      await a.whenReady();
      const pages = a.pagesAfter([utc(2030, 1, 1), 0]);
      expect((await pages.next()).value).toMatchObject({ rows: 3 });
      await pages.return(undefined); // the consumer went away: the thread stops its job and is free again
      await expect.poll(() => pool.lease(selection, 3) !== undefined, { timeout: 5000 }).toBe(true);
      expect(pool.size).toBe(2);
    } finally {
      // (the leases above are dropped unreleased: close still ends their threads)
      await pool.close();
    }
    expect(pool.size).toBe(0);
    // Idle threads end by themselves.
    const idle = new ReaderThreadPool(ctx.bulk.source, 1, 100);
    try {
      const lease = idle.lease(selection, 3)!;
      await lease.whenReady();
      lease.release();
      await expect.poll(() => idle.size, { timeout: 5000 }).toBe(0);
    } finally {
      await idle.close();
    }
  });

  it('keeps reader threads for the life of the process unless the pool is given an idle time', async () => {
    const ctx = w.t.runtime.ctx;
    const selection = { filters: {}, scope: 'all' as const };
    const pool = new ReaderThreadPool(ctx.bulk.source, 1);
    try {
      const lease = pool.lease(selection, 3)!;
      await lease.whenReady();
      // An hour without work (only the pool's timers are faked: the thread's messages are real).
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        lease.release();
        vi.advanceTimersByTime(3_600_000);
      } finally {
        vi.useRealTimers();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pool.size).toBe(1);
      const next = pool.lease(selection, 3)!;
      expect(next.ready).toBe(true); // the same thread, connected already
      next.release();
    } finally {
      await pool.close();
    }
    expect(pool.size).toBe(0);
  });

  it("reads a range's pages after the first without the range's end (the keyset implies it): the same rows, here and in a thread", async () => {
    const ctx = w.t.runtime.ctx;
    const selection = { filters: { from: utc(2026, 11, 4), to: utc(2026, 11, 16) }, scope: 'all' as const };
    const whole = (await collect(entryPages(ctx, selection, { pageSize: 10_000 }))).flatMap((page) => page.rows);
    expect(whole.length).toBeGreaterThan(9);
    expect(whole.every((r) => r.start_time < selection.filters.to)).toBe(true);
    expect((await collect(entryPages(ctx, selection, { pageSize: 3 }))).flatMap((page) => page.rows)).toEqual(whole);
    const pool = new ReaderThreadPool(ctx.bulk.source, 1);
    try {
      const lease = pool.lease(selection, 3)!;
      await lease.whenReady();
      const threaded = await collect(entryPages(ctx, selection, { pageSize: 3, readerThread: () => lease }));
      expect(threaded.flatMap((page) => page.rows)).toEqual(whole);
    } finally {
      await pool.close();
    }
    // A second upper bound on start_time beside the keyset's made SQLite walk the index past every page
    // already read (quadratic over a large export): the later pages' query has the range's start only.
    const query = pageQuery(ctx.db, selection, 3);
    expect(query.parameters).toContain(selection.filters.from);
    expect(query.parameters).not.toContain(selection.filters.to);
  });

  it('starts a reader thread only for exports estimated at 50,000 entries or more', async () => {
    const ctx = w.t.runtime.ctx;
    const day = 86_400;
    const end = utc(2026, 11, 30);
    // A page of 5,000 rows whose start times run from `end` down to `end - span`.
    const page = (span: number) => {
      const numbers = new Float64Array(5000 * 10);
      for (let i = 0; i < 5000; i++) numbers[i * 10 + 4] = end - Math.round((span * i) / 4999);
      return { rows: 5000, numbers, notes: [] };
    };
    const month = { filters: {}, scope: 'all' as const, earliestStart: end - 31 * day };
    expect(await worthAReaderThread(ctx, month, page(5 * day), 5000)).toBe(false); // about 26,000 more
    expect(await worthAReaderThread(ctx, month, page(2 * day), 5000)).toBe(true); // about 72,000 more
    expect(await worthAReaderThread(ctx, month, page(0), 5000)).toBe(true); // all on one instant
    // Without `from`, the earliest entry in the database bounds the estimate.
    const oldest = await ctx.db
      .selectFrom('time_entries')
      .select((eb) => eb.fn.min('start_time').as('t'))
      .executeTakeFirstOrThrow();
    const everything = { filters: {}, scope: 'all' as const };
    const spanFor = (entries: number) => Math.round(((end - Number(oldest.t)) * 5000) / entries);
    expect(await worthAReaderThread(ctx, everything, page(spanFor(40_000)), 5000)).toBe(false);
    expect(await worthAReaderThread(ctx, everything, page(spanFor(60_000)), 5000)).toBe(true);
  });

  it('ends the reader job when the consumer stops early, and reports its failures', async () => {
    const ctx = w.t.runtime.ctx;
    const selection = { filters: {}, scope: 'all' as const };
    const pool = new ReaderThreadPool(ctx.bulk.source, 1);
    try {
      const pages = pool.lease(selection, 3)!.pagesAfter([utc(2030, 1, 1), 0]);
      expect((await pages.next()).value).toMatchObject({ rows: 3 });
      await pages.return(undefined); // stops the job; would hang or throw if it did not
      // The same thread serves the next export from the start.
      await expect.poll(() => pool.lease(selection, 3) !== undefined, { timeout: 5000 }).toBe(true);
    } finally {
      await pool.close();
    }
    // A thread that cannot read (a database without the schema) fails the export instead of ending it.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-export-reader-'));
    const broken = new ReaderThreadPool(
      ctx.bulk.source.url
        ? { url: ctx.bulk.source.url.replace(/\/[^/?]+(\?|$)/, '/tt_no_such_database$1'), sqliteFile: '' }
        : { sqliteFile: path.join(empty, 'empty.sqlite') },
      1,
    );
    try {
      await expect(collect(broken.lease(selection, 3)!.pagesAfter([utc(2030, 1, 1), 0]))).rejects.toThrow(/export reader/);
    } finally {
      await broken.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('prints Hebrew, Arabic, Greek, Cyrillic and emoji in the PDF with an embedded font; CJK as a visible replacement', async () => {
    const names = {
      hebrew: 'שלום עולם',
      arabic: 'مرحبا بالعالم',
      mixed: 'Projekt שלום 2031',
      latin: 'Café 😀 Ωmega Жук',
      cjk: '日本語',
    };
    const from = utc(2031, 3, 1);
    for (const [i, name] of Object.values(names).entries()) {
      const project = await createProject(w.admin, name);
      await insertEntry(w.t, { user_id: w.ids.alice, project_id: project, start: from + i * 7200, end: from + i * 7200 + 3600 });
    }
    const res = expectStatus(
      await w.alice.get(`/exports/summary.pdf?from=${iso(from)}&to=${iso(utc(2031, 4, 1))}&group_by=project`),
      200,
    );
    const text = pdfText(res.raw.rawPayload).normalize('NFKC');
    const reversed = (s: string) => [...s].reverse().join('');
    const present = (s: string) => text.includes(s) || text.includes(reversed(s));
    // Right-to-left words come back whole (in reading or in visual order), each letter itself, not replaced.
    for (const word of ['שלום', 'עולם', 'مرحبا', 'بالعالم']) expect(present(word), word).toBe(true);
    expect(text).toContain('Projekt');
    expect(text).toContain('2031');
    expect(text).toContain(names.latin);
    // No CJK glyphs in DejaVu: three marked replacements, not other letters.
    expect(text).toContain('\ufffd\ufffd\ufffd');
    expect(text.match(/\ufffd/g)).toHaveLength(3);
  });

  it('prints the summary as a PDF with header, table, totals and page numbers', async () => {
    const from = berlin(2026, 11, 1);
    const res = expectStatus(
      await w.alice.get(`/exports/summary.pdf?from=${iso(from)}&to=${iso(berlin(2027, 1, 1))}&group_by=day`),
      200,
    );
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="timetracker-summary-2026-11-01_2026-12-31.pdf"');
    const pdf = res.raw.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    const report = expectStatus(
      await w.alice.get(`/reports/summary?from=${iso(from)}&to=${iso(berlin(2027, 1, 1))}&group_by=day`),
      200,
    ).body;
    expect(text).toContain('Time summary');
    expect(text).toContain('Period: Nov 1, 2026 – Dec 31, 2026 (Europe/Berlin)');
    expect(text).toContain('User: alice');
    expect(text).toContain('Nov 5, 2026');
    expect(text).toContain('Dec 31, 2026');
    const hm = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
    expect(text).toContain(hm(report.total_seconds));
    const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(Number(report.billable_amount));
    expect(text).toContain(money);
    // The total row is filled in and no explanation meant for developers follows it.
    expect(pdfText(pdf, { layout: true })).toMatch(
      new RegExp(`Total +${hm(report.total_seconds)} +${hm(report.billable_seconds)} +`),
    );
    expect(text).not.toContain('Only finished entries count');
    // 61 day rows do not fit on one page.
    expect(text).toContain('Page 1 of 2');
    expect(text).toContain('Page 2 of 2');
  });
});
