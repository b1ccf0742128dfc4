// The everyday story in a real Chromium against a real server (in-process, fresh SQLite, the production build):
// setup → sign out/in → client and project → timer → manual entries with an overlap → edit → report → dark mode
// → time zone → keyboard → a second user who cannot reach the admin pages. The same story runs in English and in
// German: the browser's language picks the setup wizard's, the new admin's preference (set through the API) the
// rest, and every label and message the test looks for comes from the locale files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  ensureWebBuild,
  eventually,
  launchBrowser,
  openPage,
  startServer,
  type TestServer,
  setLanguage,
  type WatchedPage,
} from './support.js';
import { BROWSER_LOCALE, MARK, money, messages, startingWith, TEST_LANGUAGES, upTo, weekday } from './i18n.js';

const PASSWORD = 'correct horse battery';
const WEEK = '/entries?range=custom&from=2025-03-10&to=2025-03-16';

describe.each(TEST_LANGUAGES)('the web UI, every day (%s)', (lang) => {
  const t = messages(lang);
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
    await page.getByLabel(t('common.username')).fill(username);
    await page.getByLabel(t('common.password')).fill(password);
    await page.getByRole('button', { name: t('login.title'), exact: true }).click();
  }

  async function chooseProject(input: Locator, name: string): Promise<void> {
    await input.click();
    await input.fill(name);
    await page
      .getByRole('listbox', { name: t('picker.suggestions') })
      .getByRole('option', { name: new RegExp(`^${name}`) })
      .first()
      .click();
    await eventually(() => input.inputValue()).toBe(name);
  }

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    w = await openPage(browser, server.url, { locale: BROWSER_LOCALE[lang] });
    page = w.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs the setup wizard with telemetry unchecked and explained', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    const telemetry = page.getByLabel(t('setup.telemetry'));
    await eventually(() => telemetry.isChecked()).toBe(false);
    const explainer = page.locator('#setup-telemetry-hint');
    expect(await explainer.textContent()).toContain(upTo(t('setup.telemetryHint'), '<a>'));
    const privacyLink = explainer.getByRole('link');
    expect(await privacyLink.getAttribute('href')).toBe('/privacy');
    // The link holds its words (not an empty element before them).
    expect((await privacyLink.textContent())?.length).toBeGreaterThan(5);

    await page.getByLabel(t('common.password'), { exact: true }).fill(PASSWORD);
    await page.getByLabel(t('setup.repeatPassword')).fill('something else');
    await page.getByRole('button', { name: t('setup.submit') }).click();
    await page.getByText(t('common.passwordsDiffer')).waitFor();

    await page.getByLabel(t('setup.repeatPassword')).fill(PASSWORD);
    await page.getByRole('button', { name: t('setup.submit') }).click();
    await page.getByRole('heading', { name: messages('en')('nav.dashboard'), level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // A new account speaks the server's default language; this run's language is the user's preference from here.
    await setLanguage(page, lang);
    await page.reload();
    await page.getByRole('heading', { name: t('nav.dashboard'), level: 1 }).waitFor();
    await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
    const status = await apiGet('/admin/telemetry').catch(() => null);
    if (status?.installation_telemetry) expect(status.installation_telemetry.enabled).toBe(false);
  });

  it('signs out, refuses a wrong password, and signs back in to the page that was asked for', async () => {
    await page.getByRole('button', { name: t('shell.signOut') }).click();
    await page.waitForURL('**/login');
    await page.goto('/reports');
    await page.waitForURL('**/login?next=%2Freports');
    await signIn('admin', 'wrong password');
    await page.getByText(t('login.wrong')).waitFor();
    await signIn('admin', PASSWORD);
    await page.getByRole('heading', { name: t('nav.reports'), level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
  });

  it('asks to sign in again in place when the session ends, and carries on where the user was', async () => {
    await page.getByRole('link', { name: t('nav.clients') }).click();
    await page.getByRole('heading', { name: t('nav.clients'), level: 1 }).waitFor();
    await w.context.clearCookies();
    await page.getByRole('link', { name: t('nav.entries') }).click();
    // No trip to the login page (it would throw away whatever was being edited): a dialog over the page.
    const dialog = page.getByRole('dialog', { name: t('reauth.title') });
    await dialog.waitFor();
    expect(new URL(page.url()).pathname).toBe('/entries');
    await dialog.getByLabel(t('common.password')).fill(PASSWORD);
    await dialog.getByRole('button', { name: t('reauth.continue') }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: t('nav.entries'), level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/entries');
  });

  it('records a page view for each route change', async () => {
    const views: unknown[] = [];
    const onRequest = (request: import('playwright-core').Request) => {
      if (request.url().endsWith('/api/v1/analytics/events') && request.method() === 'POST') views.push(request.postDataJSON());
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: t('nav.reports') }).click();
    await page.getByRole('heading', { name: t('nav.reports'), level: 1 }).waitFor();
    await page.getByRole('link', { name: t('nav.dashboard') }).click();
    await page.getByRole('heading', { name: t('nav.dashboard'), level: 1 }).waitFor();
    await eventually(() => views.length).toBeGreaterThanOrEqual(2);
    page.off('request', onRequest);
    expect(views[0]).toEqual({ event: '$pageview', properties: {} });
  });

  it('rounds stopped timers up to the minute once the preference says so', async () => {
    await page.goto('/settings');
    // Timer stops have their own rounding method, beside the one of reports.
    await page.getByLabel(t('settings.roundingMethod'), { exact: true }).selectOption('up');
    await page.getByRole('button', { name: t('settings.savePrefs') }).click();
    await page.getByText(t('settings.prefsSaved')).waitFor();
    expect((await apiGet('/users/me/preferences')).rounding_method).toBe('up');
    // A timer shorter than the minimum to keep (60 s by default) is stored exactly, never rounded up; the short
    // timer below is about rounding, so the minimum is lifted (the rule itself: timer-edit.db.test.ts).
    await page.evaluate(async () => {
      const { csrf_token } = await (await fetch('/api/v1/auth/session')).json();
      const res = await fetch('/api/v1/users/me/preferences', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf_token },
        body: JSON.stringify({ min_timer_seconds: 0 }),
      });
      if (!res.ok) throw new Error(`preferences: ${res.status}`);
    });
  });

  it('creates a client and a billable project with a colour', async () => {
    await page.getByRole('link', { name: t('nav.clients') }).click();
    await page.getByRole('button', { name: t('clients.addFirst') }).click();
    const dialog = page.getByRole('dialog', { name: t('clients.new') });
    await dialog.getByLabel(t('common.name')).fill('Acme Corp');
    await dialog.getByLabel(t('clients.rate', { currency: 'EUR' })).fill('80');
    await dialog.getByRole('button', { name: t('clients.createClient') }).click();
    await page.getByRole('cell', { name: 'Acme Corp', exact: true }).waitFor();

    await page.getByRole('link', { name: t('nav.projects') }).click();
    await page.getByRole('button', { name: t('projects.new') }).click();
    const pd = page.getByRole('dialog', { name: t('projects.new') });
    await pd.getByLabel(t('common.name')).fill('Website');
    await pd.getByLabel(t('common.client')).selectOption({ label: 'Acme Corp' });
    await pd.getByLabel(t('projects.colourOf', { color: '#16a34a' })).check();
    await pd.getByLabel(t('projects.rate', { currency: 'EUR' })).fill('100');
    await pd.getByRole('button', { name: t('projects.createProject') }).click();
    const row = page.getByRole('row', { name: /Website/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Acme Corp');
    const projects = await apiGet('/projects');
    expect(projects.items).toEqual([
      expect.objectContaining({ name: 'Website', color: '#16a34a', hourly_rate: '100.00', billable: true }),
    ]);
  });

  it('starts the timer, ticks every second in the page and the tab title, and stops with the right duration', async () => {
    await page.getByRole('link', { name: t('nav.dashboard') }).click();
    await chooseProject(page.getByRole('combobox', { name: t('dashboard.projectOrTask') }), 'Website');
    await page.getByLabel(t('dashboard.working')).fill('Landing page');
    await page.getByLabel(t('common.tags')).fill('design, Launch');
    await page.getByLabel(t('common.tags')).press('Enter');
    const clock = page.getByTestId('timer-elapsed');
    await clock.waitFor();
    const first = (await clock.textContent()) ?? '';
    expect(first).toMatch(/^0:00:0\d/);
    await eventually(async () => (await clock.textContent()) !== first).toBe(true);
    await eventually(() => page.title()).toMatch(/^▶ 0:00:0[1-9] · Website — TimeTracker$/);
    await page.waitForTimeout(1500);

    await page.getByRole('button', { name: t('dashboard.stop'), exact: true }).click();
    await page.getByText(t('timer.stopped', { time: '0:01:00' })).waitFor();
    await eventually(() => page.title()).toBe(`${t('nav.dashboard')} — TimeTracker`);
    await eventually(() => page.getByTestId('total-today').textContent()).toBe('0:01');

    await page.getByRole('link', { name: t('nav.entries') }).click();
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
    await page.getByRole('heading', { name: t('entries.emptyTitle') }).waitFor();
    await page.keyboard.press('n');
    let dialog = page.getByRole('dialog', { name: t('entries.newTitle') });
    await dialog.waitFor();
    await chooseProject(dialog.getByRole('combobox', { name: t('common.project') }), 'Website');
    await dialog.getByLabel(t('entryForm.date')).fill('2025-03-12');
    await dialog.getByLabel(t('entryForm.start'), { exact: true }).fill('20:00');
    await dialog.getByLabel(t('entryForm.end'), { exact: true }).fill('21:30');
    await dialog.getByLabel(t('common.notes')).fill('Planning');
    await dialog.getByRole('button', { name: t('entries.addSubmit') }).click();
    await entryRow('Planning').waitFor();

    await page.getByRole('button', { name: startingWith(t('common.newEntry')) }).click();
    dialog = page.getByRole('dialog', { name: t('entries.newTitle') });
    await chooseProject(dialog.getByRole('combobox', { name: t('common.project') }), 'Website');
    await dialog.getByLabel(t('entryForm.date')).fill('2025-03-12');
    const start = dialog.getByLabel(t('entryForm.start'), { exact: true });
    const end = dialog.getByLabel(t('entryForm.end'), { exact: true });
    await start.fill('21:00');
    await end.fill('22:00');
    await dialog.getByLabel(t('common.notes')).fill('Review');
    await dialog.getByRole('button', { name: t('entries.addSubmit') }).click();
    const startError = dialog.locator('.entry-start .field-error');
    await startError.waitFor();
    const overlap = t('entryForm.overlapEntry', { project: 'Website', date: '2025-03-12', start: '20:00', end: '21:30' });
    expect(await startError.textContent()).toMatch(startingWith(upTo(t('entryForm.overlaps', { entries: overlap }), '. ')));
    expect(await dialog.locator('.entry-end .field-error').textContent()).toMatch(
      startingWith(upTo(t('entryForm.overlaps', { entries: MARK }))),
    );
    expect(await start.getAttribute('aria-invalid')).toBe('true');
    expect(await start.getAttribute('aria-describedby')).toContain(await startError.getAttribute('id'));

    await start.fill('21:30');
    await dialog.getByRole('button', { name: t('entries.addSubmit') }).click();
    await entryRow('Review').waitFor();
    expect(await entryRow('Review').locator('.entry-range').textContent()).toBe('21:30–22:00');
    await page.getByLabel(t('entries.dayTotal', { duration: '2:00' })).waitFor();
  });

  it('edits an entry inline and updates the day total', async () => {
    const row = entryRow('Planning');
    await row.getByRole('button', { name: startingWith(upTo(t('entries.editEntry', { project: MARK, time: MARK }))) }).click();
    const editing = page.locator('li.entry.editing');
    await editing.getByLabel(t('entryForm.end'), { exact: true }).fill('21:15');
    await editing.getByLabel(t('common.notes')).fill('Planning the launch');
    await editing.getByRole('button', { name: t('common.save') }).click();
    const saved = entryRow('Planning the launch');
    await saved.waitFor();
    expect(await saved.locator('.entry-range').textContent()).toBe('20:00–21:15');
    expect(await saved.locator('.entry-duration').textContent()).toBe('1:15');
    await page.getByLabel(t('entries.dayTotal', { duration: '1:45' })).waitFor();
  });

  it('deletes an entry and brings it back with Undo', async () => {
    await entryRow('Review')
      .getByRole('button', { name: startingWith(upTo(t('entries.deleteEntry', { project: MARK, time: MARK }))) })
      .click();
    await page.getByText(t('entries.deleted')).waitFor();
    await eventually(() => entryRow('Review').count()).toBe(0);
    await page.getByRole('button', { name: t('common.undo') }).click();
    await page.getByText(t('entries.restored')).waitFor();
    await entryRow('Review').waitFor();
    expect(await entryRow('Review').locator('.entry-range').textContent()).toBe('21:30–22:00');
  });

  it('shows the totals, billable amount and charts in the report', async () => {
    await page.goto('/reports?range=custom&from=2025-03-10&to=2025-03-16');
    const total = page.getByTestId('report-total');
    await total.waitFor();
    expect(await total.textContent()).toBe('1:45');
    expect(await page.getByTestId('report-billable').textContent()).toBe('1:45');
    expect(await page.getByTestId('report-amount').textContent()).toBe(money(lang, 175));
    const row = page.locator('.report-table tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Website');
    await page.locator(`canvas[aria-label^="${upTo(t('reports.barLabel', { group: MARK }))}"]`).waitFor();
    await page.locator(`canvas[aria-label^="${upTo(t('reports.doughnutLabel', { group: MARK }))}"]`).waitFor();
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

    await page.getByText(t('reports.groups.day'), { exact: true }).click();
    await page.waitForURL(/group_by=day/);
    const day = page.locator('.report-table tbody tr').filter({ hasText: '2025-03-12' });
    await day.waitFor();
    expect(await day.locator(`td[data-label="${t('reports.time')}"]`).textContent()).toBe('1:45');
    const rows = await page.locator(`.report-table tbody td[data-label="${t('reports.time')}"]`).allTextContents();
    expect(rows).toHaveLength(7);
    expect(rows.filter((time) => time !== '0:00')).toEqual(['1:45']);
    // Days are a time axis: bars along it, no share donut of seven slices.
    expect(await page.locator(`canvas[aria-label^="${upTo(t('reports.doughnutLabel', { group: MARK }))}"]`).count()).toBe(0);
  });

  it('switches to dark mode, which survives a reload', async () => {
    await page.goto('/settings');
    await page.getByText(t('settings.themeDark'), { exact: true }).click();
    await page.getByRole('button', { name: t('settings.savePrefs') }).click();
    await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: t('nav.settings'), level: 1 }).waitFor();
    await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 18, 25)');
  });

  it('shows dates and times in the chosen time zone', async () => {
    // A searchable list: typing part of the name finds the zone.
    const zone = page.getByRole('combobox', { name: t('settings.timezone') });
    await zone.fill('tokyo');
    await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
    await eventually(() => zone.inputValue()).toBe('Asia/Tokyo');
    await page.getByRole('button', { name: t('settings.savePrefs') }).click();
    await page.getByText(t('settings.prefsSaved')).waitFor();
    await page.goto(WEEK);
    const row = entryRow('Planning the launch');
    await row.waitFor();
    expect(await row.locator('.entry-range').textContent()).toBe('05:00–06:15');
    expect(await page.locator('.day-head h2').textContent()).toBe(`${weekday(lang, '2025-03-13')}, 2025-03-13`);
  });

  it('starts and stops the timer with the s key, but not while typing', async () => {
    await page.getByRole('link', { name: t('nav.dashboard') }).click();
    await page.getByRole('heading', { name: t('nav.dashboard'), level: 1 }).waitFor();
    await page.getByLabel(t('dashboard.working')).focus();
    await page.keyboard.type('s');
    await page.waitForTimeout(300);
    expect((await apiGet('/timer')).timer).toBeNull();
    await page.getByLabel(t('dashboard.working')).fill('');
    await page.locator('h1').click();

    await page.keyboard.press('s');
    await page.getByTestId('timer-elapsed').waitFor();
    const running = (await apiGet('/timer')).timer;
    expect(running).toMatchObject({ notes: 'Landing page' });
    await page.keyboard.press('s');
    await page.getByRole('button', { name: t('dashboard.start'), exact: true }).waitFor();
    expect((await apiGet('/timer')).timer).toBeNull();

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: t('shortcuts.title') }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('jumps anywhere from the command palette', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: t('palette.title') });
    await palette.waitFor();
    await page.keyboard.type(t('palette.goTo', { page: t('nav.reports') }).toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('nav.reports'), level: 1 }).waitFor();
  });

  it('lets the admin create a user who cannot see or open the admin pages', async () => {
    await page.getByRole('link', { name: t('nav.users') }).click();
    await page.getByRole('button', { name: t('users.new') }).click();
    const dialog = page.getByRole('dialog', { name: t('users.new') });
    await dialog.getByLabel(t('common.username')).fill('bob');
    await dialog.getByLabel(t('common.password')).fill(PASSWORD);
    await dialog.getByRole('button', { name: t('users.create') }).click();
    await page.getByRole('cell', { name: 'bob', exact: true }).waitFor();

    await page.getByRole('button', { name: t('shell.signOut') }).click();
    await page.waitForURL('**/login');
    await signIn('bob', PASSWORD);
    await page.getByRole('heading', { name: messages('en')('nav.dashboard'), level: 1 }).waitFor();
    await setLanguage(page, lang);
    await page.reload();
    await page.getByRole('heading', { name: t('nav.dashboard'), level: 1 }).waitFor();
    const nav = (await page.getByRole('navigation', { name: t('nav.main') }).textContent()) ?? '';
    expect(nav).not.toMatch(new RegExp([t('shell.administration'), t('nav.users'), t('nav.telemetry')].join('|')));
    // Everyone has their own API tokens.
    expect(nav).toContain(t('nav.tokens'));
    for (const path of ['/admin/users', '/admin/telemetry']) {
      await page.goto(path);
      await page.getByRole('heading', { name: t('app.notAllowedTitle'), level: 1 }).waitFor();
    }
  });

  it('loaded nothing from elsewhere and logged no errors', () => {
    expect(w.foreign).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});
