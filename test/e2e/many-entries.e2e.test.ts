// A user with 30,000 entries (seeded straight into the database): the entries page shows the server's count and
// total, pages through the list by the API's cursor as the user scrolls, down to the very first entry, and never
// asks for everything at once; a bulk delete of 200 entries is undone with the same ids, sources and durations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { ensureWebBuild, launchBrowser, openPage, startServer, type TestServer, type WatchedPage } from './support.js';
import { setupAdmin, type ApiSession } from './seed.js';

const ENTRIES = 30_000;
const SOURCES = ['manual', 'timer', 'import'] as const;
// Every hour from 2022-01-01 (UTC): about three and a half years.
const FIRST_START = Date.UTC(2022, 0, 1) / 1000;
const PERIOD = '/entries?range=custom&from=2021-12-01&to=2025-12-31';
const PERIOD_API = 'from=2021-12-01T00:00:00Z&to=2026-01-01T00:00:00Z';

let server: TestServer;
let browser: Browser;
let admin: ApiSession;
let w: WatchedPage;
let page: Page;
let userId: number;

const formatDuration = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;

async function seed(projectId: number): Promise<void> {
  const { db } = server.runtime.ctx;
  for (let i = 0; i < ENTRIES; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, ENTRIES - i) }, (_, k) => {
      const n = i + k;
      const start = FIRST_START + n * 3600;
      const duration = 1200 + (n % 37) * 60; // 20 to 56 minutes: a sum no row pattern gives away
      return {
        user_id: userId,
        project_id: projectId,
        task_id: null,
        start_time: start,
        end_time: start + duration,
        duration_seconds: duration,
        break_seconds: 0,
        paused_at: null,
        notes: `Entry ${n}`,
        billable: (n % 2) as 0 | 1,
        source: SOURCES[n % 3] as (typeof SOURCES)[number],
        created_at: start,
        updated_at: start,
      };
    });
    await db.insertInto('time_entries').values(rows).execute();
  }
}

/** The database's own count and sum of the user's kept entries. */
async function sqlTotals(): Promise<{ count: number; seconds: number }> {
  const row = await server.runtime.ctx.db
    .selectFrom('time_entries')
    .select([sql<number>`count(*)`.as('count'), sql<number>`sum(duration_seconds)`.as('seconds')])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), seconds: Number(row.seconds) };
}

type Entry = { id: number; source: string; duration_seconds: number; start_time: string };

describe('an account with 30,000 entries', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    admin = await setupAdmin(server.url);
    userId = (await admin.call<{ user: { id: number } }>('GET', '/auth/session')).user.id;
    await admin.call('PATCH', '/users/me/preferences', { timezone: 'UTC', time_format: '24h' });
    const project = await admin.call<{ id: number }>('POST', '/projects', { name: 'Long haul' });
    const seeding = Date.now();
    await seed(project.id);
    console.log(`seeded ${ENTRIES} entries in ${Date.now() - seeding} ms`);
    browser = await launchBrowser();
    w = await openPage(browser, server.url);
    page = w.page;
    const [name, value] = admin.cookie.split('=');
    await w.context.addCookies([{ name: name as string, value: value as string, url: server.url }]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the server’s count and total and scrolls down to the very first entry, a page at a time', async () => {
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/v1/')) requests.push(url.pathname + url.search);
    };
    page.on('request', onRequest);
    const totals = await sqlTotals();
    expect(totals.count).toBe(ENTRIES);
    const summary = await admin.call<{ total_seconds: number }>('GET', `/reports/summary?${PERIOD_API}&group_by=user`);
    expect(summary.total_seconds).toBe(totals.seconds);

    const started = Date.now();
    await page.goto(PERIOD);
    const header = page.locator('.page-header p');
    // The server sums 30,000 entries twice (the period, its days): a long report on a busy machine.
    await header.waitFor({ timeout: 60_000 });
    expect(await header.textContent()).toBe(`30,000 entries · ${formatDuration(totals.seconds)} total`);
    const rows = page.locator('li.entry[data-entry-id]');
    expect(await rows.count()).toBe(200);

    // Scrolling to the end of the list loads the next page by itself, until the first entry is there.
    // As a user would: scroll to the end, wait for more rows, again. The list's end says when nothing is left.
    const end = page.getByText('That is every entry in this period.');
    const scrolling = Date.now();
    let scrolls = 0;
    for (;;) {
      const state = await page.evaluate(() => ({
        rows: document.querySelectorAll('li.entry[data-entry-id]').length,
        done: document.querySelector('[data-testid="list-end"] p') !== null,
      }));
      if (state.done) break;
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      scrolls++;
      if (scrolls % 25 === 0) console.log(`${state.rows} rows after ${scrolls} scrolls, ${Date.now() - scrolling} ms`);
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('li.entry[data-entry-id]').length > n ||
          document.querySelector('[data-testid="list-end"] p') !== null,
        state.rows,
        { timeout: 30_000, polling: 100 },
      );
    }
    // The last layout of 30,000 rows can keep a busy renderer for a while.
    await end.waitFor({ timeout: 60_000 });
    const scrollMs = Date.now() - scrolling;
    expect(await rows.count()).toBe(ENTRIES);
    const oldest = await server.runtime.ctx.db
      .selectFrom('time_entries')
      .select('id')
      .where('user_id', '=', userId)
      .orderBy('start_time', 'asc')
      .executeTakeFirstOrThrow();
    expect(await rows.last().getAttribute('data-entry-id')).toBe(String(oldest.id));
    await rows.last().scrollIntoViewIfNeeded();
    expect(await rows.last().locator('.entry-notes').textContent()).toBe('Entry 0');
    // The header still says what the server says.
    expect(await header.textContent()).toBe(`30,000 entries · ${formatDuration(totals.seconds)} total`);
    page.off('request', onRequest);

    const lists = requests.filter((r) => r.startsWith('/api/v1/time-entries?'));
    const summaries = requests.filter((r) => r.startsWith('/api/v1/reports/summary?'));
    console.log(
      `30,000 entries: first page and totals ${scrolling - started} ms; scrolled to the first entry in ${scrollMs} ms ` +
        `(${scrolls} scrolls); ${requests.length} API requests: ${lists.length} list pages, ${summaries.length} summaries, ` +
        `${requests.length - lists.length - summaries.length} other (${requests.filter((r) => !lists.includes(r) && !summaries.includes(r)).join(', ')})`,
    );
    // A page at a time, each asked for once: nothing fetches everything.
    expect(lists.every((r) => new URLSearchParams(r.split('?')[1]).get('limit') === '200')).toBe(true);
    expect(lists.length).toBe(ENTRIES / 200);
    expect(new Set(lists).size).toBe(lists.length);
    expect(w.problems).toEqual([]);
  }, 1_500_000);

  it('undoes a bulk delete of 200 entries with the same ids, sources and durations', async () => {
    const firstPage = async () =>
      (await admin.call<{ items: Entry[] }>('GET', `/time-entries?${PERIOD_API}&limit=200`)).items.map((e) => ({
        id: e.id,
        source: e.source,
        duration_seconds: e.duration_seconds,
        start_time: e.start_time,
      }));
    const before = await firstPage();
    const totals = await sqlTotals();
    // A fresh page: the long list of the test before is not needed here.
    await page.close();
    page = await w.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(PERIOD);
    const rows = page.locator('li.entry[data-entry-id]');
    await page.getByLabel('Select all 200').check({ timeout: 60_000 });
    // Bulk actions are explicit: choose the action, then apply it.
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByLabel('Action').selectOption({ label: 'Delete' });
    await bulk.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('200 entries deleted.').waitFor();
    const gone = new Set(before.map((e) => e.id));
    expect((await firstPage()).some((e) => gone.has(e.id))).toBe(false);
    expect(await sqlTotals()).toEqual({
      count: ENTRIES - 200,
      seconds: totals.seconds - before.reduce((s, e) => s + e.duration_seconds, 0),
    });

    // Undo while its toast shows (8 s).
    await page.getByRole('button', { name: 'Undo' }).click();
    await page
      .getByText('200 entries restored.')
      .waitFor()
      .catch(async (error: unknown) => {
        throw new Error(`no "restored" toast; toasts: ${await page.locator('.toasts').textContent()}`, { cause: error });
      });
    expect(await firstPage()).toEqual(before);
    expect(await sqlTotals()).toEqual(totals);
    const header = page.locator('.page-header p');
    await expect
      .poll(() => header.textContent(), { timeout: 60_000 })
      .toBe(`30,000 entries · ${formatDuration(totals.seconds)} total`);
    // The emptied list loaded the next page meanwhile; the restored 200 are back at its top, in their order.
    const topIds = async () =>
      await rows.evaluateAll((els) => els.slice(0, 200).map((el) => Number(el.getAttribute('data-entry-id'))));
    await expect.poll(topIds, { timeout: 60_000 }).toEqual(before.map((e) => e.id));
    expect(errors).toEqual([]);
  }, 300_000);
});
