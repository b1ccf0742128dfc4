// The filter bar on the entries page, against a real server: each filter goes to the address bar, and the list
// and the header's count and total (the server's summary) follow it.
import { configure, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { adminSession, InSession, visit, type AdminSession } from '../../../../test/web/session.js';
import { EntriesPage } from './EntriesPage.js';

const WEEK = '/entries?range=custom&from=2026-11-02&to=2026-11-08';

// The server is a process of its own, on a machine that may be busy: waits get room beyond the default second.
configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
let session: AdminSession;
let website: number;
let mobile: number;

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC', time_format: '24h' });
  session = await adminSession(server);
  website = (await server.admin.post('/projects', { name: 'Website' })).body.id;
  mobile = (await server.admin.post('/projects', { name: 'Mobile app' })).body.id;
  const entry = (project_id: number, day: string, from: string, to: string, notes: string, tags: string[], billable = true) =>
    server.admin.post('/time-entries', {
      project_id,
      start_time: `2026-11-${day}T${from}:00Z`,
      end_time: `2026-11-${day}T${to}:00Z`,
      notes,
      tags,
      billable,
    });
  await entry(website, '03', '09:00', '10:00', 'Homepage hero', ['design']);
  await entry(mobile, '04', '10:00', '12:00', 'Offline sync', ['dev'], false);
  await entry(website, '05', '13:00', '14:00', 'Ticket triage', ['support']);
});
afterAll(() => server.close());

const listed = () => [...document.querySelectorAll('li.entry[data-entry-id] .entry-notes')].map((n) => n.textContent);
const header = () => document.querySelector('.page-header')?.textContent ?? document.body.textContent;
const query = () => new URLSearchParams(window.location.search);

async function showPage(href = WEEK) {
  visit(href);
  const user = userEvent.setup();
  await renderInApp(
    <InSession session={session}>
      <EntriesPage />
    </InSession>,
  );
  await screen.findByText('Homepage hero');
  return user;
}

describe('FilterBar on the entries page', () => {
  it('lists the period, with the server’s count and total in the header', async () => {
    await showPage();
    expect(listed()).toEqual(['Ticket triage', 'Offline sync', 'Homepage hero']);
    await waitFor(() => expect(header()).toContain('3 entries · 4:00 total'));
  });

  it('filters by project, billable, search and tag through the address bar', async () => {
    const user = await showPage();

    await user.selectOptions(screen.getByLabelText('Project'), String(mobile));
    expect(query().get('project_id')).toBe(String(mobile));
    await waitFor(() => expect(listed()).toEqual(['Offline sync']));
    await waitFor(() => expect(header()).toContain('1 entry · 2:00 total'));
    await user.selectOptions(screen.getByLabelText('Project'), '');
    expect(query().has('project_id')).toBe(false);

    await user.selectOptions(screen.getByLabelText('Billable'), 'true');
    expect(query().get('billable')).toBe('true');
    await waitFor(() => expect(listed()).toEqual(['Ticket triage', 'Homepage hero']));
    await user.selectOptions(screen.getByLabelText('Billable'), '');

    // Nothing is invoiced here: "Invoiced" lists nothing, "Not yet invoiced" everything.
    await user.selectOptions(screen.getByLabelText('Invoicing'), 'true');
    expect(query().get('invoiced')).toBe('true');
    await waitFor(() => expect(listed()).toEqual([]));
    await user.selectOptions(screen.getByLabelText('Invoicing'), 'false');
    expect(query().get('invoiced')).toBe('false');
    await waitFor(() => expect(listed()).toEqual(['Ticket triage', 'Offline sync', 'Homepage hero']));
    await user.selectOptions(screen.getByLabelText('Invoicing'), '');
    expect(query().has('invoiced')).toBe(false);

    await user.type(screen.getByLabelText('Search notes'), 'triage');
    await waitFor(() => expect(query().get('q')).toBe('triage'));
    await waitFor(() => expect(listed()).toEqual(['Ticket triage']));
    await user.clear(screen.getByLabelText('Search notes'));
    await waitFor(() => expect(query().has('q')).toBe(false));

    await user.type(screen.getByLabelText('Tag'), 'design{Enter}');
    expect(query().get('tag')).toBe('design');
    await waitFor(() => expect(listed()).toEqual(['Homepage hero']));
    await waitFor(() => expect(header()).toContain('1 entry · 1:00 total'));
  });

  it('applies the tag while typing, suggests the user’s tags, and offers Today, Yesterday and Last 7 days', async () => {
    const user = await showPage();
    const tag = screen.getByRole('combobox', { name: 'Tag' });
    const listId = tag.getAttribute('list') ?? '';
    await waitFor(() =>
      expect([...(document.getElementById(listId)?.querySelectorAll('option') ?? [])].map((o) => o.value)).toEqual([
        'design',
        'dev',
        'support',
      ]),
    );
    await user.type(tag, 'dev');
    await waitFor(() => expect(query().get('tag')).toBe('dev'));
    await waitFor(() => expect(listed()).toEqual(['Offline sync']));
    await user.clear(tag);
    await waitFor(() => expect(query().has('tag')).toBe(false));

    const period = screen.getByLabelText('Period') as HTMLSelectElement;
    expect([...period.options].slice(0, 3).map((o) => o.textContent)).toEqual(['Today', 'Yesterday', 'Last 7 days']);
    await user.selectOptions(period, 'yesterday');
    expect(query().get('range')).toBe('yesterday');
    expect(query().has('from')).toBe(false);
  });

  it('reads and writes the custom range in the user’s date format', async () => {
    await server.admin.patch('/users/me/preferences', { date_format: 'DD.MM.YYYY' });
    session = await adminSession(server);
    try {
      const user = await showPage();
      const from = screen.getByLabelText('From') as HTMLInputElement;
      expect(from.value).toBe('02.11.2026');
      await user.clear(from);
      await user.type(from, '4.11.2026');
      await waitFor(() => expect(query().get('from')).toBe('2026-11-04'));
      await waitFor(() => expect(listed()).toEqual(['Ticket triage', 'Offline sync']));
    } finally {
      await server.admin.patch('/users/me/preferences', { date_format: 'YYYY-MM-DD' });
      session = await adminSession(server);
    }
  });

  it('reads the filters from the address', async () => {
    visit(`${WEEK}&project_id=${website}`);
    await renderInApp(
      <InSession session={session}>
        <EntriesPage />
      </InSession>,
    );
    await waitFor(() => expect(listed()).toEqual(['Ticket triage', 'Homepage hero']));
    expect((screen.getByLabelText('Project') as HTMLSelectElement).value).toBe(String(website));
  });
});
