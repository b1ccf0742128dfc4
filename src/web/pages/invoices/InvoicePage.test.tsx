// The invoice page against a real server: a draft's totals follow what is typed (the shared arithmetic, the
// server's cents), Save stores the lines, and Issue names each missing piece of data as a sentence with a link to
// the form that holds it, then issues once the data is there — and the issued invoice is read-only.
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { InvoicePage } from './InvoicePage.js';

let server: WebTestServer;
const SLOW = { timeout: 10_000 };
let client: number;
let invoice: number;

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC', date_format: 'YYYY-MM-DD', language: 'en' });
  await server.admin.patch('/settings/invoicing', { default_tax_rate: '19' });
  client = (await server.admin.post('/clients', { name: 'Acme', default_hourly_rate: '90.00' })).body.id;
  const project = (await server.admin.post('/projects', { name: 'Website', client_id: client })).body.id;
  // 1:20 h → 1.3333 h at 90.00 = 120.00 (rounded once per line).
  expect(
    (
      await server.admin.post('/time-entries', {
        project_id: project,
        start_time: '2026-11-02T09:00:00Z',
        end_time: '2026-11-02T10:20:00Z',
      })
    ).status,
  ).toBe(201);
  const draft = await server.admin.post('/invoices', { client_id: client, from: '2026-11-01', to: '2026-11-30' });
  expect(draft.status).toBe(201);
  invoice = draft.body.id;
});
afterAll(() => server.close());

async function renderInvoice() {
  window.history.replaceState(null, '', `/invoices/${invoice}`);
  await renderInApp(<InvoicePage />);
  await screen.findByRole('textbox', { name: 'Description of line 1' }, SLOW);
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('InvoicePage: a draft', () => {
  it('recomputes line nets, the tax summary and the totals while typing, and saves the lines', async () => {
    const user = userEvent.setup();
    await renderInvoice();
    expect(screen.getByRole('textbox', { name: 'Quantity of line 1' })).toHaveProperty('value', '1.3333');
    expect(text('line-net-1')).toBe('€120.00');
    expect(text('invoice-gross')).toBe('€142.80');

    // A second line at 7 %: each group's tax is rounded once (33.33 × 3 = 99.99 → 7.00).
    await user.click(screen.getByRole('button', { name: 'Add line' }));
    await user.type(screen.getByRole('textbox', { name: 'Description of line 2' }), 'Books');
    await user.clear(screen.getByRole('textbox', { name: 'Quantity of line 2' }));
    await user.type(screen.getByRole('textbox', { name: 'Quantity of line 2' }), '3');
    await user.type(screen.getByRole('textbox', { name: 'Unit price of line 2' }), '33,33');
    await user.clear(screen.getByRole('textbox', { name: 'Tax rate of line 2' }));
    await user.type(screen.getByRole('textbox', { name: 'Tax rate of line 2' }), '7');
    expect(text('line-net-2')).toBe('€99.99');
    expect(text('invoice-net')).toBe('€219.99');
    expect(text('invoice-tax')).toBe('€29.80');
    expect(text('invoice-gross')).toBe('€249.79');
    const totals = screen.getByRole('region', { name: 'Totals' });
    expect(within(totals).getByText('Tax 19 % on €120.00')).toBeTruthy();
    expect(within(totals).getByText('Tax 7 % on €99.99')).toBeTruthy();

    // A discount: a line with a negative price, taken off its tax group.
    await user.click(screen.getByRole('button', { name: 'Add discount' }));
    await user.type(screen.getByRole('textbox', { name: 'Unit price of line 3' }), '20');
    await user.clear(screen.getByRole('textbox', { name: 'Tax rate of line 3' }));
    await user.type(screen.getByRole('textbox', { name: 'Tax rate of line 3' }), '19');
    expect(text('line-net-3')).toBe('-€20.00');
    expect(text('invoice-gross')).toBe('€225.99');

    // What cannot be read counts as nothing and blocks saving, with the reason.
    await user.type(screen.getByRole('textbox', { name: 'Quantity of line 2' }), 'x');
    expect(text('line-net-2')).toBe('–');
    expect(screen.getByText(/Every line needs a description and numbers/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    await user.type(screen.getByRole('textbox', { name: 'Quantity of line 2' }), '{Backspace}');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: 'Saved' }, SLOW);
    const saved = (await server.admin.get(`/invoices/${invoice}`)).body;
    expect(saved.gross_total).toBe('225.99');
    expect(saved.lines.map((l: { unit_price: string }) => l.unit_price)).toEqual(['90.00', '33.33', '-20.00']);
  });

  it('names what is missing to issue, with links to the forms, and issues once it is there', async () => {
    const user = userEvent.setup();
    await renderInvoice();
    await user.click(screen.getByRole('button', { name: 'Issue' }));
    const confirm = await screen.findByRole('dialog', { name: 'Issue' });
    await user.click(within(confirm).getByRole('button', { name: 'Issue' }));
    const problems = await screen.findByText('The invoice cannot be issued yet:', {}, SLOW);
    const list = problems.parentElement!;
    expect(within(list).getByText((_, el) => el?.textContent === 'The invoicing settings need your company name.')).toBeTruthy();
    expect(
      within(list).getByText(
        (_, el) => el?.tagName === 'LI' && el.textContent === 'The billing details of the client Acme need the city.',
      ),
    ).toBeTruthy();
    expect(within(list).getAllByRole('link', { name: 'invoicing settings' })[0]?.getAttribute('href')).toBe(
      '/settings#invoicing',
    );
    expect(within(list).getAllByRole('link', { name: 'Acme' })[0]?.getAttribute('href')).toBe('/clients');
    expect((await server.admin.get(`/invoices/${invoice}`)).body.status).toBe('draft');

    await server.admin.patch('/settings/invoicing', {
      company_name: 'Studio',
      address_lines: ['Hauptstraße 1'],
      postal_code: '10115',
      city: 'Berlin',
      country_code: 'DE',
      vat_id: 'DE123456789',
    });
    await server.admin.patch(`/clients/${client}`, {
      address_lines: ['1 Way'],
      postal_code: '12345',
      city: 'Springfield',
      country_code: 'DE',
    });
    await user.click(screen.getByRole('button', { name: 'Issue' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Issue' })).getByRole('button', { name: 'Issue' }));
    await screen.findByRole('link', { name: 'Download PDF' }, SLOW);
    const issued = (await server.admin.get(`/invoices/${invoice}`)).body;
    expect(issued.status).toBe('issued');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(`Invoice ${issued.number}`);
    expect(screen.queryByRole('textbox', { name: 'Description of line 1' })).toBeNull();
    expect(screen.getByRole('link', { name: 'XRechnung XML (CII)' }).getAttribute('href')).toBe(
      `/api/v1/invoices/${invoice}.xml?syntax=cii`,
    );
    expect(text('invoice-gross')).toBe('€225.99');
  });
});
