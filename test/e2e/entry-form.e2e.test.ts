// The entry form and the entries page's filters in Chromium, at desktop and phone size: an end before the start
// asks "Ends the next day?", "Duplicate entry" prefills the form, a project is pinned in the picker and listed
// first, the tag filter suggests the user's tags and applies while typing, the Yesterday preset lands in the
// address, and on a phone an entry's text keeps the row's width (it used to wrap into a 150 px column).
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
const DAY = 86_400_000;

let server: TestServer;
let browser: Browser;
let api: ApiSession;
let website: number;
let mobile: number;

interface Entry {
  id: number;
  start_time: string;
  end_time: string;
  notes: string | null;
  tags: string[];
  billable: boolean;
}

const utcDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
const withNotes = async (notes: string) =>
  (
    await api.call<{ items: Entry[] }>(
      'GET',
      `/time-entries?q=${encodeURIComponent(notes)}&from=${utcDay(10)}T00:00:00Z&to=${utcDay(-2)}T00:00:00Z`,
    )
  ).items;

beforeAll(async () => {
  await ensureWebBuild();
  server = await startServer();
  browser = await launchBrowser();
  api = await setupAdmin(server.url, 'admin', PASSWORD);
  await api.call('PATCH', '/users/me/preferences', { timezone: 'UTC', time_format: '24h', date_format: 'DD.MM.YYYY' });
  website = (await api.call<{ id: number }>('POST', '/projects', { name: 'Website', color: '#2563eb' })).id;
  mobile = (await api.call<{ id: number }>('POST', '/projects', { name: 'Mobile app', color: '#16a34a' })).id;
  await api.call('POST', '/time-entries', {
    project_id: website,
    start_time: `${utcDay(1)}T10:00:00Z`,
    end_time: `${utcDay(1)}T11:00:00Z`,
    notes: 'Long notes about the homepage hero image and the navigation of the new site, written yesterday',
    tags: ['client-x', 'design'],
    billable: false,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

for (const size of [
  { name: 'desktop', width: 1280, height: 800, daysAgo: 2 },
  { name: 'phone', width: 390, height: 844, daysAgo: 3 },
]) {
  describe(`the entry form on ${size.name}`, () => {
    let w: WatchedPage;
    let page: Page;

    beforeAll(async () => {
      w = await openPage(browser, server.url, { width: size.width, height: size.height });
      page = w.page;
      await page.goto('/login?next=%2Fentries');
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Entries' }).waitFor();
    });
    afterAll(async () => {
      expect(w.problems).toEqual([]);
      await w.context.close();
    });

    it('filters by the Yesterday preset, kept in the address', async () => {
      await page.getByLabel('Period').selectOption({ label: 'Yesterday' });
      await eventually(() => new URL(page.url()).searchParams.get('range')).toBe('yesterday');
      await page.locator('li.entry .entry-notes', { hasText: 'homepage hero' }).waitFor();
      expect(await page.locator('.filters-range').textContent()).toContain(utcDay(1).split('-').reverse().join('.'));
    });

    it('suggests the user’s tags and applies the tag while typing', async () => {
      const tag = page.getByRole('combobox', { name: 'Tag' });
      const list = await tag.getAttribute('list');
      await eventually(() =>
        page.locator(`datalist[id="${list}"] option`).evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
      ).toEqual(['client-x', 'design']);
      await tag.pressSequentially('client-x');
      await eventually(() => new URL(page.url()).searchParams.get('tag')).toBe('client-x');
      await page.locator('li.entry .entry-notes', { hasText: 'homepage hero' }).waitFor();
      await tag.fill('');
      await eventually(() => new URL(page.url()).searchParams.get('tag')).toBe(null);
    });

    it('keeps an entry’s text wide (not squeezed beside its buttons)', async () => {
      const row = page.locator('li.entry', { hasText: 'homepage hero' });
      const notes = row.locator('.entry-notes');
      const [text, whole] = [await notes.boundingBox(), await row.boundingBox()];
      if (!text || !whole) throw new Error('not visible');
      // The text takes most of the row: on a 390 px phone well over 150 px.
      expect(text.width / whole.width).toBeGreaterThan(size.name === 'phone' ? 0.6 : 0.35);
      if (size.name === 'phone') expect(text.width).toBeGreaterThan(220);
    });

    it('duplicates an entry: the form opens with its project, notes, tags and billable', async () => {
      // The desktop run's copy is removed first: it ends at the minute it was made, so a phone run within that
      // same minute finds no free time today, is offered the hour before now, and the server rightly refuses
      // the overlap. Each size starts from today without copies.
      for (const old of (await withNotes('homepage hero')).filter((e) => e.start_time.startsWith(utcDay(0)))) {
        await api.call('DELETE', `/time-entries/${old.id}`);
      }
      await page.reload();
      await page.getByRole('button', { name: /^Duplicate entry Website 10:00/ }).first().waitFor();
      const before = (await withNotes('homepage hero')).length;
      await page.getByRole('button', { name: /^Duplicate entry Website 10:00/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Duplicate entry' });
      await dialog.waitFor();
      await eventually(() => dialog.getByLabel('Notes').inputValue()).toContain('homepage hero');
      expect(await dialog.getByLabel('Tags').inputValue()).toBe('client-x, design');
      expect(await dialog.getByLabel('Billable').isChecked()).toBe(false);
      await eventually(() => dialog.getByRole('combobox', { name: 'Project' }).inputValue()).toBe('Website');
      // The date is written in the user's format (DD.MM.YYYY), today.
      expect(await dialog.getByLabel('Date').inputValue()).toBe(utcDay(0).split('-').reverse().join('.'));
      await dialog.getByRole('button', { name: 'Add entry' }).click();
      // Saving goes to the server and back; a busy machine may take a while.
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
      await eventually(async () => (await withNotes('homepage hero')).length).toBe(before + 1);
      const copy = (await withNotes('homepage hero')).find((e) => e.start_time.startsWith(utcDay(0)));
      expect(copy).toMatchObject({ tags: ['client-x', 'design'], billable: false });
    });

    it('asks whether an end before the start ends the next day', async () => {
      await page.getByRole('button', { name: /^New entry/ }).click();
      const dialog = page.getByRole('dialog', { name: 'New time entry' });
      await dialog.waitFor();
      const picker = dialog.getByRole('combobox', { name: 'Project' });
      await picker.click();
      await picker.pressSequentially('Website');
      await page.getByRole('option', { name: /^Website/ }).click();
      const day = utcDay(size.daysAgo);
      await dialog.getByLabel('Date').fill(day.split('-').reverse().join('.'));
      await dialog.getByLabel('Start', { exact: true }).fill('22:00');
      await dialog.getByLabel('End', { exact: true }).fill('01:00');
      await dialog.getByLabel('Notes').fill(`Night shift ${size.name}`);
      await dialog.getByText('The end is before the start. Ends the next day?').waitFor();
      await dialog.getByRole('button', { name: 'Yes, the next day' }).click();
      await dialog.getByText('Ends the next day.').waitFor();
      expect(await dialog.getByRole('textbox', { name: 'Duration' }).inputValue()).toBe('3:00');
      await dialog.getByRole('button', { name: 'Add entry' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await eventually(async () => (await withNotes(`Night shift ${size.name}`)).map((e) => [e.start_time, e.end_time])).toEqual([
        [`${day}T22:00:00Z`, `${utcDay(size.daysAgo - 1)}T01:00:00Z`],
      ]);
    });

    it('pins a project in the picker: listed first under Pinned, stored for the user', async () => {
      await page.getByRole('button', { name: /^New entry/ }).click();
      const dialog = page.getByRole('dialog', { name: 'New time entry' });
      await dialog.waitFor();
      const picker = dialog.getByRole('combobox', { name: 'Project' });
      await picker.click();
      await picker.pressSequentially('Mobile');
      await page.getByRole('option', { name: /^Mobile app/ }).click();
      await dialog.getByRole('button', { name: 'Pin Mobile app' }).click();
      await eventually(
        async () => (await api.call<{ pinned_project_ids: number[] }>('GET', '/users/me/preferences')).pinned_project_ids,
      ).toEqual([mobile]);
      await dialog.getByRole('button', { name: 'Unpin Mobile app' }).waitFor();
      await picker.click();
      const first = page
        .getByRole('listbox', { name: /^Suggestions/ })
        .getByRole('group')
        .first();
      expect(await first.locator('.picker-group-name').textContent()).toBe('Pinned');
      expect(await first.getByRole('option').first().textContent()).toContain('Mobile app');
      await first.getByRole('option').first().click();
      // Unpinned again, so both sizes start alike; nothing typed, so the dialog closes without asking.
      await dialog.getByRole('button', { name: 'Unpin Mobile app' }).click();
      await eventually(
        async () => (await api.call<{ pinned_project_ids: number[] }>('GET', '/users/me/preferences')).pinned_project_ids,
      ).toEqual([]);
    });

    it('opens the new-entry form with n on the dashboard, and Escape returns to the dashboard', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.keyboard.press('n');
      const dialog = page.getByRole('dialog', { name: 'New time entry' });
      await dialog.waitFor();
      expect(new URL(page.url()).pathname).toBe('/entries');
      await dialog.getByLabel('Notes').waitFor();
      await page.keyboard.press('Escape');
      await eventually(() => new URL(page.url()).pathname).toBe('/');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    });
  });
}
