// Managing things in a lived-in account (seeded through the API): bulk actions with undo, the catalog's search,
// archive and in-use rules, API tokens shown once, the telemetry page, the command palette, SSO error messages,
// labels on every control, and the layout on a 375 px phone. The same story runs in English and in German (the
// admin's language preference is set through the API before the browser opens; texts come from the locale files).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ensureWebBuild,
  eventually,
  launchBrowser,
  openPage,
  startPosthogSink,
  startServer,
  type TestServer,
  type WatchedPage,
} from './support.js';
import { seedDemo, setupAdmin, type ApiSession } from './seed.js';
import { BROWSER_LOCALE, messages, TEST_LANGUAGES } from './i18n.js';

describe.each(TEST_LANGUAGES)('managing projects, entries, tokens and telemetry (%s)', (lang) => {
  const t = messages(lang);
  // Checks that do not depend on the words (CSRF after a new sign-in, labels present, a phone's width) run once,
  // in German: its longer words are the harder case for the layout. Everything else runs in both languages.
  const onceInGerman = lang === 'de' ? it : it.skip;
  let server: TestServer;
  let posthog: Awaited<ReturnType<typeof startPosthogSink>>;
  let browser: Browser;
  let admin: ApiSession;
  let w: WatchedPage;
  let page: Page;

  async function apiGet<T = any>(path: string): Promise<T> {
    return page.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), path) as Promise<T>;
  }

  /** Controls that a screen reader could not name (no label, aria-label or aria-labelledby). */
  async function unlabelledControls(): Promise<string[]> {
    return page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')]
        .filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
        .filter((el) => {
          if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
          // Hidden from assistive technology (e.g. the native date picker behind a date field's calendar button).
          if (el.closest('[aria-hidden="true"]')) return false;
          const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
          const byLabel = 'labels' in el && (el as HTMLInputElement).labels && (el as HTMLInputElement).labels!.length > 0;
          const text = el.tagName === 'BUTTON' && (el.textContent ?? '').trim().length > 0;
          return !(labelled || byLabel || text);
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
  }

  beforeAll(async () => {
    await ensureWebBuild();
    posthog = await startPosthogSink();
    server = await startServer({ POSTHOG_API_KEY: 'phc_test_only', POSTHOG_HOST: posthog.url });
    admin = await setupAdmin(server.url);
    await seedDemo(admin, { runningTimer: false });
    await admin.call('PATCH', '/users/me/preferences', { language: lang });
    browser = await launchBrowser();
    w = await openPage(browser, server.url, { locale: BROWSER_LOCALE[lang] });
    page = w.page;
    const [name, value] = admin.cookie.split('=');
    await w.context.addCookies([{ name: name as string, value: value as string, url: server.url }]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await posthog?.close();
  });

  it('applies bulk actions to a selection, and undoes a bulk delete', async () => {
    await page.goto('/entries?range=last_week');
    const rows = page.locator('li.entry[data-entry-id]');
    await rows.first().waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-q');
    await page.keyboard.type('Ticket');
    await page.waitForURL(/q=Ticket/);
    await expect
      .poll(async () => (await rows.locator('.entry-notes').allTextContents()).every((text) => text.includes('Ticket')))
      .toBe(true);
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (const text of await rows.locator('.entry-notes').allTextContents()) expect(text).toContain('Ticket');

    await page.getByLabel(t('entries.selectAll', { n: count })).check();
    const bulk = page.getByRole('region', { name: t('bulk.label') });
    await bulk.getByText(t('bulk.selected', { count })).waitFor();
    await bulk.getByLabel(t('bulk.action')).selectOption({ label: t('bulk.markNotBillable') });
    await bulk.getByRole('button', { name: t('bulk.apply') }).click();
    await page.getByText(t('bulk.markedNotBillable', { count })).waitFor();
    await eventually(() => page.locator('li.entry .badge-good').count()).toBe(0);

    // The selection stays after an action, so the next one follows at once.
    await bulk.getByText(t('bulk.selected', { count })).waitFor();
    await bulk.getByLabel(t('bulk.action')).selectOption({ label: t('bulk.addTag') });
    await bulk.getByLabel(t('common.tag')).fill('triage');
    await bulk.getByRole('button', { name: t('bulk.apply') }).click();
    await page.getByText(t('bulk.tagsAdded', { count })).waitFor();
    await eventually(() => page.locator('li.entry .badge', { hasText: 'triage' }).count()).toBe(count);

    await bulk.getByLabel(t('bulk.action')).selectOption({ label: t('common.delete') });
    await bulk.getByText(t('bulk.deleteNote', { count })).waitFor();
    await bulk.getByRole('button', { name: t('bulk.apply') }).click();
    await page.getByText(t('bulk.deleted', { count })).waitFor();
    await page.getByRole('heading', { name: t('entries.emptyTitle') }).waitFor();
    await page.getByRole('button', { name: t('common.undo') }).click();
    await page.getByText(t('bulk.restored', { count })).waitFor();
    await eventually(() => rows.count()).toBe(count);
    expect(await page.locator('li.entry .badge', { hasText: 'triage' }).count()).toBe(count);
  });

  it('imports a CSV export back: a dry run first, duplicates skipped, the missing entry restored', async () => {
    await page.goto('/reports?range=last_week');
    const href = (await page.getByRole('link', { name: 'CSV' }).getAttribute('href')) ?? '';
    const csv = await page.evaluate(async (h) => (await fetch(h)).text(), href);
    const week = await apiGet(`/time-entries?${href.split('?')[1]}`);
    const victim = week.items[0];
    expect(week.items.length).toBeGreaterThan(2);
    await admin.call('DELETE', `/time-entries/${victim.id}`);

    await page.goto('/entries?range=last_week');
    await page.locator('li.entry').first().waitFor();
    const before = await page.locator('li.entry').count();
    await page.getByRole('button', { name: t('entries.importCsv') }).click();
    const dialog = page.getByRole('dialog', { name: t('import.title') });
    await dialog
      .getByLabel(t('import.file'))
      .setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: t('import.check') }).click();
    const summary = dialog.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toBe(t('import.toImport', { imported: 1, skipped: week.items.length - 1 }));
    await dialog.getByRole('button', { name: t('import.importN', { count: 1 }) }).click();
    await page.getByText(t('import.importedSkipped', { count: 1, skipped: week.items.length - 1 })).waitFor();
    await eventually(() => page.locator('li.entry').count()).toBe(before + 1);
  });

  it('searches projects, archives one out of the pickers, and explains why a used project cannot be deleted', async () => {
    await page.goto('/projects');
    await page.getByRole('row', { name: /Website relaunch/ }).waitFor();
    await page.getByLabel(t('projects.search')).fill('mob');
    await eventually(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('Mobile app');
    await page.getByLabel(t('projects.search')).fill('');

    // The refusal comes first (no "cannot be undone" question), with archiving offered instead.
    await page.getByRole('button', { name: t('list.deleteName', { name: 'Internal' }) }).click();
    const refusal = page.getByRole('dialog', { name: t('list.cannotDelete', { name: 'Internal' }) });
    await refusal.getByText(t('projects.inUse')).waitFor();
    expect(await refusal.textContent()).not.toContain(t('projects.confirmDelete', { name: 'Internal' }));
    await refusal.getByRole('button', { name: t('common.archive') }).click();
    await page.getByText(t('list.archivedToast', { name: 'Internal' })).waitFor();
    await eventually(() => page.getByRole('row', { name: /Internal/ }).count()).toBe(0);
    await page.getByLabel(t('common.status')).selectOption('archived');
    await page.getByRole('row', { name: /Internal/ }).waitFor();

    await page.goto('/');
    await page.getByRole('combobox', { name: t('dashboard.projectOrTask') }).click();
    const options = await page
      .getByRole('listbox', { name: t('picker.suggestions') })
      .getByRole('option')
      .allTextContents();
    expect(options.some((o) => o.startsWith('Website relaunch'))).toBe(true);
    expect(options.some((o) => o.startsWith('Internal'))).toBe(false);
    await page.keyboard.press('Escape');
  });

  it('adds a task to a project, moves it through its statuses, and offers it in the timer picker', async () => {
    await page.goto('/tasks');
    await page.getByRole('row', { name: /Design system/ }).waitFor();
    await page.getByRole('button', { name: t('tasks.new') }).click();
    const dialog = page.getByRole('dialog', { name: t('tasks.new') });
    await dialog.getByLabel(t('common.project')).selectOption({ label: 'Mobile app' });
    await dialog.getByLabel(t('common.name')).fill('Release checklist');
    await dialog.getByRole('button', { name: t('tasks.createTask') }).click();
    const row = page.getByRole('row', { name: /Release checklist/ });
    await row.waitFor();
    await row.getByLabel(t('tasks.statusOf', { name: 'Release checklist' })).selectOption('in_progress');
    await page.getByText(t('tasks.nowInProgress', { name: 'Release checklist' })).waitFor();
    const tasks = await apiGet('/tasks');
    expect(tasks.items.find((task: { name: string }) => task.name === 'Release checklist')).toMatchObject({
      status: 'in_progress',
    });

    await page.goto('/');
    const picker = page.getByRole('combobox', { name: t('dashboard.projectOrTask') });
    await picker.fill('release');
    const option = page.getByRole('listbox', { name: t('picker.suggestions') }).getByRole('option');
    await eventually(() => option.count()).toBe(1);
    expect(await option.textContent()).toContain(t('picker.taskOf', { project: 'Mobile app' }));
    await picker.press('Enter');
    await eventually(() => picker.inputValue()).toBe('Mobile app › Release checklist');
  });

  it('starts a timer on a project from the command palette', async () => {
    await page.locator('h1').click();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: t('palette.title') }).waitFor();
    await page.keyboard.type(t('palette.startOn', { project: 'support' }).toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByTestId('timer-elapsed').waitFor();
    const { timer } = await apiGet('/timer');
    const projects = await apiGet('/projects');
    expect(projects.items.find((p: { id: number }) => p.id === timer.project_id).name).toBe('Support retainer');
    await page.getByRole('button', { name: t('dashboard.pause') }).click();
    await page.getByText(t('dashboard.paused'), { exact: true }).waitFor();
    expect((await apiGet('/timer')).timer.paused).toBe(true);
    await page.getByRole('button', { name: t('dashboard.resume') }).click();
    await page.getByRole('button', { name: t('dashboard.pause') }).waitFor();
    await page.getByRole('button', { name: t('dashboard.stop'), exact: true }).click();
    await page.getByRole('button', { name: t('dashboard.start'), exact: true }).waitFor();
  });

  it('creates an API token with chosen scopes, shows the secret once, and revokes it', async () => {
    await page.goto('/settings/tokens');
    await page.getByRole('button', { name: t('tokens.createOne') }).click();
    const dialog = page.getByRole('dialog', { name: t('tokens.newTitle') });
    await dialog.getByLabel(t('common.name')).fill('invoice script');
    await dialog.getByLabel(/read:reports/).check();
    await dialog.getByRole('button', { name: t('tokens.create') }).click();
    const secret = page.getByLabel(t('tokens.secret'));
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^tt_/);

    const withToken = await fetch(`${server.url}/api/v1/reports/summary?group_by=project`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.status).toBe(200);
    const row = page.getByRole('row', { name: /invoice script/ });
    expect(await row.textContent()).toContain('read:reports');
    expect(await row.textContent()).toContain('read:time_entries');

    await page.getByRole('button', { name: t('tokens.done') }).click();
    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel(t('tokens.secret')).count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    await page.getByRole('button', { name: t('tokens.revokeName', { name: 'invoice script' }) }).click();
    await page
      .getByRole('dialog', { name: t('tokens.revokeTitle') })
      .getByRole('button', { name: t('tokens.revoke') })
      .click();
    await page.getByText(t('tokens.revoked', { name: 'invoice script' })).waitFor();
    await page.getByRole('heading', { name: t('tokens.emptyTitle') }).waitFor();
    const revoked = await fetch(`${server.url}/api/v1/reports/summary`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
  });

  it('shows both telemetry channels with their reasons, the install id and the payloads, and switches a channel', async () => {
    await page.goto('/admin/telemetry');
    const install = page.getByTestId('install-id');
    await install.waitFor();
    const status = await apiGet('/admin/telemetry');
    expect(await install.textContent()).toBe(status.install_id);
    // The page says the server's reason codes in the UI's language.
    expect(status.installation_telemetry.reason_code).toBe('stored_off');
    expect(status.product_analytics.reason_code).toBe('stored_on');
    expect(await page.getByTestId('installation-telemetry-reason').textContent()).toBe(
      t('telemetry.reasons.installation.stored_off'),
    );
    expect(await page.getByTestId('product-analytics-reason').textContent()).toBe(t('telemetry.reasons.product.stored_on'));

    // The page lists the payloads newest first, exactly as the API has them (a page view may land in between).
    const shown = JSON.parse((await page.locator('.payloads pre').first().textContent()) ?? '');
    expect(status.recent_events.slice(-2)).toContainEqual(shown);

    const allow = page.getByLabel(t('telemetry.allowInstall'));
    expect(await allow.isChecked()).toBe(false);
    await allow.check();
    await page.getByText(t('telemetry.installOn')).waitFor();
    expect((await apiGet('/admin/telemetry')).installation_telemetry.stored_enabled).toBe(true);
    await allow.uncheck();
    await page.getByText(t('telemetry.installOff')).waitFor();
    expect((await apiGet('/admin/telemetry')).installation_telemetry.stored_enabled).toBe(false);
  });

  it('saves the profile and changes the password, refusing a wrong current password', async () => {
    await page.goto('/settings');
    await page.getByLabel(t('common.fullName')).fill('Ada Admin');
    await page.getByLabel(t('common.email')).fill('ada@example.com');
    await page.getByRole('button', { name: t('settings.saveProfile') }).click();
    await page.getByText(t('settings.profileSaved')).waitFor();
    expect(await apiGet('/users/me')).toMatchObject({ full_name: 'Ada Admin', email: 'ada@example.com' });
    expect(await page.getByRole('navigation', { name: t('nav.main') }).textContent()).toContain('Ada Admin');

    await page.getByLabel(t('settings.currentPassword')).fill('not my password');
    await page.getByLabel(t('settings.newPassword'), { exact: true }).fill('a much better passphrase');
    await page.getByLabel(t('settings.repeatNew')).fill('a much better passphrase');
    await page.getByRole('button', { name: t('settings.changePassword') }).click();
    await page.getByText(t('settings.notCurrent')).waitFor();
    await page.getByLabel(t('settings.currentPassword')).fill('correct horse battery');
    await page.getByRole('button', { name: t('settings.changePassword') }).click();
    await page.getByText(t('settings.passwordChanged')).waitFor();
    const relogin = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'a much better passphrase' }),
    });
    expect(relogin.status).toBe(200);
  });

  it('follows the timer live in another tab (server-sent events), without a reload', async () => {
    await page.goto('/entries?range=last_week');
    await page.locator('li.entry').first().waitFor();
    expect(await page.locator('.timer-chip').count()).toBe(0);
    const other = await w.context.newPage();
    await other.goto('/');
    const picker = other.getByRole('combobox', { name: t('dashboard.projectOrTask') });
    await picker.fill('website');
    await picker.press('Enter');
    await other.getByRole('button', { name: t('dashboard.start'), exact: true }).click();
    await other.getByTestId('timer-elapsed').waitFor();
    await page.locator('.timer-chip').waitFor();
    expect(await page.locator('.timer-chip').textContent()).toContain('Website relaunch');
    await other.getByRole('button', { name: t('dashboard.stop'), exact: true }).click();
    await eventually(() => page.locator('.timer-chip').count()).toBe(0);
    await other.close();
  });

  it('deactivates a user, who can then no longer sign in', async () => {
    await admin.call('POST', '/users', { username: 'carol', password: 'carols password', role: 'user' });
    await page.goto('/admin/users');
    const row = page.getByRole('row', { name: /carol/ });
    await row.waitFor();
    await row.getByRole('button', { name: t('users.analyticsLabel', { username: 'carol' }) }).click();
    const pseudonym = row.locator('.analytics-id');
    await pseudonym.waitFor();
    expect(await pseudonym.textContent()).toMatch(/^\S+$/);
    expect(await pseudonym.textContent()).not.toContain('carol');
    await row.getByLabel(t('users.roleOf', { username: 'carol' })).selectOption('admin');
    await page.getByText(t('users.nowAdmin', { username: 'carol' })).waitFor();
    await row.getByRole('button', { name: t('users.deactivate') }).click();
    const ask = page.getByRole('dialog', { name: t('users.deactivate') });
    await ask.getByText(t('users.deactivateConfirm', { username: 'carol' })).waitFor();
    await ask.getByRole('button', { name: t('users.deactivate') }).click();
    await page.getByText(t('users.deactivated', { username: 'carol' })).waitFor();
    await row.getByText(t('users.statusDeactivated'), { exact: true }).waitFor();

    const other = await openPage(browser, server.url, { locale: BROWSER_LOCALE[lang] });
    await other.page.goto('/login');
    await other.page.getByLabel(t('common.username')).fill('carol');
    await other.page.getByLabel(t('common.password')).fill('carols password');
    await other.page.getByRole('button', { name: t('login.title'), exact: true }).click();
    await other.page.locator('.form-error').waitFor();
    expect(new URL(other.page.url()).pathname).toBe('/login');
    await other.context.close();
  });

  onceInGerman('keeps working after the user signs in again in another tab (new session, new CSRF token)', async () => {
    await page.goto('/settings');
    await page.getByLabel(t('settings.weeklyGoal')).waitFor();
    const other = await w.context.newPage();
    await other.goto('/login');
    const login = await other.evaluate(async () => {
      const { csrf_token } = await (await fetch('/api/v1/auth/session')).json();
      const res = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf_token },
        body: JSON.stringify({ username: 'admin', password: 'a much better passphrase' }),
      });
      return res.status;
    });
    expect(login).toBe(200);
    await other.close();
    const answers: number[] = [];
    const onResponse = (r: import('playwright-core').Response) => {
      if (r.url().endsWith('/api/v1/users/me/preferences') && r.request().method() === 'PATCH') answers.push(r.status());
    };
    page.on('response', onResponse);
    await page.getByLabel(t('settings.weeklyGoal')).fill('30');
    await page.getByRole('button', { name: t('settings.savePrefs') }).click();
    await page.getByText(t('settings.prefsSaved')).waitFor();
    page.off('response', onResponse);
    expect(answers).toEqual([403, 200]);
    expect((await apiGet('/users/me/preferences')).weekly_goal_hours).toBe(30);
  });

  onceInGerman('names every control for screen readers on the main pages', async () => {
    for (const path of ['/', '/entries?new=1', '/reports', '/projects', '/settings', '/admin/users', '/admin/telemetry']) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      await page.waitForTimeout(200);
      expect({ path, unlabelled: await unlabelledControls() }).toEqual({ path, unlabelled: [] });
    }
  });

  it('explains why an SSO sign-in failed on the login page', async () => {
    const anonymous = await openPage(browser, server.url, { locale: BROWSER_LOCALE[lang] });
    await anonymous.page.goto('/login?error=account_disabled');
    await anonymous.page
      .getByRole('alert')
      .filter({ hasText: t('login.oidc.account_disabled') })
      .waitFor();
    await anonymous.page.goto('/login?error=something_new');
    await anonymous.page.getByText(t('login.failedWords', { words: 'something new' })).waitFor();
    expect(await anonymous.page.getByRole('link', { name: /SSO/ }).count()).toBe(0);
    expect(anonymous.problems).toEqual([]);
    await anonymous.context.close();
  });

  onceInGerman('fits a 375 px phone: no sideways scrolling, navigation behind the menu button', async () => {
    const phone = await openPage(browser, server.url, { width: 375, height: 740, locale: BROWSER_LOCALE[lang] });
    const [name, value] = admin.cookie.split('=');
    await phone.context.addCookies([{ name: name as string, value: value as string, url: server.url }]);
    for (const path of [
      '/',
      '/entries?range=last_week',
      '/reports?range=last_7_days',
      '/projects',
      '/settings',
      '/admin/telemetry',
    ]) {
      await phone.page.goto(path);
      await phone.page.locator('h1').waitFor();
      await phone.page.waitForTimeout(300);
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 375 });
    }
    const nav = phone.page.getByRole('navigation', { name: t('nav.main') });
    expect(await nav.isVisible()).toBe(false);
    await phone.page.getByRole('button', { name: t('shell.menu') }).click();
    await nav.getByRole('link', { name: t('nav.reports') }).click();
    await phone.page.getByRole('heading', { name: t('nav.reports'), level: 1 }).waitFor();
    await eventually(() => nav.isVisible()).toBe(false);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('loaded nothing from elsewhere and logged no errors', () => {
    expect(w.foreign).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});
