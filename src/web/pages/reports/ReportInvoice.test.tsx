// "Create invoice" from a report (administrators), against a real server: the report's client, range (days in the
// user's time zone) and project filter go into the draft, which opens; time that is all invoiced already is said
// in words; grouped by client, each client's row offers it.
import { configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { navigate } from '../../lib/router.js';
import { ReportsPage } from './ReportsPage.js';

configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
let acme: number;
let website: number;
const RANGE = 'range=custom&from=2026-11-01&to=2026-11-30';

beforeAll(async () => {
  server = await startWebTestServer();
  // Berlin: the entry at 23:30 UTC on 30 November is on 1 December there, outside the report's range.
  await server.admin.patch('/users/me/preferences', { timezone: 'Europe/Berlin', date_format: 'YYYY-MM-DD' });
  acme = (await server.admin.post('/clients', { name: 'Acme', default_hourly_rate: '90.00' })).body.id;
  website = (await server.admin.post('/projects', { name: 'Website', client_id: acme })).body.id;
  const support = (await server.admin.post('/projects', { name: 'Support', client_id: acme })).body.id;
  for (const [project, start, end] of [
    [website, '2026-11-02T09:00:00Z', '2026-11-02T11:00:00Z'],
    [support, '2026-11-03T09:00:00Z', '2026-11-03T10:00:00Z'],
    [website, '2026-11-30T23:30:00Z', '2026-12-01T00:30:00Z'],
  ] as const)
    expect((await server.admin.post('/time-entries', { project_id: project, start_time: start, end_time: end })).status).toBe(
      201,
    );
});
afterAll(() => server.close());

describe('Create invoice from a report', () => {
  it('drafts the report’s client, range and project, opens the draft, and says when nothing is left', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', `/reports?${RANGE}&client_id=${acme}&project_id=${website}`);
    await renderInApp(<ReportsPage />);
    await user.click(await screen.findByRole('button', { name: 'Create invoice' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create invoice' });
    expect(within(dialog).getByLabelText('First day')).toHaveProperty('value', '2026-11-01');
    expect(within(dialog).getByLabelText('Last day')).toHaveProperty('value', '2026-11-30');
    expect(within(dialog).getByText('Only the projects the report is filtered to.')).toBeTruthy();
    await user.selectOptions(within(dialog).getByLabelText('One line per'), 'day');
    await user.click(within(dialog).getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(window.location.pathname).toMatch(/^\/invoices\/\d+$/));
    const id = Number(window.location.pathname.split('/').pop());
    const draft = (await server.admin.get(`/invoices/${id}`)).body;
    expect(draft).toMatchObject({ status: 'draft', client_id: acme, from: '2026-11-01', to: '2026-11-30', group_by: 'day' });
    expect(draft.lines).toHaveLength(1);
    expect(draft.lines[0].quantity).toBe('2.00');

    // The same again: the website's time is on that draft now.
    navigate(`/reports?${RANGE}&client_id=${acme}&project_id=${website}`);
    await user.click(await screen.findByRole('button', { name: 'Create invoice' }));
    const again = await screen.findByRole('dialog', { name: 'Create invoice' });
    await user.click(within(again).getByRole('button', { name: 'Create draft' }));
    await within(again).findByText('There is no billable, finished time for this client in this range that is not invoiced yet.');
  });

  it('offers it on each client’s row when grouped by client', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', `/reports?${RANGE}&group_by=client`);
    await renderInApp(<ReportsPage />);
    await user.click(await screen.findByRole('button', { name: 'Create invoice for Acme' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create invoice' });
    expect(within(dialog).getByLabelText('Client')).toHaveProperty('value', String(acme));
    expect(within(dialog).queryByText('Only the projects the report is filtered to.')).toBeNull();
  });
});
