// Inline editing of an entry on the entries page, against a real server: a save shows at once and is stored, the
// server's refusal comes back beside the fields (and the row as it was), Escape cancels without a request.
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { adminSession, InSession, visit, type AdminSession } from '../../../../test/web/session.js';
import { EntriesPage } from './EntriesPage.js';

const WEEK = '/entries?range=custom&from=2026-11-02&to=2026-11-08';

// The server is a process of its own, on a machine that may be busy: waits get room beyond the default second.
configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
let session: AdminSession;
let projectId: number;
let entryId: number;

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC', time_format: '24h' });
  session = await adminSession(server);
  projectId = (await server.admin.post('/projects', { name: 'Website' })).body.id;
});
afterAll(() => server.close());

beforeEach(async () => {
  const created = await server.admin.post('/time-entries', {
    project_id: projectId,
    start_time: '2026-11-03T09:00:00Z',
    end_time: '2026-11-03T10:00:00Z',
    notes: 'Planning',
  });
  entryId = created.body.id;
});

async function showRow() {
  visit(WEEK);
  const user = userEvent.setup();
  await renderInApp(
    <InSession session={session}>
      <EntriesPage />
    </InSession>,
  );
  const row = await screen.findByText('Planning', { selector: `li[data-entry-id="${entryId}"] .entry-notes` });
  const li = row.closest('li') as HTMLElement;
  await user.click(within(li).getByRole('button', { name: /^Edit entry Website/ }));
  const form = document.querySelector<HTMLElement>('li.entry.editing');
  expect(form).not.toBeNull();
  return { user, form: form as HTMLElement };
}

async function stored() {
  return (await server.admin.get(`/time-entries/${entryId}`)).body;
}

describe('EntryRow inline editing', () => {
  afterEach(async () => {
    await server.admin.post('/time-entries/bulk', { ids: [entryId], action: 'delete' });
  });

  it('saves: the row shows the change, the server has it, the day total is the server’s', async () => {
    const { user, form } = await showRow();
    const end = await within(form).findByLabelText('End', { exact: true });
    await user.clear(end);
    await user.type(end, '11:30');
    const notes = within(form).getByLabelText('Notes');
    await user.clear(notes);
    await user.type(notes, 'Planning the launch');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const row = await screen.findByText('Planning the launch', { selector: '.entry-notes' });
    const li = row.closest('li') as HTMLElement;
    expect(li.querySelector('.entry-range')?.textContent).toBe('09:00–11:30');
    expect(li.querySelector('.entry-duration')?.textContent).toBe('2:30');
    expect(document.querySelector('li.entry.editing')).toBeNull();
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ end_time: '2026-11-03T11:30:00Z', notes: 'Planning the launch' }),
    );
    await waitFor(() => expect(document.querySelector('.day-total')?.textContent).toBe('2:30'));
    expect(await screen.findByText('Entry saved.')).toBeTruthy();
  });

  it('shows the server’s validation error beside the field and keeps the row as it was', async () => {
    const { user, form } = await showRow();
    // Passes the form's own checks; the server refuses entries ending more than a day after now.
    const date = await within(form).findByLabelText('Date');
    // user-event cannot type into a date input of happy-dom; a change event is what the browser's picker sends.
    fireEvent.change(date, { target: { value: '2099-01-05' } });
    expect((date as HTMLInputElement).value).toBe('2099-01-05');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const editing = await waitFor(() => {
      const li = document.querySelector<HTMLElement>('li.entry.editing');
      expect(li?.hidden).toBe(false);
      expect(li?.querySelector('.field-error')).not.toBeNull();
      return li as HTMLElement;
    });
    expect([...editing.querySelectorAll('.field-error')].map((e) => e.textContent)).toContain(
      'Must not be more than one day after now',
    );
    expect(await stored()).toMatchObject({ start_time: '2026-11-03T09:00:00Z', end_time: '2026-11-03T10:00:00Z' });

    // Cancelling shows the entry as the server keeps it (the optimistic change was rolled back).
    await user.click(within(editing).getByRole('button', { name: 'Cancel' }));
    const li = (await screen.findByText('Planning', { selector: '.entry-notes' })).closest('li') as HTMLElement;
    expect(li.querySelector('.entry-range')?.textContent).toBe('09:00–10:00');
  });

  it('cancels with Escape: nothing is sent, the row is unchanged', async () => {
    const { user, form } = await showRow();
    const notes = await within(form).findByLabelText('Notes');
    await user.clear(notes);
    await user.type(notes, 'Something else');
    await user.keyboard('{Escape}');

    expect(document.querySelector('li.entry.editing')).toBeNull();
    expect(screen.getByText('Planning', { selector: '.entry-notes' })).toBeTruthy();
    expect(screen.queryByText('Something else')).toBeNull();
    expect((await stored()).notes).toBe('Planning');
  });

  it('edits the break and the duration inline, and asks before ending an entry the next day', async () => {
    const { user, form } = await showRow();
    const duration = within(form).getByLabelText('Duration') as HTMLInputElement;
    expect(duration.value).toBe('1:00');
    await user.type(within(form).getByLabelText('Break (optional)'), '0:15');
    expect(duration.value).toBe('0:45');
    await user.clear(duration);
    await user.type(duration, '2:00');
    const end = within(form).getByLabelText('End', { exact: true }) as HTMLInputElement;
    expect(end.value).toBe('11:15');

    await user.clear(end);
    await user.type(end, '01:00');
    expect(within(form).getByText('The end is before the start. Ends the next day?')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Yes, the next day' }));
    expect(duration.value).toBe('15:45');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ end_time: '2026-11-04T01:00:00Z', break_seconds: 900, duration_seconds: 56_700 }),
    );
  });
});

describe('EntryRow of an invoiced entry', () => {
  it('shows the invoice, says why it cannot be changed, and offers no edit, delete or selection', async () => {
    await server.admin.patch('/settings/invoicing', {
      company_name: 'Studio',
      address_lines: ['Hauptstraße 1'],
      postal_code: '10115',
      city: 'Berlin',
      country_code: 'DE',
      vat_id: 'DE123456789',
    });
    const client = await server.admin.post('/clients', {
      name: 'Acme',
      default_hourly_rate: '90.00',
      address_lines: ['1 Way'],
      postal_code: '12345',
      city: 'Springfield',
      country_code: 'DE',
    });
    const billed = (await server.admin.post('/projects', { name: 'Billed work', client_id: client.body.id })).body.id;
    const entry = await server.admin.post('/time-entries', {
      project_id: billed,
      start_time: '2026-11-04T09:00:00Z',
      end_time: '2026-11-04T10:00:00Z',
      notes: 'Invoiced work',
    });
    const draft = await server.admin.post('/invoices', { client_id: client.body.id, from: '2026-11-04', to: '2026-11-04' });
    const issued = await server.admin.post(`/invoices/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);

    visit(WEEK);
    await renderInApp(
      <InSession session={session}>
        <EntriesPage />
      </InSession>,
    );
    const notes = await screen.findByText('Invoiced work', { selector: `li[data-entry-id="${entry.body.id}"] .entry-notes` });
    const li = notes.closest('li') as HTMLElement;
    expect(within(li).getByText(`Invoice ${issued.body.number}`)).toBeTruthy();
    const reason = 'On an issued invoice: void the invoice to edit or delete this entry.';
    expect(within(li).getByText(reason)).toBeTruthy();
    for (const button of [/^Edit entry Billed work/, /^Delete entry Billed work/])
      expect(within(li).getByRole('button', { name: button })).toHaveProperty('disabled', true);
    expect(within(li).getByRole('checkbox')).toHaveProperty('disabled', true);
    // "Select all" leaves it out.
    const all = screen.getByRole('checkbox', { name: /^Select all/ });
    fireEvent.click(all);
    expect(within(li).getByRole('checkbox')).toHaveProperty('checked', false);
    await server.admin.post(`/invoices/${draft.body.id}/void`);
  });
});
