// The web UI in German, in a real Chromium: the setup wizard and the login page follow the browser's language, the
// Settings page switches the signed-in UI to German at once, and then every page and the cheap dialogs show no
// English UI text. "English UI text" is every English message that reads differently in German (split at its
// {{variables}} and <tags>); what the seeded account itself contains (names, notes, tags) is removed first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import de from '../../src/web/i18n/locales/de.js';
import en from '../../src/web/i18n/locales/en.js';
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

let server: TestServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;
const userData: string[] = [];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const wordIn = (text: string, words: string) => new RegExp(`(^|[^\\p{L}])${escape(words)}($|[^\\p{L}])`, 'u').test(text);

/** English fragments that must not appear in the German UI (words German shares, such as "Start", do not count). */
function englishFragments(): string[] {
  const german = flatten(de);
  const allGerman = [...german.values()].join('\n');
  const out = new Set<string>();
  for (const [key, text] of flatten(en)) {
    const translated = german.get(key) ?? german.get(key.replace(/_(one|other)$/, '_other')) ?? '';
    if (translated === text) continue;
    for (const raw of text.split(/\{\{[^}]*\}\}|<[^>]+>/)) {
      const piece = raw.trim().replace(/^[\s(:,·–—.]+|[\s(:,·–—]+$/g, '');
      if (piece.length <= 3 || !/[a-z]{2}/i.test(piece) || wordIn(allGerman, piece)) continue;
      out.add(piece);
    }
  }
  return [...out];
}

const FRAGMENTS = englishFragments();

/**
 * Visible text, option texts, placeholders, labels and titles of the page, without the account's own data and
 * without literal identifiers (<code>, <pre>, <kbd>: scopes, variables, payloads, keys).
 */
async function visibleText(): Promise<string> {
  const { text, literals } = await page.evaluate(() => {
    const parts = [document.body.innerText, document.title];
    for (const el of document.querySelectorAll<HTMLElement>('option, [placeholder], [aria-label], [title]')) {
      if (el.tagName === 'OPTION') parts.push(el.textContent ?? '');
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(attr);
        if (value) parts.push(value);
      }
    }
    const codes = [...document.querySelectorAll<HTMLElement>('code, pre, kbd')].map((el) => el.innerText);
    return { text: parts.join('\n'), literals: codes.filter(Boolean) };
  });
  return [...literals, ...userData].reduce((t, data) => t.split(data).join(' '), text);
}

async function englishOn(): Promise<string[]> {
  const text = await visibleText();
  return FRAGMENTS.filter((f) => wordIn(text, f));
}

/** Waits for the page heading and for every skeleton to be gone, then expects no English. */
async function expectGerman(heading: string | RegExp, where: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
  await eventually(() => page.locator('[aria-busy="true"]').count()).toBe(0);
  expect(await englishOn(), where).toEqual([]);
}

async function visit(path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await expectGerman(heading, path);
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

  it('has enough English to look for', () => {
    expect(FRAGMENTS.length).toBeGreaterThan(300);
    expect(FRAGMENTS).toContain('Time entries');
  });

  it('runs the setup wizard in the browser’s language', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expectGerman('Willkommen! Richten wir TimeTracker ein', 'setup');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Passwort wiederholen').fill('etwas anderes');
    await page.getByRole('button', { name: 'Administrator anlegen und anmelden' }).click();
    await page.getByText('Die Passwörter stimmen nicht überein.').waitFor();
    expect(await englishOn(), 'setup with an error').toEqual([]);
    await page.getByLabel('Passwort wiederholen').fill(PASSWORD);
    await page.getByRole('button', { name: 'Administrator anlegen und anmelden' }).click();
    // The new admin's preference is English (the server's default): the UI follows it after sign-in.
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('switches to German at once from the Settings page', async () => {
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
      ...tasks.items.map((t) => t.name),
      ...entries.items.flatMap((e) => [e.notes ?? '', ...e.tags]),
      timer.timer?.notes ?? '',
      'admin',
    );
    userData.splice(0, userData.length, ...userData.filter(Boolean).sort((a, b) => b.length - a.length));

    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor();
    await page.getByText('Einstellungen gespeichert.').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await englishOn(), 'settings right after switching').toEqual([]);
  });

  it('shows every page in German', async () => {
    await visit('/', 'Dashboard');
    await visit('/entries?range=this_month', 'Zeiteinträge');
    await visit('/reports', 'Berichte');
    await visit('/reports?group_by=week&range=last_7_days', 'Berichte');
    await visit('/projects', 'Projekte');
    await visit('/clients', 'Kunden');
    await visit('/tasks', 'Aufgaben');
    await visit('/settings', 'Einstellungen');
    await visit('/admin/users', 'Benutzer');
    await visit('/settings/tokens', 'API-Tokens');
    await visit('/admin/telemetry', 'Telemetrie');
    await visit('/privacy', 'Datenschutz und Telemetrie');
    await visit('/no/such/page', 'Seite nicht gefunden');
    expect(await page.title()).toMatch(/^▶ \d+:\d\d:\d\d · /);
  });

  it('shows the dialogs, the bulk bar, the palette and the shortcut help in German', async () => {
    await visit('/entries?range=this_month&new=1', 'Zeiteinträge');
    await page.getByRole('dialog', { name: 'Neuer Zeiteintrag' }).waitFor();
    expect(await englishOn(), 'new entry').toEqual([]);
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'CSV importieren' }).click();
    await page.getByRole('dialog', { name: 'Zeiteinträge importieren' }).waitFor();
    expect(await englishOn(), 'import').toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('li.entry input[type="checkbox"]').first().check();
    await page.getByRole('region', { name: 'Sammelaktionen' }).waitFor();
    expect(await englishOn(), 'bulk bar').toEqual([]);

    const dialogs: [string, string, string][] = [
      ['/projects', 'Neues Projekt', 'Neues Projekt'],
      ['/clients', 'Neuer Kunde', 'Neuer Kunde'],
      ['/tasks', 'Neue Aufgabe', 'Neue Aufgabe'],
      ['/admin/users', 'Neuer Benutzer', 'Neuer Benutzer'],
      ['/settings/tokens', 'Neues Token', 'Neues API-Token'],
    ];
    for (const [path, button, title] of dialogs) {
      await page.goto(path);
      await page.getByRole('button', { name: button }).first().click();
      await page.getByRole('dialog', { name: title }).waitFor();
      expect(await englishOn(), `${path} dialog`).toEqual([]);
    }

    // An API error in the UI's words: the client's name is taken.
    await page.goto('/clients');
    await page.getByRole('button', { name: 'Neuer Kunde' }).click();
    await page.getByRole('dialog', { name: 'Neuer Kunde' }).getByLabel('Name').fill('Globex');
    await page.getByRole('button', { name: 'Kunden anlegen' }).click();
    await page.getByText('Dieser Name ist bereits vergeben. Wählen Sie einen anderen.').waitFor();
    await page.keyboard.press('Escape');

    await page.goto('/');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Befehlspalette' }).waitFor();
    expect(await englishOn(), 'command palette').toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Tastenkürzel' }).waitFor();
    expect(await englishOn(), 'shortcut help').toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('signs out to a German login page and back in', async () => {
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await expectGerman('Anmelden', 'login');
    await page.getByLabel('Benutzername').fill('admin');
    await page.getByLabel('Passwort').fill('falsch');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByText('Benutzername oder Passwort ist falsch.').waitFor();
    await page.goto('/login?error=account_link_required');
    await page.getByText(/nicht mit Ihrer Single-Sign-on-Identität verknüpft/).waitFor();
    expect(await englishOn(), 'login with an SSO error').toEqual([]);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByLabel('Benutzername').fill('admin');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(w.problems).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
