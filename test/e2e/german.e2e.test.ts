// The web UI in German, in a real Chromium: the setup wizard and the login page follow the browser's language, the
// Settings page switches the signed-in UI to German at once, and then every page of the route table, the empty
// states, every dialog the pages' buttons open, toasts, the UI's own and the server's error messages, the command
// palette and the shortcut help show no English (english-text.ts says what counts as English).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { findPage, PAGES, type PageName } from '../../src/shared/routes.js';
import { englishOn, ENGLISH_WORDS, EXACT_VALUES, FRAGMENTS } from './english-text.js';
import { MARK, messages, startingWith, upTo } from './i18n.js';
import {
  ensureWebBuild,
  eventually,
  launchBrowser,
  openPage,
  startServer,
  type TestServer,
  type WatchedPage,
} from './support.js';
import { login, seedDemo } from './seed.js';

const PASSWORD = 'correct horse battery';
const t = messages('de');
const en = messages('en');

/** Each page of the route table with its German heading: a new route without a line here is a type error. */
const WALK: Record<PageName, { path: string; heading: string }> = {
  dashboard: { path: '/', heading: t('nav.dashboard') },
  entries: { path: '/entries?range=this_month', heading: t('nav.entries') },
  calendar: { path: '/calendar?view=week', heading: t('calendar.title') },
  timesheet: { path: '/timesheet', heading: t('timesheet.title') },
  reports: { path: '/reports', heading: t('nav.reports') },
  projects: { path: '/projects', heading: t('nav.projects') },
  clients: { path: '/clients', heading: t('nav.clients') },
  tasks: { path: '/tasks', heading: t('nav.tasks') },
  settings: { path: '/settings', heading: t('nav.settings') },
  privacy: { path: '/privacy', heading: t('app.privacyHeading') },
  login: { path: '/login', heading: t('login.title') },
  setup: { path: '/setup', heading: t('setup.heading') },
  adminUsers: { path: '/admin/users', heading: t('nav.users') },
  tokens: { path: '/settings/tokens', heading: t('nav.tokens') },
  adminTelemetry: { path: '/admin/telemetry', heading: t('nav.telemetry') },
  invoices: { path: '/invoices', heading: t('nav.invoices') },
  // seedDemo issues the first invoice of the instance, numbered by the default pattern {YYYY}-{seq:4}.
  invoice: { path: '/invoices/1', heading: t('invoices.invoiceNumber', { number: `${new Date().getFullYear()}-0001` }) },
};

let server: TestServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;
/** The account's own texts, never English UI: names, notes, tags (the admin's name from the start). */
const userData: string[] = ['admin'];
const visited = new Set<string>();

async function expectNoEnglish(where: string, on: Page = page): Promise<void> {
  expect(await englishOn(on, userData), where).toEqual([]);
}

/** Waits for the page heading and for every skeleton to be gone, then expects no English. */
async function expectGerman(heading: string, where: string, on: Page = page): Promise<void> {
  await on.getByRole('heading', { level: 1, name: heading }).first().waitFor();
  await eventually(() => on.locator('[aria-busy="true"]').count()).toBe(0);
  const name = findPage(new URL(on.url()).pathname)?.name;
  if (name) visited.add(name);
  await expectNoEnglish(where, on);
}

async function visit(path: string, heading: string): Promise<void> {
  await page.goto(path);
  await expectGerman(heading, path);
}

/** Opens a dialog with a page button, expects it in German, and closes it again. */
async function dialogFrom(button: string, title: string, where: string): Promise<void> {
  await page.getByRole('button', { name: button }).first().click();
  await page.getByRole('dialog', { name: title }).waitFor();
  await expectNoEnglish(`${where}: ${title}`);
  await page.keyboard.press('Escape');
  await eventually(() => page.getByRole('dialog').count()).toBe(0);
}

describe('the web UI in German', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    w = await openPage(browser, server.url, { locale: 'de-DE' });
    page = w.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has enough English to look for, and leaves out what German shares', () => {
    expect(FRAGMENTS.length).toBeGreaterThan(300);
    expect(FRAGMENTS).toContain('Time entries');
    expect([...EXACT_VALUES]).toEqual(expect.arrayContaining(['Day', 'Week', 'Undo']));
    expect(ENGLISH_WORDS).toEqual(expect.arrayContaining(['the', 'Thursday', 'March']));
    expect(ENGLISH_WORDS).not.toContain('Start');
  });

  it('runs the setup wizard in the browser’s language', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expectGerman(WALK.setup.heading, 'setup');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByLabel(t('common.password'), { exact: true }).fill(PASSWORD);
    await page.getByLabel(t('setup.repeatPassword')).fill('etwas anderes');
    await page.getByRole('button', { name: t('setup.submit') }).click();
    await page.getByText(t('common.passwordsDiffer')).waitFor();
    await expectNoEnglish('setup with an error');
    await page.getByLabel(t('setup.repeatPassword')).fill(PASSWORD);
    await page.getByRole('button', { name: t('setup.submit') }).click();
    // The new admin's preference is English (the server's default): the UI follows it after sign-in.
    await page.getByRole('heading', { name: en('nav.dashboard'), level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The nets catch English on a real page: this one speaks it.
    await eventually(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    const english = await englishOn(page, userData);
    expect(english.filter((found) => found.startsWith('message:')).length).toBeGreaterThan(3);
    expect(english.filter((found) => found.startsWith('word:')).length).toBeGreaterThan(3);
  });

  it('switches to German at once from the Settings page', async () => {
    await page.goto('/settings');
    await page.getByRole('heading', { name: en('nav.settings'), level: 1 }).waitFor();
    await page.getByLabel(en('settings.language')).selectOption('de');
    await page.getByRole('button', { name: en('settings.savePrefs') }).click();
    await page.getByRole('heading', { name: t('nav.settings'), level: 1 }).waitFor();
    await page.getByText(t('settings.prefsSaved')).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectNoEnglish('settings right after switching, with its toast');
  });

  it('shows the empty states of a new account, and the UI’s own form errors, in German', async () => {
    const empty: [string, string, string][] = [
      ['/', t('nav.dashboard'), t('dashboard.nothingYet')],
      ['/entries', t('nav.entries'), t('entries.emptyTitle')],
      ['/reports', t('nav.reports'), t('reports.emptyTitle')],
      ['/projects', t('nav.projects'), t('projects.emptyTitle')],
      ['/clients', t('nav.clients'), t('clients.emptyTitle')],
      ['/tasks', t('nav.tasks'), t('tasks.emptyTitle')],
      ['/settings/tokens', t('nav.tokens'), t('tokens.emptyTitle')],
      ['/admin/telemetry', t('nav.telemetry'), t('telemetry.nothingSent')],
    ];
    for (const [path, heading, title] of empty) {
      await page.goto(path);
      await page.getByText(title).first().waitFor();
      await expectGerman(heading, `${path} (empty)`);
    }
    await page.goto('/projects');
    await page
      .getByRole('button', { name: t('projects.new') })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: t('projects.new') });
    await dialog.getByRole('button', { name: t('projects.createProject') }).click();
    await dialog.getByText(t('errors.fields.empty')).waitFor();
    await expectNoEnglish('new project without a name');
    await page.keyboard.press('Escape');
  });

  it('shows every page in German', async () => {
    const api = await login(server.url, 'admin', PASSWORD);
    await seedDemo(api, { runningTimer: true });
    const [projects, clients, tasks, entries] = await Promise.all([
      api.call<{ items: { name: string; description: string | null }[] }>('GET', '/projects?limit=500'),
      api.call<{ items: { name: string }[] }>('GET', '/clients?limit=500'),
      api.call<{ items: { name: string }[] }>('GET', '/tasks?limit=500'),
      api.call<{ items: { notes: string | null; tags: string[] }[] }>('GET', '/time-entries?limit=500'),
    ]);
    const timer = await api.call<{ timer: { notes: string | null } | null }>('GET', '/timer');
    userData.push(
      ...projects.items.flatMap((p) => [p.name, p.description ?? '']),
      ...clients.items.map((c) => c.name),
      ...tasks.items.map((task) => task.name),
      ...entries.items.flatMap((e) => [e.notes ?? '', ...e.tags]),
      timer.timer?.notes ?? '',
      'Initech',
      'Rechnungsskript',
      'bob',
      'admin',
    );
    userData.splice(0, userData.length, ...userData.filter(Boolean).sort((a, b) => b.length - a.length));

    for (const [name, { path, heading }] of Object.entries(WALK)) {
      if (PAGES[name as PageName].access !== 'signed-out') await visit(path, heading);
    }
    await visit('/reports?group_by=week&range=last_7_days', t('nav.reports'));
    await visit('/reports?group_by=day&range=last_week', t('nav.reports'));
    await visit('/no/such/page', t('app.notFoundHeading'));
    expect(await page.title()).toMatch(/^▶ \d+:\d\d:\d\d · /);

    // Nothing found for a search: the lists' own empty state.
    await page.goto('/projects');
    await page.getByLabel(t('projects.search')).fill('zzzz');
    await page.getByText(t('projects.noMatch')).waitFor();
    await expectNoEnglish('projects: no match');
  });

  it('shows every dialog the pages open, the bulk bar and toasts in German', async () => {
    await visit('/entries?range=this_month&new=1', t('nav.entries'));
    await page.getByRole('dialog', { name: t('entries.newTitle') }).waitFor();
    await expectNoEnglish('new entry');
    await page.getByRole('button', { name: t('common.cancel') }).click();
    await dialogFrom(t('entries.importCsv'), t('import.title'), '/entries');
    await page.locator('li.entry input[type="checkbox"]').first().check();
    await page.getByRole('region', { name: t('bulk.label') }).waitFor();
    await expectNoEnglish('bulk bar');
    await page.getByRole('button', { name: t('bulk.clear') }).click();

    // A toast with its Undo button, and the toast after undoing.
    await page
      .getByRole('button', { name: startingWith(upTo(t('entries.deleteEntry', { project: MARK, time: MARK }))) })
      .first()
      .click();
    await page.getByText(t('entries.deleted')).waitFor();
    await expectNoEnglish('toast after deleting an entry');
    await page.getByRole('button', { name: t('common.undo') }).click();
    await page.getByText(t('entries.restored')).waitFor();

    const dialogs: [string, string, string][] = [
      ['/projects', t('projects.new'), t('projects.new')],
      ['/clients', t('clients.new'), t('clients.new')],
      ['/tasks', t('tasks.new'), t('tasks.new')],
      ['/admin/users', t('users.new'), t('users.new')],
      ['/settings/tokens', t('tokens.new'), t('tokens.newTitle')],
    ];
    for (const [path, button, title] of dialogs) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      await dialogFrom(button, title, path);
    }

    // A token is created and its secret shown once.
    await page
      .getByRole('button', { name: t('tokens.new') })
      .first()
      .click();
    const tokenDialog = page.getByRole('dialog', { name: t('tokens.newTitle') });
    await tokenDialog.getByLabel(t('common.name')).fill('Rechnungsskript');
    await tokenDialog.getByLabel(/read:reports/).check();
    await tokenDialog.getByRole('button', { name: t('tokens.create') }).click();
    await page.getByLabel(t('tokens.secret')).waitFor();
    await expectNoEnglish('new token secret');
    await page.getByRole('button', { name: t('tokens.done') }).click();
  });

  it('says the server’s errors and the success toasts in German', async () => {
    // The server refuses a taken name (409): said in the UI's words.
    await page.goto('/clients');
    await page
      .getByRole('button', { name: t('clients.new') })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: t('clients.new') });
    await dialog.getByLabel(t('common.name')).fill('Globex');
    await dialog.getByRole('button', { name: t('clients.createClient') }).click();
    await page.getByText(t('errors.api.name_taken')).waitFor();
    await expectNoEnglish('client name taken');
    await dialog.getByLabel(t('common.name')).fill('Initech');
    await dialog.getByRole('button', { name: t('clients.createClient') }).click();
    await page.getByText(t('clients.created', { name: 'Initech' })).waitFor();
    await expectNoEnglish('client created');

    // The server refuses a wrong current password (a field error from the API).
    await page.goto('/settings');
    await page.getByLabel(t('settings.currentPassword')).fill('nicht mein Passwort');
    await page.getByLabel(t('settings.newPassword'), { exact: true }).fill('ein viel besseres Passwort');
    await page.getByLabel(t('settings.repeatNew')).fill('ein viel besseres Passwort');
    await page.getByRole('button', { name: t('settings.changePassword') }).click();
    await page.getByText(t('settings.notCurrent')).waitFor();
    await expectNoEnglish('wrong current password');
  });

  it('shows the command palette and the shortcut help in German', async () => {
    await visit('/', t('nav.dashboard'));
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: t('palette.title') }).waitFor();
    await expectNoEnglish('command palette');
    await page.keyboard.type('zzzz');
    await page.getByText(t('palette.nothing', { query: 'zzzz' })).waitFor();
    await expectNoEnglish('command palette without a match');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: t('shortcuts.title') }).waitFor();
    await expectNoEnglish('shortcut help');
    await page.keyboard.press('Escape');
  });

  it('tells a user who is not an admin in German that the admin pages are not theirs', async () => {
    const api = await login(server.url, 'admin', PASSWORD);
    await api.call('POST', '/users', { username: 'bob', password: PASSWORD, role: 'user' });
    const bob = await login(server.url, 'bob', PASSWORD);
    await bob.call('PATCH', '/users/me/preferences', { language: 'de' });
    const other = await openPage(browser, server.url, { locale: 'de-DE' });
    const [name, value] = bob.cookie.split('=');
    await other.context.addCookies([{ name: name as string, value: value as string, url: server.url }]);
    await other.page.goto('/');
    await expectGerman(t('nav.dashboard'), 'dashboard of a user without projects', other.page);
    await other.page.goto('/admin/users');
    await expectGerman(t('app.notAllowedTitle'), 'not allowed', other.page);
    expect(other.problems).toEqual([]);
    await other.context.close();
  });

  it('signs out to a German login page and back in', async () => {
    await page.getByRole('button', { name: t('shell.signOut') }).click();
    await page.waitForURL('**/login');
    await expectGerman(WALK.login.heading, 'login');
    await page.getByLabel(t('common.username')).fill('admin');
    await page.getByLabel(t('common.password')).fill('falsch');
    await page.getByRole('button', { name: t('login.title'), exact: true }).click();
    await page.getByText(t('login.wrong')).waitFor();
    await expectNoEnglish('login with a wrong password');
    await page.goto('/login?error=account_link_required');
    await page.getByText(/nicht mit Ihrer Single-Sign-on-Identität verknüpft/).waitFor();
    await expectNoEnglish('login with an SSO error');
    await page.getByLabel(t('common.password')).fill(PASSWORD);
    await page.getByLabel(t('common.username')).fill('admin');
    await page.getByRole('button', { name: t('login.title'), exact: true }).click();
    await page.getByRole('heading', { name: t('nav.dashboard'), level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(w.problems).toEqual([]);
    expect(w.foreign).toEqual([]);
  });

  it('opened every page of the route table', () => {
    expect([...visited].sort()).toEqual(Object.keys(PAGES).sort());
  });
});
