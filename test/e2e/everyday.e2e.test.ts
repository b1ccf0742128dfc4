// The everyday story in a real Chromium against a real server (in-process, fresh SQLite, the production build):
// setup → sign out/in → client and project → timer → manual entries with an overlap → edit → report → dark mode
// → time zone → keyboard → a second user who cannot reach the admin pages.
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

const PASSWORD = 'correct horse battery';
const WEEK = '/entries?range=custom&from=2025-03-10&to=2025-03-16';

let server: TestServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;

async function apiGet<T = any>(path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), path) as Promise<T>;
}

function entryRow(text: string | RegExp): Locator {
  return page.locator('li.entry[data-entry-id]').filter({ hasText: text });
}

async function signIn(username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function chooseProject(input: Locator, name: string): Promise<void> {
  await input.click();
  await input.fill(name);
  await page
    .getByRole('listbox', { name: 'Suggestions' })
    .getByRole('option', { name: new RegExp(`^${name}`) })
    .first()
    .click();
  await eventually(() => input.inputValue()).toBe(name);
}

describe('the web UI, every day', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    w = await openPage(browser, server.url);
    page = w.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs the setup wizard with telemetry unchecked and explained', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    const telemetry = page.getByLabel('Share anonymous installation telemetry');
    await eventually(() => telemetry.isChecked()).toBe(false);
    const explainer = page.locator('#setup-telemetry-hint');
    expect(await explainer.textContent()).toMatch(/never names, notes, e-mail addresses/);
    expect(await explainer.getByRole('link').getAttribute('href')).toBe('/privacy');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill('something else');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByText('The passwords do not match.').waitFor();

    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const status = await apiGet('/admin/telemetry').catch(() => null);
    if (status?.installation_telemetry) expect(status.installation_telemetry.enabled).toBe(false);
  });

  it('signs out, refuses a wrong password, and signs back in to the page that was asked for', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto('/reports');
    await page.waitForURL('**/login?next=%2Freports');
    await signIn('admin', 'wrong password');
    await page.getByText('Wrong username or password.').waitFor();
    await signIn('admin', PASSWORD);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
  });

  it('sends the user to login when the session ends, and back afterwards', async () => {
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    await w.context.clearCookies();
    await page.getByRole('link', { name: 'Time entries' }).click();
    await page.waitForURL('**/login?next=%2Fentries');
    await signIn('admin', PASSWORD);
    await page.getByRole('heading', { name: 'Time entries', level: 1 }).waitFor();
  });

  it('records a page view for each route change', async () => {
    const views: unknown[] = [];
    const onRequest = (request: import('playwright-core').Request) => {
      if (request.url().endsWith('/api/v1/analytics/events') && request.method() === 'POST') views.push(request.postDataJSON());
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await eventually(() => views.length).toBeGreaterThanOrEqual(2);
    page.off('request', onRequest);
    expect(views[0]).toEqual({ event: '$pageview', properties: {} });
  });

  it('rounds stopped timers up to the minute once the preference says so', async () => {
    await page.goto('/settings');
    await page.getByLabel('Rounding method').selectOption('up');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').waitFor();
    expect((await apiGet('/users/me/preferences')).rounding_method).toBe('up');
  });

  it('creates a client and a billable project with a colour', async () => {
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('button', { name: 'Add your first client' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client' });
    await dialog.getByLabel('Name').fill('Acme Corp');
    await dialog.getByLabel('Default hourly rate').fill('80');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('cell', { name: 'Acme Corp', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'New project' }).click();
    const pd = page.getByRole('dialog', { name: 'New project' });
    await pd.getByLabel('Name').fill('Website');
    await pd.getByLabel('Client').selectOption({ label: 'Acme Corp' });
    await pd.getByLabel('Colour #16a34a').check();
    await pd.getByLabel('Hourly rate').fill('100');
    await pd.getByRole('button', { name: 'Create project' }).click();
    const row = page.getByRole('row', { name: /Website/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Acme Corp');
    const projects = await apiGet('/projects');
    expect(projects.items).toEqual([
      expect.objectContaining({ name: 'Website', color: '#16a34a', hourly_rate: '100.00', billable: true }),
    ]);
  });

  it('starts the timer, ticks every second in the page and the tab title, and stops with the right duration', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await chooseProject(page.locator('#timer-project'), 'Website');
    await page.getByLabel('What are you working on?').fill('Landing page');
    await page.getByLabel('Tags').fill('design, Launch');
    await page.getByLabel('Tags').press('Enter');
    const clock = page.getByTestId('timer-elapsed');
    await clock.waitFor();
    const first = (await clock.textContent()) ?? '';
    expect(first).toMatch(/^0:00:0\d/);
    await eventually(async () => (await clock.textContent()) !== first).toBe(true);
    await eventually(() => page.title()).toMatch(/^▶ 0:00:0[1-9] · Website — TimeTracker$/);
    await page.waitForTimeout(1500);

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByText('Stopped: 0:01:00 recorded.').waitFor();
    await eventually(() => page.title()).toBe('Dashboard — TimeTracker');
    await eventually(() => page.getByTestId('total-today').textContent()).toBe('0:01');

    await page.getByRole('link', { name: 'Time entries' }).click();
    const row = entryRow('Landing page');
    await row.waitFor();
    expect(await row.locator('.entry-duration').textContent()).toBe('0:01');
    const [entry] = (await apiGet('/time-entries?limit=1')).items;
    expect(entry).toMatchObject({
      notes: 'Landing page',
      tags: ['design', 'Launch'],
      duration_seconds: 60,
      source: 'timer',
      billable: true,
    });
  });

  it('adds a manual entry, and shows an overlap next to the start and end fields', async () => {
    await page.goto(WEEK);
    await page.getByRole('heading', { name: 'No entries in this period' }).waitFor();
    await page.keyboard.press('n');
    let dialog = page.getByRole('dialog', { name: 'New time entry' });
    await dialog.waitFor();
    await chooseProject(dialog.getByLabel('Project'), 'Website');
    await dialog.getByLabel('Date').fill('2025-03-12');
    await dialog.getByLabel('Start', { exact: true }).fill('20:00');
    await dialog.getByLabel('End', { exact: true }).fill('21:30');
    await dialog.getByLabel('Notes').fill('Planning');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await entryRow('Planning').waitFor();

    await page.getByRole('button', { name: /^New entry/ }).click();
    dialog = page.getByRole('dialog', { name: 'New time entry' });
    await chooseProject(dialog.getByLabel('Project'), 'Website');
    await dialog.getByLabel('Date').fill('2025-03-12');
    const start = dialog.getByLabel('Start', { exact: true });
    const end = dialog.getByLabel('End', { exact: true });
    await start.fill('21:00');
    await end.fill('22:00');
    await dialog.getByLabel('Notes').fill('Review');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    const startError = dialog.locator('.entry-start .field-error');
    await startError.waitFor();
    expect(await startError.textContent()).toMatch(/^Overlaps Website 2025-03-12 20:00–21:30/);
    expect(await dialog.locator('.entry-end .field-error').textContent()).toMatch(/^Overlaps/);
    expect(await start.getAttribute('aria-invalid')).toBe('true');
    expect(await start.getAttribute('aria-describedby')).toContain(await startError.getAttribute('id'));

    await start.fill('21:30');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await entryRow('Review').waitFor();
    expect(await entryRow('Review').locator('.entry-range').textContent()).toBe('21:30–22:00');
    expect(await page.locator('.day-total').textContent()).toBe('2:00');
  });

  it('edits an entry inline and updates the day total', async () => {
    const row = entryRow('Planning');
    await row.getByRole('button', { name: /^Edit/ }).click();
    const editing = page.locator('li.entry.editing');
    await editing.getByLabel('End', { exact: true }).fill('21:15');
    await editing.getByLabel('Notes').fill('Planning the launch');
    await editing.getByRole('button', { name: 'Save' }).click();
    const saved = entryRow('Planning the launch');
    await saved.waitFor();
    expect(await saved.locator('.entry-range').textContent()).toBe('20:00–21:15');
    expect(await saved.locator('.entry-duration').textContent()).toBe('1:15');
    await eventually(() => page.locator('.day-total').textContent()).toBe('1:45');
  });

  it('deletes an entry and brings it back with Undo', async () => {
    await entryRow('Review')
      .getByRole('button', { name: /^Delete/ })
      .click();
    await page.getByText('Entry deleted.').waitFor();
    await eventually(() => entryRow('Review').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Entry restored.').waitFor();
    await entryRow('Review').waitFor();
    expect(await entryRow('Review').locator('.entry-range').textContent()).toBe('21:30–22:00');
  });

  it('shows the totals, billable amount and charts in the report', async () => {
    await page.goto('/reports?range=custom&from=2025-03-10&to=2025-03-16');
    const total = page.getByTestId('report-total');
    await total.waitFor();
    expect(await total.textContent()).toBe('1:45');
    expect(await page.getByTestId('report-billable').textContent()).toBe('1:45');
    expect(await page.getByTestId('report-amount').textContent()).toBe('€175.00');
    const row = page.locator('.report-table tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Website');
    await page.locator('canvas[aria-label^="Bar chart"]').waitFor();
    await page.locator('canvas[aria-label^="Doughnut chart"]').waitFor();
    const csv = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csv).toMatch(/^\/api\/v1\/exports\/time-entries\.csv\?from=2025-03-10T00%3A00%3A00Z&to=2025-03-17T00%3A00%3A00Z/);
    // The export link carries the report's filters: the two March entries, not today's timer entry.
    const file = await page.evaluate(async (href) => {
      const res = await fetch(href as string);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, csv);
    expect(file.status).toBe(200);
    expect(file.type).toContain('text/csv');
    expect(file.text).toContain('Planning the launch');
    expect(file.text).toContain('Review');
    expect(file.text).not.toContain('Landing page');
    for (const name of ['Excel', 'PDF']) {
      const href = (await page.getByRole('link', { name }).getAttribute('href')) ?? '';
      expect(await page.evaluate(async (h) => (await fetch(h)).status, href)).toBe(200);
    }

    await page.getByText('Day', { exact: true }).click();
    await page.waitForURL(/group_by=day/);
    const day = page.locator('.report-table tbody tr').filter({ hasText: '2025-03-12' });
    await day.waitFor();
    expect(await day.locator('td[data-label="Time"]').textContent()).toBe('1:45');
    const rows = await page.locator('.report-table tbody td[data-label="Time"]').allTextContents();
    expect(rows).toHaveLength(7);
    expect(rows.filter((t) => t !== '0:00')).toEqual(['1:45']);
  });

  it('switches to dark mode, which survives a reload', async () => {
    await page.goto('/settings');
    await page.getByText('Dark', { exact: true }).click();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 18, 25)');
  });

  it('shows dates and times in the chosen time zone', async () => {
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').waitFor();
    await page.goto(WEEK);
    const row = entryRow('Planning the launch');
    await row.waitFor();
    expect(await row.locator('.entry-range').textContent()).toBe('05:00–06:15');
    expect(await page.locator('.day-head h2').textContent()).toBe('Thursday, 2025-03-13');
  });

  it('starts and stops the timer with the s key, but not while typing', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByLabel('What are you working on?').focus();
    await page.keyboard.type('s');
    await page.waitForTimeout(300);
    expect((await apiGet('/timer')).timer).toBeNull();
    await page.getByLabel('What are you working on?').fill('');
    await page.locator('h1').click();

    await page.keyboard.press('s');
    await page.getByTestId('timer-elapsed').waitFor();
    const running = (await apiGet('/timer')).timer;
    expect(running).toMatchObject({ notes: 'Landing page' });
    await page.keyboard.press('s');
    await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
    expect((await apiGet('/timer')).timer).toBeNull();

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('jumps anywhere from the command palette', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('go to reports');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  });

  it('lets the admin create a user who cannot see or open the admin pages', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill('bob');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: 'bob', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await signIn('bob', PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toMatch(/Administration|Users|Telemetry/);
    // Everyone has their own API tokens.
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).toMatch(/API tokens/);
    for (const path of ['/admin/users', '/admin/telemetry']) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Not allowed', level: 1 }).waitFor();
    }
  });

  it('loaded nothing from elsewhere and logged no errors', () => {
    expect(w.foreign).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});
