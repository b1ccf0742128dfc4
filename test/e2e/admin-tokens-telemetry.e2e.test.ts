// A team's account chores in a real Chromium: a normal user's own API token (which reaches only their data and
// cannot be an admin token), the admin seeing and revoking it; the entries page's exports opened and read back
// (CSV with byte order mark and German column names, Excel numbers summed, both PDFs as text); an import check
// that names the overlap with an existing entry; the admin editing a user's name and e-mail and setting a new
// password; a deactivated user told so only with the right password; and the telemetry page with and without a
// PostHog key — at desktop and phone size.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, setupAdmin, type ApiSession } from './seed.js';
import { BROWSER_LOCALE, messages } from './i18n.js';
import {
  ensureWebBuild,
  eventually,
  launchBrowser,
  openPage,
  startPosthogSink,
  startServer,
  type TestServer,
} from './support.js';

const PASSWORD = 'correct horse battery';
const WEEK = '/entries?range=custom&from=2025-03-10&to=2025-03-16';
const de = messages('de');
const en = messages('en');

let browser: Browser;
let server: TestServer;
let keyed: TestServer;
let sink: Awaited<ReturnType<typeof startPosthogSink>>;
let admin: ApiSession;
let worker: ApiSession;
let ids: { admin: number; worker: number; project: number };

async function signIn(page: Page, t: typeof en, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(t('common.username')).fill(username);
  await page.getByLabel(t('common.password')).fill(password);
  await page.getByRole('button', { name: t('login.title'), exact: true }).click();
}

async function signedIn(base: string, t: typeof en, username: string, locale: string, size = { width: 1280, height: 800 }) {
  const w = await openPage(browser, base, { locale, ...size });
  await signIn(w.page, t, username, PASSWORD);
  await w.page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return w;
}

async function saved(download: Download): Promise<Buffer> {
  const file = await download.path();
  return fs.readFileSync(file);
}

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
  sink = await startPosthogSink();
  server = await startServer();
  keyed = await startServer({ POSTHOG_API_KEY: 'phc_e2e_admin', POSTHOG_HOST: sink.url });
  await setupAdmin(keyed.url);

  admin = await setupAdmin(server.url);
  await admin.call('PATCH', '/users/me', { email: 'boss@example.com' });
  await admin.call('POST', '/users', { username: 'worker', password: PASSWORD, role: 'user' });
  worker = await login(server.url, 'worker', PASSWORD);
  await worker.call('PATCH', '/users/me/preferences', { language: 'de' });
  const client = await admin.call<{ id: number }>('POST', '/clients', { name: 'Müller GmbH', default_hourly_rate: '80.00' });
  const project = await admin.call<{ id: number }>('POST', '/projects', { name: 'Website', client_id: client.id });
  ids = {
    admin: (await admin.call<{ id: number }>('GET', '/users/me')).id,
    worker: (await worker.call<{ id: number }>('GET', '/users/me')).id,
    project: project.id,
  };
  const entry = (day: number, from: string, to: string, notes: string) =>
    worker.call('POST', '/time-entries', {
      project_id: project.id,
      start_time: `2025-03-${day}T${from}:00Z`,
      end_time: `2025-03-${day}T${to}:00Z`,
      notes,
      billable: true,
    });
  await entry(10, '09:00', '11:00', 'Startseite überarbeiten');
  await entry(11, '13:00', '14:30', 'Größen prüfen');
  await entry(12, '08:15', '09:00', 'Abstimmung');
  await admin.call('POST', '/time-entries', {
    project_id: project.id,
    start_time: '2025-03-10T09:00:00Z',
    end_time: '2025-03-10T10:00:00Z',
    notes: 'admin only',
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await keyed?.close();
  await sink?.close();
});

describe('a normal user’s own API token', () => {
  let token = '';

  it('is created on Settings → API tokens without the admin scope, reaches only its owner’s data', async () => {
    const { page, problems } = await signedIn(server.url, de, 'worker', BROWSER_LOCALE.de);
    await page.goto('/settings/tokens');
    await page.getByRole('button', { name: de('tokens.createOne') }).click();
    const dialog = page.getByRole('dialog', { name: de('tokens.newTitle') });
    await dialog.getByLabel(de('common.name')).fill('Abrechnungsskript');
    expect(await dialog.getByLabel(/admin:all/).count()).toBe(0);
    await dialog.getByLabel(/read:time_entries/).check();
    await dialog.getByRole('button', { name: de('tokens.create') }).click();
    const secret = page.getByLabel(de('tokens.secret'));
    await secret.waitFor();
    token = await secret.inputValue();
    // A normal user has no "everyone's tokens" view.
    expect(await page.getByText(de('tokens.everyone')).count()).toBe(0);

    const get = (path: string) => fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    const own = await get('/time-entries?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z');
    expect(own.status).toBe(200);
    const items = ((await own.json()) as { items: { user_id: number; notes: string }[] }).items;
    expect(items.map((e) => e.notes).sort()).toEqual(['Abstimmung', 'Größen prüfen', 'Startseite überarbeiten']);
    expect(items.every((e) => e.user_id === ids.worker)).toBe(true);
    expect((await get(`/time-entries?user_id=${ids.admin}`)).status).toBe(403);
    expect((await get(`/time-entries?user_id=all`)).status).toBe(403);
    // Asking the API directly for an admin token is refused too.
    await expect(worker.call('POST', '/tokens', { name: 'sneaky', scopes: ['admin:all'] })).rejects.toThrow(/403/);
    expect(problems).toEqual([]);
  });

  it('is seen with its owner by the admin, who revokes it behind a dialog', async () => {
    const { page, problems } = await signedIn(server.url, en, 'admin', BROWSER_LOCALE.en);
    await page.goto('/settings/tokens');
    await page.getByText(en('tokens.everyone')).click();
    const row = page.getByRole('row', { name: /Abrechnungsskript/ });
    await row.waitFor();
    expect(await row.getByTestId('token-owner').textContent()).toBe('worker');
    await row.getByRole('button', { name: en('tokens.revokeName', { name: 'Abrechnungsskript' }) }).click();
    const confirm = page.getByRole('dialog', { name: en('tokens.revokeTitle') });
    expect(await confirm.textContent()).toContain(en('tokens.revokeConfirm', { name: 'Abrechnungsskript' }));
    await confirm.getByRole('button', { name: en('tokens.revoke') }).click();
    await page.getByText(en('tokens.revoked', { name: 'Abrechnungsskript' })).waitFor();
    await eventually(() => row.count()).toBe(0);
    const after = await fetch(`${server.url}/api/v1/time-entries`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(problems).toEqual([]);
  });
});

describe('exports opened from the entries page (German)', () => {
  let page: Page;
  beforeAll(async () => {
    page = (await signedIn(server.url, de, 'worker', BROWSER_LOCALE.de)).page;
    await page.goto(WEEK);
    await page.getByText('Startseite überarbeiten').waitFor();
    await page.getByText(de('reports.export'), { exact: true }).click();
  });

  const download = async (name: string) => {
    const link = page.locator('.export-menu-panel').getByRole('link', { name, exact: true });
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    return saved(file);
  };

  it('CSV for Excel: a byte order mark, German column names, the filtered week', async () => {
    expect(await page.getByLabel(de('reports.exportBom')).isChecked()).toBe(true);
    expect(await page.getByLabel(de('reports.exportLabels')).isChecked()).toBe(true);
    const csv = await download('CSV');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toMatch(/^ID,Datum,Beginn,Ende,/);
    expect(text).toContain('Größen prüfen');
    expect(text).toContain('Müller GmbH');
    expect(text).not.toContain('admin only');
  });

  it('Excel: real numbers that add up to the week', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('Excel')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const seconds = header.indexOf('Dauer (Sekunden)');
    expect(seconds).toBeGreaterThan(0);
    const rows = Array.from({ length: sheet.rowCount - 2 }, (_, i) => sheet.getRow(i + 2).getCell(seconds).value);
    expect(rows.every((v) => typeof v === 'number')).toBe(true);
    expect((rows as number[]).reduce((a, b) => a + b, 0)).toBe(7200 + 5400 + 2700);
  });

  it('both PDFs read as text: the filters in words and the total', async () => {
    const text = (pdf: Buffer) => {
      const file = `${fs.mkdtempSync('/tmp/tt-pdf-')}/x.pdf`;
      fs.writeFileSync(file, pdf);
      return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    };
    const summary = text(await download('PDF'));
    expect(summary).toContain('Gruppiert nach: Projekt');
    expect(summary).toContain('Website');
    expect(summary).toMatch(/4:15/);
    const entries = text(await download(de('reports.entriesPdf')));
    expect(entries).toContain('Größen prüfen');
    expect(entries).toContain('Abstimmung');
    expect(entries).toMatch(/4:15/);
  });

  it('the import check lists the overlap with an existing entry', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: de('entries.importCsv') }).click();
    const dialog = page.getByRole('dialog');
    const csv = [
      'Client,Project,Description,Start date,Start time,End date,End time',
      'Müller GmbH,Website,Überschneidung,2025-03-10,10:00:00,2025-03-10,10:30:00',
      'Müller GmbH,Website,Frei,2025-03-13,14:00:00,2025-03-13,15:00:00',
    ].join('\n');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'toggl.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: de('import.check') }).click();
    const errors = dialog.locator('.import-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/overlaps your entry \d+/);
    expect(await dialog.getByTestId('import-summary').textContent()).toBe(de('import.rowErrors', { count: 1 }));
  });
});

describe('the admin looks after a user’s account', () => {
  it('edits name and e-mail (a taken address is said beside the field) and sets a new password', async () => {
    const { page, problems } = await signedIn(server.url, en, 'admin', BROWSER_LOCALE.en);
    await page.goto('/admin/users');
    await page.getByRole('button', { name: en('users.editLabel', { username: 'worker' }) }).click();
    const edit = page.getByRole('dialog', { name: en('users.editTitle', { username: 'worker' }) });
    await edit.getByLabel(en('common.fullName')).fill('Grace Worker');
    await edit.getByLabel(en('common.email')).fill('BOSS@example.com');
    await edit.getByRole('button', { name: en('users.save') }).click();
    await edit.getByText(en('users.emailTaken')).waitFor();
    await edit.getByLabel(en('common.email')).fill('grace@example.com');
    await edit.getByRole('button', { name: en('users.save') }).click();
    await page.getByText(en('users.saved', { username: 'worker' })).waitFor();
    await page.getByRole('row', { name: /Grace Worker · grace@example\.com/ }).waitFor();

    await page.getByRole('button', { name: en('users.resetPasswordLabel', { username: 'worker' }) }).click();
    const reset = page.getByRole('dialog', { name: en('users.resetPasswordTitle', { username: 'worker' }) });
    await reset.getByLabel(en('settings.newPassword'), { exact: true }).fill('a brand new secret');
    await reset.getByLabel(en('settings.repeatNew')).fill('a brand new secret');
    await reset.getByRole('button', { name: en('users.setPassword') }).click();
    await page.getByText(en('users.passwordSet', { username: 'worker' })).waitFor();
    await login(server.url, 'worker', 'a brand new secret');
    await expect(login(server.url, 'worker', PASSWORD)).rejects.toThrow(/401/);
    await admin.call('POST', `/users/${ids.worker}/password`, { new_password: PASSWORD });
    expect(problems).toEqual([]);
  });

  it('a deactivated user is told so after the right password, and only then', async () => {
    await admin.call('PATCH', `/users/${ids.worker}`, { active: false });
    const { page } = await openPage(browser, server.url, { locale: BROWSER_LOCALE.de });
    await signIn(page, de, 'worker', 'not the password');
    await page.getByText(de('login.wrong')).waitFor();
    await signIn(page, de, 'worker', PASSWORD);
    await page.getByText(de('errors.api.account_deactivated')).waitFor();
    expect(page.url()).toContain('/login');
    await admin.call('PATCH', `/users/${ids.worker}`, { active: true });
  });
});

describe.each([
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const)('the telemetry page in plain words (%s)', (_label, size) => {
  const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('without a key: nothing is sent to anyone, no host, a way to set PostHog up', async () => {
    const { page, problems } = await signedIn(server.url, en, 'admin', BROWSER_LOCALE.en, size);
    await page.goto('/admin/telemetry');
    const recipient = page.getByTestId('telemetry-recipient');
    await recipient.waitFor();
    const text = (await recipient.textContent()) ?? '';
    expect(text).toContain(en('telemetry.recipientNoKey'));
    expect(await page.getByTestId('api-key-state').textContent()).toBe(en('telemetry.keyNotSet'));
    expect(await page.getByText(en('telemetry.host'), { exact: true }).count()).toBe(0);
    expect(await recipient.getByRole('link').getAttribute('href')).toBe('https://posthog.com/docs');
    for (const id of ['installation-telemetry', 'product-analytics'])
      expect(await page.getByTestId(`${id}-reason`).textContent()).toMatch(/^Off: no PostHog key is set/);
    expect(await page.getByText(en('telemetry.installDefault')).count()).toBe(1);
    expect(await page.getByText(en('telemetry.productDefault')).count()).toBe(1);
    expect(await page.getByTestId('counters').textContent()).toContain(en('telemetry.counterDroppedHelp'));
    expect(await fits(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('with a key: your own project at its host, the channels’ state and why', async () => {
    const { page, problems } = await signedIn(keyed.url, en, 'admin', BROWSER_LOCALE.en, size);
    await page.goto('/admin/telemetry');
    const recipient = page.getByTestId('telemetry-recipient');
    await recipient.waitFor();
    expect(await recipient.textContent()).toContain(
      `your own PostHog project at ${sink.url} — not to the TimeTracker developers`,
    );
    expect(await page.getByTestId('api-key-state').textContent()).toBe(en('telemetry.keySet'));
    expect(await page.getByTestId('installation-telemetry-reason').textContent()).toBe(
      en('telemetry.reasons.installation.stored_off'),
    );
    expect(await page.getByTestId('product-analytics-reason').textContent()).toBe(en('telemetry.reasons.product.stored_on'));
    expect(await fits(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
