// The weekly timesheet in Chromium: a week filled with the keyboard only (a row added with the project picker,
// days typed with Tab, Enter and the arrows) becomes entries the entries page lists; a cell holding manual time
// explains itself instead of being rewritten; and at phone width the grid shows one day at a time with a day switcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ensureWebBuild,
  eventually,
  launchBrowser,
  openPage,
  startServer,
  type TestServer,
  type WatchedPage,
} from './support.js';
import { setupAdmin, type ApiSession } from './seed.js';

const PASSWORD = 'correct horse battery';
const WEEK = '/timesheet?week=2026-W45';

let server: TestServer;
let browser: Browser;
let api: ApiSession;
let website: number;
let support: number;

interface Entry {
  id: number;
  project_id: number;
  start_time: string;
  duration_seconds: number;
  source: string;
}

const weekEntries = async () =>
  (await api.call<{ items: Entry[] }>('GET', '/time-entries?from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z&limit=100')).items;
/** Seconds per day (2026-11-02 … 08) of one project's entries. */
const perDay = async (project: number) => {
  const days = [0, 0, 0, 0, 0, 0, 0];
  for (const e of await weekEntries())
    if (e.project_id === project) days[new Date(e.start_time).getUTCDate() - 2]! += e.duration_seconds;
  return days;
};

async function signIn(w: WatchedPage): Promise<Page> {
  const page = w.page;
  await page.goto(`/login?next=${encodeURIComponent(WEEK)}`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Timesheet' }).waitFor();
  await page.getByRole('table').waitFor();
  return page;
}

describe('the weekly timesheet', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    api = await setupAdmin(server.url, 'admin', PASSWORD);
    await api.call('PATCH', '/users/me/preferences', { timezone: 'UTC', time_format: '24h', week_start: 1 });
    website = (await api.call<{ id: number }>('POST', '/projects', { name: 'Website', color: '#2563eb' })).id;
    support = (await api.call<{ id: number }>('POST', '/projects', { name: 'Support', color: '#d97706' })).id;
    // Wednesday's two hours of support were typed in by hand: the timesheet may not rewrite them.
    await api.call('POST', '/time-entries', {
      project_id: support,
      start_time: '2026-11-04T09:00:00Z',
      end_time: '2026-11-04T11:00:00Z',
      notes: 'Hotline',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fills a week with the keyboard only, and the entries page lists what was typed', async () => {
    const w = await openPage(browser, server.url);
    const page = await signIn(w);
    expect(await page.getByTestId('timesheet-period').textContent()).toBe('Week 45 · 2026-11-02 – 2026-11-08');

    // A row for Website from the picker; the focus lands in its Monday cell.
    await page.getByRole('combobox', { name: 'Add a row' }).focus();
    await page.keyboard.type('Website');
    await page
      .getByRole('option', { name: /Website/ })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    const monday = page.getByRole('textbox', { name: 'Website, Monday 2026-11-02' });
    await eventually(() => monday.evaluate((el) => el === document.activeElement)).toBe(true);

    // Monday to Friday with Tab; Enter on the last row saves in place.
    for (const [i, text] of ['8', '7:30', '6', '8h', '4'].entries()) {
      await page.keyboard.type(text);
      await page.keyboard.press(i < 4 ? 'Tab' : 'Enter');
    }
    // Up into Support's Friday, type, and down again: leaving by an arrow saves too.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('1:15');
    await page.keyboard.press('ArrowDown');
    expect(
      await page.getByRole('textbox', { name: 'Website, Friday 2026-11-06' }).evaluate((el) => el === document.activeElement),
    ).toBe(true);

    await eventually(() => perDay(website)).toEqual([28_800, 27_000, 21_600, 28_800, 14_400, 0, 0]);
    await eventually(() => perDay(support)).toEqual([0, 0, 7200, 0, 4500, 0, 0]);
    expect((await weekEntries()).filter((e) => e.source === 'timesheet')).toHaveLength(6);
    await eventually(() => page.getByTestId('week-total').textContent()).toBe('36:45');
    expect(await page.getByTestId('day-total-4').textContent()).toBe('5:15');

    // The entries page shows them as ordinary entries.
    await page.goto('/entries?range=custom&from=2026-11-02&to=2026-11-08');
    await eventually(() => page.locator('li.entry').count()).toBe(7);
    await eventually(() => page.locator('li.entry', { hasText: 'Website' }).count()).toBe(5);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('explains a cell with manual time instead of rewriting it', async () => {
    const w = await openPage(browser, server.url);
    const page = await signIn(w);
    const wednesday = page.getByRole('textbox', { name: 'Support, Wednesday 2026-11-04' });
    await wednesday.focus();
    await page.getByText('2:00 of this day come from the timer, manual entries or imports').waitFor();
    await page.keyboard.type('0:30');
    await page.keyboard.press('Enter');
    await page.getByText(/^This day already has 2:00 from the timer, manual entries or imports/).waitFor();
    await page.getByRole('link', { name: 'Open these entries' }).waitFor();
    expect(await perDay(support)).toEqual([0, 0, 7200, 0, 4500, 0, 0]);
    expect((await weekEntries()).find((e) => e.project_id === support && e.source === 'manual')?.duration_seconds).toBe(7200);
    // Escape in the cell puts it back.
    await wednesday.focus();
    await page.keyboard.press('Escape');
    expect(await wednesday.inputValue()).toBe('2:00');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows one day at a time on a phone, with the same rows', async () => {
    const w = await openPage(browser, server.url, { width: 390, height: 844 });
    const page = await signIn(w);
    // One day column beside the row names and the week totals, and nothing wider than the screen.
    expect(await page.locator('table thead th').count()).toBe(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The day switcher: a radio per day, named by the whole date, its label tapped as a thumb would.
    await page.getByRole('radio', { name: 'Thursday 2026-11-05' }).locator('..').click();
    const thursday = page.getByRole('textbox', { name: 'Website, Thursday 2026-11-05' });
    expect(await thursday.inputValue()).toBe('8:00');
    expect(await page.getByRole('textbox', { name: 'Support, Thursday 2026-11-05' }).inputValue()).toBe('');
    await thursday.fill('7');
    await page.keyboard.press('Enter');
    await eventually(() => perDay(website)).toEqual([28_800, 27_000, 21_600, 25_200, 14_400, 0, 0]);
    expect(await page.getByTestId('week-total').textContent()).toBe('35:45');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});
