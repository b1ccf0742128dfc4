// Managing things in a lived-in account (seeded through the API): bulk actions with undo, the catalog's search,
// archive and in-use rules, API tokens shown once, the telemetry page, the command palette, SSO error messages,
// labels on every control, and the layout on a 375 px phone.
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
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        const byLabel = 'labels' in el && (el as HTMLInputElement).labels && (el as HTMLInputElement).labels!.length > 0;
        const text = el.tagName === 'BUTTON' && (el.textContent ?? '').trim().length > 0;
        return !(labelled || byLabel || text);
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

describe('managing projects, entries, tokens and telemetry', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    posthog = await startPosthogSink();
    server = await startServer({ POSTHOG_API_KEY: 'phc_test_only', POSTHOG_HOST: posthog.url });
    admin = await setupAdmin(server.url);
    await seedDemo(admin, { runningTimer: false });
    browser = await launchBrowser();
    w = await openPage(browser, server.url);
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
      .poll(async () => (await rows.locator('.entry-notes').allTextContents()).every((t) => t.includes('Ticket')))
      .toBe(true);
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (const text of await rows.locator('.entry-notes').allTextContents()) expect(text).toContain('Ticket');

    await page.getByLabel(`Select all ${count}`).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText(`${count} selected`).waitFor();
    await bulk.getByRole('button', { name: 'Mark not billable' }).click();
    await page.getByText('Marked not billable.').waitFor();
    await eventually(() => page.locator('li.entry .badge-good').count()).toBe(0);

    await page.getByLabel(`Select all ${count}`).check();
    await bulk.getByLabel('Tag').fill('triage');
    await bulk.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('Tags added.').waitFor();
    await eventually(() => page.locator('li.entry .badge', { hasText: 'triage' }).count()).toBe(count);

    await page.getByLabel(`Select all ${count}`).check();
    await bulk.getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`${count} ${count === 1 ? 'entry' : 'entries'} deleted.`).waitFor();
    await page.getByRole('heading', { name: 'No entries in this period' }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Entries restored.').waitFor();
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
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import time entries' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Check file' }).click();
    const summary = dialog.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toBe(`1 to import, ${week.items.length - 1} already there.`);
    await dialog.getByRole('button', { name: 'Import 1 entry' }).click();
    await page.getByText(`1 entry imported, ${week.items.length - 1} duplicates skipped.`).waitFor();
    await eventually(() => page.locator('li.entry').count()).toBe(before + 1);
  });

  it('searches projects, archives one out of the pickers, and explains why a used project cannot be deleted', async () => {
    await page.goto('/projects');
    await page.getByRole('row', { name: /Website relaunch/ }).waitFor();
    await page.getByLabel('Search projects').fill('mob');
    await eventually(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('Mobile app');
    await page.getByLabel('Search projects').fill('');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete Internal' }).click();
    await page.getByText('This project has recorded time and cannot be deleted. Archive it instead.').waitFor();

    await page.getByRole('button', { name: 'Archive Internal' }).click();
    await page.getByText('“Internal” archived.').waitFor();
    await eventually(() => page.getByRole('row', { name: /Internal/ }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('archived');
    await page.getByRole('row', { name: /Internal/ }).waitFor();

    await page.goto('/');
    await page.locator('#timer-project').click();
    const options = await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').allTextContents();
    expect(options.some((o) => o.startsWith('Website relaunch'))).toBe(true);
    expect(options.some((o) => o.startsWith('Internal'))).toBe(false);
    await page.keyboard.press('Escape');
  });

  it('adds a task to a project, moves it through its statuses, and offers it in the timer picker', async () => {
    await page.goto('/tasks');
    await page.getByRole('row', { name: /Design system/ }).waitFor();
    await page.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Project').selectOption({ label: 'Mobile app' });
    await dialog.getByLabel('Name').fill('Release checklist');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    const row = page.getByRole('row', { name: /Release checklist/ });
    await row.waitFor();
    await row.getByLabel('Status of Release checklist').selectOption('in_progress');
    await page.getByText('“Release checklist” is now in progress.').waitFor();
    const tasks = await apiGet('/tasks');
    expect(tasks.items.find((t: { name: string }) => t.name === 'Release checklist')).toMatchObject({ status: 'in_progress' });

    await page.goto('/');
    const picker = page.locator('#timer-project');
    await picker.fill('release');
    const option = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await eventually(() => option.count()).toBe(1);
    expect(await option.textContent()).toContain('Mobile app · task');
    await picker.press('Enter');
    await eventually(() => picker.inputValue()).toBe('Mobile app › Release checklist');
  });

  it('starts a timer on a project from the command palette', async () => {
    await page.locator('h1').click();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await page.keyboard.type('start support');
    await page.keyboard.press('Enter');
    await page.getByTestId('timer-elapsed').waitFor();
    const { timer } = await apiGet('/timer');
    const projects = await apiGet('/projects');
    expect(projects.items.find((p: { id: number }) => p.id === timer.project_id).name).toBe('Support retainer');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('paused', { exact: true }).waitFor();
    expect((await apiGet('/timer')).timer.paused).toBe(true);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
  });

  it('creates an API token with chosen scopes, shows the secret once, and revokes it', async () => {
    await page.goto('/settings/tokens');
    await page.getByRole('button', { name: 'Create a token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await dialog.getByLabel('Name').fill('invoice script');
    await dialog.getByLabel(/read:reports/).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('Token secret');
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

    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel('Token secret').count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke invoice script' }).click();
    await page.getByText('Token “invoice script” revoked.').waitFor();
    await page.getByRole('heading', { name: 'No API tokens' }).waitFor();
    const revoked = await fetch(`${server.url}/api/v1/reports/summary`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
  });

  it('shows both telemetry channels with their reasons, the install id and the payloads, and switches a channel', async () => {
    await page.goto('/admin/telemetry');
    const install = page.getByTestId('install-id');
    await install.waitFor();
    const status = await apiGet('/admin/telemetry');
    expect(await install.textContent()).toBe(status.install_id);
    expect(await page.getByTestId('installation-telemetry-reason').textContent()).toBe(status.installation_telemetry.reason);
    expect(await page.getByTestId('product-analytics-reason').textContent()).toBe(status.product_analytics.reason);

    // The page lists the payloads newest first, exactly as the API has them (a page view may land in between).
    const shown = JSON.parse((await page.locator('.payloads pre').first().textContent()) ?? '');
    expect(status.recent_events.slice(-2)).toContainEqual(shown);

    const allow = page.getByLabel('Allow installation telemetry');
    expect(await allow.isChecked()).toBe(false);
    await allow.check();
    await page.getByText('Installation telemetry switched on.').waitFor();
    expect((await apiGet('/admin/telemetry')).installation_telemetry.stored_enabled).toBe(true);
    await allow.uncheck();
    await page.getByText('Installation telemetry switched off.').waitFor();
    expect((await apiGet('/admin/telemetry')).installation_telemetry.stored_enabled).toBe(false);
  });

  it('saves the profile and changes the password, refusing a wrong current password', async () => {
    await page.goto('/settings');
    await page.getByLabel('Full name').fill('Ada Admin');
    await page.getByLabel('E-mail').fill('ada@example.com');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    expect(await apiGet('/users/me')).toMatchObject({ full_name: 'Ada Admin', email: 'ada@example.com' });
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).toContain('Ada Admin');

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('a much better passphrase');
    await page.getByLabel('Repeat new password').fill('a much better passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#password .field-error').first().waitFor();
    await page.getByLabel('Current password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
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
    await other.locator('#timer-project').fill('website');
    await other.locator('#timer-project').press('Enter');
    await other.getByRole('button', { name: 'Start', exact: true }).click();
    await other.getByTestId('timer-elapsed').waitFor();
    await page.locator('.timer-chip').waitFor();
    expect(await page.locator('.timer-chip').textContent()).toContain('Website relaunch');
    await other.getByRole('button', { name: 'Stop', exact: true }).click();
    await eventually(() => page.locator('.timer-chip').count()).toBe(0);
    await other.close();
  });

  it('deactivates a user, who can then no longer sign in', async () => {
    await admin.call('POST', '/users', { username: 'carol', password: 'carols password', role: 'user' });
    await page.goto('/admin/users');
    const row = page.getByRole('row', { name: /carol/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Show the analytics id of carol' }).click();
    const pseudonym = row.locator('.analytics-id');
    await pseudonym.waitFor();
    expect(await pseudonym.textContent()).toMatch(/^\S+$/);
    expect(await pseudonym.textContent()).not.toContain('carol');
    await row.getByLabel('Role of carol').selectOption('admin');
    await page.getByText('carol is now an admin.').waitFor();
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('carol deactivated.').waitFor();
    await row.getByText('deactivated', { exact: true }).waitFor();

    const other = await openPage(browser, server.url);
    await other.page.goto('/login');
    await other.page.getByLabel('Username').fill('carol');
    await other.page.getByLabel('Password').fill('carols password');
    await other.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.page.locator('.form-error').waitFor();
    expect(new URL(other.page.url()).pathname).toBe('/login');
    await other.context.close();
  });

  it('keeps working after the user signs in again in another tab (new session, new CSRF token)', async () => {
    await page.goto('/settings');
    await page.getByLabel('Weekly goal (hours)').waitFor();
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
    await page.getByLabel('Weekly goal (hours)').fill('30');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').waitFor();
    page.off('response', onResponse);
    expect(answers).toEqual([403, 200]);
    expect((await apiGet('/users/me/preferences')).weekly_goal_hours).toBe(30);
  });

  it('names every control for screen readers on the main pages', async () => {
    for (const path of ['/', '/entries?new=1', '/reports', '/projects', '/settings', '/admin/users', '/admin/telemetry']) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      await page.waitForTimeout(200);
      expect({ path, unlabelled: await unlabelledControls() }).toEqual({ path, unlabelled: [] });
    }
  });

  it('explains why an SSO sign-in failed on the login page', async () => {
    const anonymous = await openPage(browser, server.url);
    await anonymous.page.goto('/login?error=account_disabled');
    await anonymous.page.getByRole('alert').filter({ hasText: 'Your account is deactivated. Ask your administrator.' }).waitFor();
    await anonymous.page.goto('/login?error=something_new');
    await anonymous.page.getByText('Sign-in failed: something new.').waitFor();
    expect(await anonymous.page.getByRole('link', { name: /SSO/ }).count()).toBe(0);
    expect(anonymous.problems).toEqual([]);
    await anonymous.context.close();
  });

  it('fits a 375 px phone: no sideways scrolling, navigation behind the menu button', async () => {
    const phone = await openPage(browser, server.url, { width: 375, height: 740 });
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
    const nav = phone.page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    await phone.page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'Reports' }).click();
    await phone.page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await eventually(() => nav.isVisible()).toBe(false);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('loaded nothing from elsewhere and logged no errors', () => {
    expect(w.foreign).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});
