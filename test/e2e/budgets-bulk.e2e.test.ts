// Budgets, bulk actions and the confirm dialog in Chromium, on a desktop and a phone: a project at 85 % of its hours
// warns on the projects list, the dashboard and the report, one over its hours says by how much, and a new entry
// moves the bar without a reload; a bulk move says which entries lose their task before Apply, keeps the selection
// and is undone; the confirm dialog is answered by keyboard (Escape cancels, Enter confirms), and a project with
// time says it cannot be deleted before asking anything.
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
import { messages } from './i18n.js';

const t = messages('en');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
] as const;

interface Entry {
  id: number;
  project_id: number;
  task_id: number | null;
}

const hours = (n: number) => t('common.hours', { hours: String(n) });
const warnText = `${t('budgets.nearly')} ${t('budgets.used', { percent: '85%', limit: hours(10) })}`;
const overText = t('budgets.over', { amount: '0:30' });

describe.each(VIEWPORTS)('budgets and bulk actions ($name)', (viewport) => {
  let server: TestServer;
  let browser: Browser;
  let api: ApiSession;
  let w: WatchedPage;
  let page: Page;
  const ids: Record<'retainer' | 'app' | 'website' | 'spare' | 'design', number> = {
    retainer: 0,
    app: 0,
    website: 0,
    spare: 0,
    design: 0,
  };
  let moved: number[] = [];

  const entry = (project_id: number, start: string, end: string, task_id: number | null = null) =>
    api.call<Entry>('POST', '/time-entries', { project_id, task_id, start_time: start, end_time: end, notes: 'Work' });
  const budgetOn = (name: string) => page.getByRole('row', { name: new RegExp(`^${name}\\b`) }).getByTestId('budget');

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    api = await setupAdmin(server.url);
    await api.call('PATCH', '/users/me/preferences', { timezone: 'UTC', time_format: '24h', language: 'en' });
    const project = async (body: object) => (await api.call<{ id: number }>('POST', '/projects', body)).id;
    ids.retainer = await project({ name: 'Retainer', color: '#d97706', budget_hours: 10 });
    ids.app = await project({ name: 'App', color: '#16a34a', budget_hours: 2 });
    ids.website = await project({ name: 'Website', color: '#2563eb' });
    ids.spare = await project({ name: 'Spare', color: '#4b5563' });
    ids.design = (await api.call<{ id: number }>('POST', '/tasks', { project_id: ids.website, name: 'Design' })).id;
    await entry(ids.retainer, '2026-11-02T08:00:00Z', '2026-11-02T16:30:00Z');
    await entry(ids.app, '2026-11-03T09:00:00Z', '2026-11-03T11:30:00Z');
    moved = [
      (await entry(ids.website, '2026-11-04T09:00:00Z', '2026-11-04T10:00:00Z', ids.design)).id,
      (await entry(ids.website, '2026-11-04T10:00:00Z', '2026-11-04T11:00:00Z')).id,
    ];
    w = await openPage(browser, server.url, { width: viewport.width, height: viewport.height });
    page = w.page;
    const [name, value] = api.cookie.split('=');
    await w.context.addCookies([{ name: name as string, value: value as string, url: server.url }]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('warns at 85 % and says by how much a budget is over, on the projects list, the dashboard and the report', async () => {
    await page.goto('/projects');
    await eventually(() => budgetOn('Retainer').textContent()).toBe(warnText);
    expect(await budgetOn('App').textContent()).toBe(overText);
    expect(await budgetOn('Website').count()).toBe(0);
    expect(await budgetOn('Retainer').getAttribute('class')).toContain('budget-warn');
    expect(await budgetOn('App').getAttribute('class')).toContain('budget-over');

    await page.goto('/');
    const card = page.getByRole('region', { name: t('budgets.title') });
    // The most used first.
    const items = async () => (await card.getByRole('listitem').allTextContents()).map((text) => text.trim());
    await eventually(items).toEqual([`App${overText}`, `Retainer${warnText}`]);

    await page.goto('/reports?range=custom&from=2026-11-02&to=2026-11-08');
    const inReport = page.getByRole('region', { name: t('budgets.reportTitle') });
    await eventually(() => inReport.getByTestId('budget').allTextContents()).toEqual([overText, warnText]);
    // Grouped by week: one bar per week named by number and days, and no share donut for a time axis.
    await page.goto('/reports?range=custom&from=2026-11-02&to=2026-11-08&group_by=week');
    await page.getByRole('cell', { name: /^Week 45 · Nov 2\s–\s8$/ }).waitFor();
    expect(await page.getByRole('heading', { name: t('reports.share') }).count()).toBe(0);
    expect(w.problems).toEqual([]);
  });

  it('moves the bar as soon as time is recorded, without a reload', async () => {
    await page.goto('/projects');
    await eventually(() => budgetOn('Retainer').textContent()).toBe(warnText);
    const extra = await entry(ids.retainer, '2026-11-05T08:00:00Z', '2026-11-05T10:00:00Z');
    await eventually(() => budgetOn('Retainer').textContent()).toBe(t('budgets.over', { amount: '0:30' }));
    await api.call('DELETE', `/time-entries/${extra.id}`);
    await eventually(() => budgetOn('Retainer').textContent()).toBe(warnText);
  });

  it('moves a selection only on Apply, says a task will be cleared, keeps the selection, and undoes it', async () => {
    await page.goto('/entries?range=custom&from=2026-11-04&to=2026-11-04');
    await page.locator('li.entry').nth(1).waitFor();
    await page.getByLabel(t('entries.selectAll', { n: 2 })).check();
    const bulk = page.getByRole('region', { name: t('bulk.label') });
    await bulk.getByLabel(t('bulk.action')).selectOption({ label: t('bulk.moveTo') });
    await bulk.getByLabel(t('common.project')).selectOption({ label: 'Retainer' });
    await bulk.getByText(t('bulk.taskCleared', { count: 1, project: 'Retainer' })).waitFor();
    // Nothing has changed yet.
    const now = async () =>
      (await Promise.all(moved.map((id) => api.call<Entry>('GET', `/time-entries/${id}`)))).map((e) => [e.project_id, e.task_id]);
    expect(await now()).toEqual([
      [ids.website, ids.design],
      [ids.website, null],
    ]);
    await bulk.getByRole('button', { name: t('bulk.apply') }).click();
    await page.getByText(t('bulk.moved', { count: 2, project: 'Retainer' })).waitFor();
    await eventually(now).toEqual([
      [ids.retainer, null],
      [ids.retainer, null],
    ]);
    // The selection stays for a next action, and can be cleared.
    await bulk.getByText(t('bulk.selected', { count: 2 })).waitFor();
    await page.getByRole('button', { name: t('common.undo') }).click();
    await page.getByText(t('bulk.reverted', { count: 2 })).waitFor();
    await eventually(now).toEqual([
      [ids.website, ids.design],
      [ids.website, null],
    ]);
    await bulk.getByRole('button', { name: t('bulk.clear') }).click();
    await bulk.waitFor({ state: 'hidden' });
  });

  it('asks in one dialog answered by keyboard, and says first when a project cannot be deleted', async () => {
    await page.goto('/projects');
    const projectNames = async () =>
      (await api.call<{ items: { name: string }[] }>('GET', '/projects')).items.map((p) => p.name).sort();

    await page.getByRole('button', { name: t('list.deleteName', { name: 'Spare' }) }).click();
    const ask = page.getByRole('dialog', { name: t('list.deleteName', { name: 'Spare' }) });
    await ask.getByText(t('projects.confirmDelete', { name: 'Spare' })).waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await projectNames()).toContain('Spare');

    await page.getByRole('button', { name: t('list.deleteName', { name: 'Spare' }) }).click();
    await ask.waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(t('list.deletedToast', { name: 'Spare' })).waitFor();
    expect(await projectNames()).not.toContain('Spare');

    await page.getByRole('button', { name: t('list.deleteName', { name: 'Retainer' }) }).click();
    const refusal = page.getByRole('dialog', { name: t('list.cannotDelete', { name: 'Retainer' }) });
    await refusal.getByText(t('projects.inUse')).waitFor();
    expect(await refusal.textContent()).not.toContain(t('projects.confirmDelete', { name: 'Retainer' }));
    await page.keyboard.press('Escape');
    await refusal.waitFor({ state: 'hidden' });
    expect(await projectNames()).toContain('Retainer');
    expect(w.problems).toEqual([]);
  });
});
