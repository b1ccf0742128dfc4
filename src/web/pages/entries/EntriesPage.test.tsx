// The entries list a page at a time against a real server: totals come from the server's summary (also for a day
// whose entries are only partly loaded), "Load more" fetches the rest, and bulk changes show at once, say how many
// entries they changed, and are undone with the same entries.
import { configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { adminSession, InSession, visit, type AdminSession } from '../../../../test/web/session.js';
import { EntriesPage } from './EntriesPage.js';

const WEEK = '/entries?range=custom&from=2026-11-02&to=2026-11-08';
const TEN_MINUTES = 600;

// The server is a process of its own, on a machine that may be busy: waits get room beyond the default second.
configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
let session: AdminSession;
let website: number;
let mobile: number;

/** `count` entries of ten minutes on `day`, from midnight on. */
async function fill(day: string, count: number, project_id: number): Promise<void> {
  const starts = Array.from({ length: count }, (_, i) => Date.parse(`${day}T00:00:00Z`) + i * TEN_MINUTES * 1000);
  for (let i = 0; i < starts.length; i += 10) {
    await Promise.all(
      starts.slice(i, i + 10).map(async (start) => {
        const res = await server.admin.post('/time-entries', {
          project_id,
          start_time: new Date(start).toISOString(),
          duration_seconds: TEN_MINUTES,
          notes: `Entry ${new Date(start).toISOString()}`,
        });
        if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
  }
}

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC', time_format: '24h' });
  session = await adminSession(server);
  website = (await server.admin.post('/projects', { name: 'Website' })).body.id;
  mobile = (await server.admin.post('/projects', { name: 'Mobile app' })).body.id;
  // 210 entries: the first page (200) holds all of the 4th and 100 of the 110 of the 3rd.
  await fill('2026-11-03', 110, website);
  await fill('2026-11-04', 100, website);
}, 120_000);
afterAll(() => server.close());

const rows = () => document.querySelectorAll('li.entry[data-entry-id]');
const dayTotal = (day: string) =>
  document.querySelector(`#day-${day}`)?.closest('section')?.querySelector('.day-total')?.textContent;

async function showPage() {
  visit(WEEK);
  const user = userEvent.setup();
  await renderInApp(
    <InSession session={session}>
      <EntriesPage />
    </InSession>,
  );
  await waitFor(() => expect(rows().length).toBe(200));
  return user;
}

async function serverEntries(): Promise<{ id: number; project_id: number; source: string; duration_seconds: number }[]> {
  const page = await server.admin.get('/time-entries?from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z&limit=500');
  return page.body.items;
}

describe('EntriesPage', () => {
  it('shows the server’s totals for the whole period and for a day only partly loaded, and loads the rest', async () => {
    const user = await showPage();
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('210 entries · 35:00 total'));
    // 100 of the 3rd's 110 entries are loaded; its total is still all of them.
    expect(dayTotal('2026-11-03')).toBe('18:20');
    expect(dayTotal('2026-11-04')).toBe('16:40');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows().length).toBe(210));
    expect(screen.getByText('That is every entry in this period.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(dayTotal('2026-11-03')).toBe('18:20');
  });

  it('moves a selection to another project at once, says how many, and undoes it', async () => {
    const user = await showPage();
    const ids = [...rows()].slice(0, 3).map((r) => Number(r.getAttribute('data-entry-id')));
    for (const row of [...rows()].slice(0, 3)) await user.click(within(row as HTMLElement).getByRole('checkbox'));
    const bulk = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bulk).getByText('3 selected')).toBeTruthy();
    await user.selectOptions(within(bulk).getByLabelText('Action'), 'Move to project');
    await user.selectOptions(within(bulk).getByLabelText('Project'), String(mobile));
    // Nothing happens until Apply.
    expect(document.querySelector(`li[data-entry-id="${ids[0]}"] strong`)?.textContent).toBe('Website');
    await user.click(within(bulk).getByRole('button', { name: 'Apply' }));

    // Shown before the server answered: the rows name the new project.
    for (const id of ids) expect(document.querySelector(`li[data-entry-id="${id}"] strong`)?.textContent).toBe('Mobile app');
    await screen.findByText('Moved to Mobile app. 3 entries changed.');
    // The selection stays for a next action.
    expect(within(screen.getByRole('region', { name: 'Bulk actions' })).getByText('3 selected')).toBeTruthy();
    expect((await serverEntries()).filter((e) => ids.includes(e.id)).map((e) => e.project_id)).toEqual([mobile, mobile, mobile]);

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Undone: 3 entries changed back.');
    expect((await serverEntries()).filter((e) => ids.includes(e.id)).map((e) => e.project_id)).toEqual([
      website,
      website,
      website,
    ]);
    await waitFor(() =>
      expect(ids.map((id) => document.querySelector(`li[data-entry-id="${id}"] strong`)?.textContent)).toEqual([
        'Website',
        'Website',
        'Website',
      ]),
    );
  });

  it('deletes the loaded page at once and brings back the same entries with Undo', async () => {
    const user = await showPage();
    const before = await serverEntries();
    await user.click(screen.getByLabelText('Select all 200'));
    const bulk = screen.getByRole('region', { name: 'Bulk actions' });
    await user.selectOptions(within(bulk).getByLabelText('Action'), 'Delete');
    await user.click(within(bulk).getByRole('button', { name: 'Apply' }));
    await screen.findByText('200 entries deleted.');
    // The server's summary and the next page follow: 10 entries are left.
    await waitFor(() => expect(document.querySelector('.page-header')?.textContent).toContain('10 entries · 1:40 total'));
    await waitFor(() => expect(rows().length).toBe(10));

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('200 entries restored.');
    await waitFor(() => expect(rows().length).toBe(200));
    const after = await serverEntries();
    const shape = (list: typeof before) => list.map((e) => [e.id, e.source, e.duration_seconds]);
    expect(shape(after)).toEqual(shape(before));
  });
});
