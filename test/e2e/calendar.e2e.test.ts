// The calendar with a real mouse in Chromium: drag on empty time to create an entry (the form opens with the range
// and the last used project), drag a block into another day and later, Undo that move, and drag a block's bottom
// edge to make it longer, click it to open it. Every change is checked through the API.
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
/** 48 px an hour (calendar-layout.ts). */
const HOUR_PX = 48;

let server: TestServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;
let api: ApiSession;
let projectId: number;
let seededId: number;

interface Entry {
  id: number;
  start_time: string;
  end_time: string;
}

const entries = async () =>
  (await api.call<{ items: Entry[] }>('GET', '/time-entries?from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z')).items;
const entry = (id: number) => api.call<Entry>('GET', `/time-entries/${id}`);

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

/** A mouse drag in small steps, as a hand does it. */
async function drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

describe('the calendar', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    api = await setupAdmin(server.url, 'admin', PASSWORD);
    await api.call('PATCH', '/users/me/preferences', { timezone: 'UTC', time_format: '24h', week_start: 1 });
    projectId = (await api.call<{ id: number }>('POST', '/projects', { name: 'Website', color: '#2563eb' })).id;
    seededId = (
      await api.call<Entry>('POST', '/time-entries', {
        project_id: projectId,
        start_time: '2026-11-04T09:00:00Z',
        end_time: '2026-11-04T10:00:00Z',
        notes: 'Design review',
      })
    ).id;
    w = await openPage(browser, server.url);
    page = w.page;
    await page.goto('/login?next=%2Fcalendar%3Fview%3Dweek%26date%3D2026-11-04');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Calendar' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates an entry by dragging over empty time', async () => {
    const thursday = page.locator('[data-day="2026-11-05"]');
    const column = await box(thursday);
    const x = column.x + column.width / 2;
    // A little inside the 13:00 and 14:30 lines: the range snaps out to the quarter hours touched.
    await drag({ x, y: column.y + 13 * HOUR_PX + 2 }, { x, y: column.y + 14.5 * HOUR_PX - 2 });
    const dialog = page.getByRole('dialog', { name: 'New time entry' });
    await dialog.waitFor();
    // The range dragged and the last used project are filled in: saving is one click.
    expect(await dialog.getByLabel('Start', { exact: true }).inputValue()).toBe('13:00');
    expect(await dialog.getByLabel('End', { exact: true }).inputValue()).toBe('14:30');
    await eventually(() => dialog.getByRole('combobox', { name: 'Project' }).inputValue()).toBe('Website');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => (await entries()).map((e) => [e.start_time, e.end_time])).toContainEqual([
      '2026-11-05T13:00:00Z',
      '2026-11-05T14:30:00Z',
    ]);
    await page.getByRole('button', { name: /^Website, 13:00–14:30/ }).waitFor();
  });

  it('moves a block into the next day and an hour later by dragging, and Undo puts it back', async () => {
    const block = page.getByRole('button', { name: 'Website, 09:00–10:00, 1:00, Design review' });
    const b = await box(block);
    const columnWidth = (await box(page.locator('[data-day="2026-11-05"]'))).width;
    const from = { x: b.x + b.width / 2, y: b.y + 10 };
    await drag(from, { x: from.x + columnWidth, y: from.y + HOUR_PX });
    await eventually(async () => (await entry(seededId)).start_time).toBe('2026-11-05T10:00:00Z');
    expect((await entry(seededId)).end_time).toBe('2026-11-05T11:00:00Z');
    const moved = page.getByRole('button', { name: 'Website, 10:00–11:00, 1:00, Design review' });
    expect(await moved.locator('xpath=ancestor::*[@data-day][1]').getAttribute('data-day')).toBe('2026-11-05');

    await page.locator('.toast', { hasText: 'Entry moved.' }).getByRole('button', { name: 'Undo' }).click();
    await eventually(async () => (await entry(seededId)).start_time).toBe('2026-11-04T09:00:00Z');
    expect((await entry(seededId)).end_time).toBe('2026-11-04T10:00:00Z');
    await page
      .locator('[data-day="2026-11-04"]')
      .getByRole('button', { name: /^Website, 09:00–10:00/ })
      .waitFor();
  });

  it('makes a block longer by dragging its bottom edge', async () => {
    const block = page.getByRole('button', { name: /^Website, 13:00–14:30/ });
    const b = await box(block);
    const edge = { x: b.x + b.width / 2, y: b.y + b.height - 3 };
    await drag(edge, { x: edge.x, y: edge.y + HOUR_PX / 2 });
    const created = (await entries()).find((e) => e.start_time === '2026-11-05T13:00:00Z');
    expect(created).toBeDefined();
    await eventually(async () => (await entry(created!.id)).end_time).toBe('2026-11-05T15:00:00Z');
    expect((await entry(created!.id)).start_time).toBe('2026-11-05T13:00:00Z');
    const longer = page.getByRole('button', { name: /^Website, 13:00–15:00, 2:00/ });
    // A click without a drag opens the entry.
    await longer.click();
    const dialog = page.getByRole('dialog', { name: 'Edit time entry' });
    expect(await dialog.getByLabel('End', { exact: true }).inputValue()).toBe('15:00');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(w.problems).toEqual([]);
  });
});
