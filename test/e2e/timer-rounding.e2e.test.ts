// The running timer and rounding in a real Chromium, at desktop and at phone size: the running timer's start is
// moved back by typing a time and its project changed, in place on the dashboard; it is discarded and Undo brings
// it back; a timer stopped after a few seconds asks whether to keep it; report rounding chosen in Settings is
// stated on the report beside its totals. Every change is checked through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
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
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
];

interface Timer {
  id: number;
  project_id: number;
  start_time: string;
}

describe.each(VIEWPORTS)('the running timer and rounding ($name)', (viewport) => {
  let server: TestServer;
  let browser: Browser;
  let w: WatchedPage;
  let page: Page;
  let api: ApiSession;
  let website: number;
  let intranet: number;

  const timer = async () => (await api.call<{ timer: Timer | null }>('GET', '/timer')).timer;
  const card = () => page.getByRole('region', { name: 'Timer' });

  async function chooseProject(input: Locator, name: string): Promise<void> {
    await input.click();
    await input.fill(name);
    await page
      .getByRole('option', { name: new RegExp(`^${name}`) })
      .first()
      .click();
    await eventually(() => input.inputValue()).toBe(name);
  }

  /** No sideways scrolling: what fits the viewport stays in it. */
  async function expectNoOverflow(): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  }

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    api = await setupAdmin(server.url, 'admin', PASSWORD);
    await api.call('PATCH', '/users/me/preferences', { timezone: 'UTC', time_format: '24h', min_timer_seconds: 60 });
    website = (await api.call<{ id: number }>('POST', '/projects', { name: 'Website' })).id;
    intranet = (await api.call<{ id: number }>('POST', '/projects', { name: 'Intranet' })).id;
    w = await openPage(browser, server.url, { width: viewport.width, height: viewport.height });
    page = w.page;
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  afterAll(async () => {
    expect(w?.problems ?? []).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  it('moves the running timer’s start back by typing a time and changes its project, in place', async () => {
    const started = (await api.call<{ timer: Timer }>('POST', '/timer/start', { project_id: website, notes: 'Homepage' })).timer;
    await page.reload();
    await card().getByRole('button', { name: 'Edit' }).click();
    const editor = card().getByRole('form', { name: 'Edit the running timer' });
    // "I started ten minutes ago": the time of day, as the user's format writes it.
    const tenAgo = new Date(Date.parse(started.start_time) - 10 * 60_000);
    const typed = tenAgo.toISOString().slice(11, 16);
    await editor.getByLabel('Started at').fill(typed);
    await chooseProject(editor.getByRole('combobox', { name: 'Project or task' }), 'Intranet');
    await expectNoOverflow();
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
    await card().getByText('Intranet').waitFor();
    await eventually(async () => (await timer())?.project_id).toBe(intranet);
    const stored = await timer();
    expect(stored?.id).toBe(started.id);
    expect(stored?.start_time.slice(11, 16)).toBe(typed);
    // The clock counts from the new start.
    expect(await card().getByRole('timer').textContent()).toMatch(/^0:1\d:\d\d/);
  });

  it('discards the running timer, and Undo brings it back running', async () => {
    const id = (await timer())?.id;
    await card().getByRole('button', { name: 'Discard' }).click();
    await card()
      .getByRole('button', { name: /^Start/ })
      .waitFor();
    await eventually(timer).toBeNull();
    await page.getByRole('button', { name: 'Undo' }).click();
    await card().getByRole('button', { name: /^Stop/ }).waitFor();
    expect((await timer())?.id).toBe(id);
  });

  it('asks whether to keep a timer stopped after a few seconds, and does not keep it when told so', async () => {
    // The ten-minute timer above is long enough: stopped without a question.
    await card().getByRole('button', { name: /^Stop/ }).click();
    await card()
      .getByRole('button', { name: /^Start/ })
      .waitFor();
    expect(await page.getByRole('dialog', { name: 'Keep this short timer?' }).isVisible()).toBe(false);

    await chooseProject(card().getByRole('combobox', { name: 'Project or task' }), 'Website');
    await card()
      .getByRole('button', { name: /^Start/ })
      .click();
    await card().getByRole('button', { name: /^Stop/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Keep this short timer?' });
    await dialog.waitFor();
    await expectNoOverflow();
    await dialog.getByRole('button', { name: 'Don’t keep' }).click();
    await page.getByText('Short timer not kept.').waitFor();
    await eventually(async () => (await api.call<{ items: unknown[] }>('GET', '/time-entries')).items.length).toBe(1);
  });

  it('states the report rounding chosen in Settings beside the report’s totals', async () => {
    await page.goto('/settings');
    const reports = page.getByRole('group', { name: 'Reports, exports and invoices' });
    await reports.getByLabel('Rounding in reports').selectOption({ label: 'Each entry' });
    await reports.getByLabel('Round reports to').selectOption({ label: '15 minutes' });
    await reports.getByLabel('Rounding method in reports').selectOption({ label: 'Always up' });
    await expectNoOverflow();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').first().waitFor();

    await page.goto('/reports?range=this_month');
    const stated = page.getByTestId('report-rounding');
    await eventually(() => stated.textContent()).toContain('Rounding: Each entry · Always up · 15 minutes.');
    // The kept ten-minute entry counts as a quarter hour; stored, it stays ten minutes.
    await eventually(() => page.getByTestId('report-total').textContent()).toBe('0:15');
    const [kept] = (await api.call<{ items: { duration_seconds: number }[] }>('GET', '/time-entries')).items;
    expect(kept?.duration_seconds).toBeLessThan(15 * 60);
    await expectNoOverflow();
  });
});
