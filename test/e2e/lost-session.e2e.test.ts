// A draft survives a lost session: signing out in another tab (or a session that ended while the tab was idle or
// offline) brings up a sign-in dialog over the page; the form behind it keeps what was typed, and the save that
// failed runs again once the same user is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { setupAdmin, type ApiSession } from './seed.js';
import { ensureWebBuild, eventually, launchBrowser, openPage, startServer, type TestServer, type WatchedPage } from './support.js';

const PASSWORD = 'correct horse battery';
const DAY = '/entries?range=custom&from=2025-03-10&to=2025-03-16';

let server: TestServer;
let browser: Browser;
let api: ApiSession;

async function signedInPage(blockLiveStream = false): Promise<WatchedPage> {
  const w = await openPage(browser, server.url);
  // Without the live stream the tab cannot learn of the sign-out: it finds out at its next save (a 401).
  if (blockLiveStream) await w.page.route('**/api/v1/events', (route) => route.abort());
  await w.page.goto('/login');
  await w.page.getByLabel('Username').fill('admin');
  await w.page.getByLabel('Password').fill(PASSWORD);
  await w.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await w.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  return w;
}

/** Signs the browser context's session out from a second tab, as a user would. */
async function signOutInAnotherTab(w: WatchedPage): Promise<void> {
  const other = await w.context.newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Sign out' }).click();
  await other.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await other.close();
}

async function fillDraft(page: Page, notes: string, start: string): Promise<void> {
  await page.goto(DAY);
  await page.getByRole('button', { name: /^New entry/ }).click();
  const dialog = page.getByRole('dialog', { name: 'New time entry' });
  const project = dialog.getByRole('combobox', { name: 'Project' });
  await project.click();
  await project.fill('Website');
  await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /^Website/ }).first().click();
  await dialog.getByLabel('Date').fill('2025-03-12');
  await dialog.getByLabel('Start', { exact: true }).fill(start);
  await dialog.getByLabel('End', { exact: true }).fill(`${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`);
  await dialog.getByLabel('Notes').fill(notes);
}

async function signInAgain(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Signed out' });
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function notesSaved(): Promise<string[]> {
  const page = await api.call<{ items: { notes: string | null }[] }>('GET', '/time-entries?limit=50');
  return page.items.map((e) => e.notes ?? '');
}

describe('a draft survives a lost session', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    api = await setupAdmin(server.url);
    await api.call('POST', '/projects', { name: 'Website' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an idle tab says at once that it was signed out, and the draft is saved after signing in again', async () => {
    const w = await signedInPage();
    await fillDraft(w.page, 'Draft kept across tabs', '09:00');
    await signOutInAnotherTab(w);

    // Told by the live stream, before any save is tried.
    const signIn = w.page.getByRole('dialog', { name: 'Signed out' });
    await signIn.waitFor();
    expect(await signIn.textContent()).toMatch(/in another tab, or your session expired/);
    await signInAgain(w.page);

    const form = w.page.getByRole('dialog', { name: 'New time entry' });
    expect(await form.getByLabel('Notes').inputValue()).toBe('Draft kept across tabs');
    await form.getByRole('button', { name: 'Add entry' }).click();
    await w.page.locator('li.entry').filter({ hasText: 'Draft kept across tabs' }).waitFor();
    await eventually(notesSaved).toContain('Draft kept across tabs');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('a save that meets an ended session runs again by itself after signing in', async () => {
    const w = await signedInPage(true);
    await fillDraft(w.page, 'Saved after the 401', '11:00');
    await signOutInAnotherTab(w);

    await w.page.getByRole('dialog', { name: 'New time entry' }).getByRole('button', { name: 'Add entry' }).click();
    const signIn = w.page.getByRole('dialog', { name: 'Signed out' });
    await signIn.waitFor();
    expect(await signIn.textContent()).toMatch(/last change is not saved yet/);
    expect(await notesSaved()).not.toContain('Saved after the 401');
    await signInAgain(w.page);

    // No second click: the failed request was sent again with the new session.
    await w.page.locator('li.entry').filter({ hasText: 'Saved after the 401' }).waitFor();
    expect((await notesSaved()).filter((n) => n === 'Saved after the 401')).toHaveLength(1);
    await w.context.close();
  });

  it('giving up leads to the sign-in page and saves nothing', async () => {
    const w = await signedInPage();
    await fillDraft(w.page, 'Given up', '14:00');
    await signOutInAnotherTab(w);
    const signIn = w.page.getByRole('dialog', { name: 'Signed out' });
    await signIn.getByRole('button', { name: /^Go to the sign-in page/ }).click();
    await w.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(new URL(w.page.url()).pathname).toBe('/login');
    expect(await notesSaved()).not.toContain('Given up');
    await w.context.close();
  });
});
