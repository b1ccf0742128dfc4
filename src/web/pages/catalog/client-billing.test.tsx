// A client's billing details against a real server: the group opens, the exemption reason appears only for an
// exempt client, and what is typed is stored as the API's fields (address lines, upper-case codes, days).
import { configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { ClientsPage } from './clients.js';

configure({ asyncUtilTimeout: 10_000 });
let server: WebTestServer;

beforeAll(async () => {
  server = await startWebTestServer();
});
afterAll(() => server.close());

describe('the client form’s billing details', () => {
  it('asks for the exemption reason only when exempt and stores every billing field', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/clients');
    await renderInApp(<ClientsPage />);
    await user.click((await screen.findAllByRole('button', { name: 'New client' }))[0]!);
    const dialog = screen.getByRole('dialog', { name: 'New client' });
    await user.type(within(dialog).getByLabelText('Name'), 'Umbrella');
    await user.click(within(dialog).getByText('Billing details'));
    expect(within(dialog).queryByLabelText('Reason for the exemption')).toBeNull();
    await user.selectOptions(within(dialog).getByLabelText('Tax'), 'exempt');
    await user.type(within(dialog).getByLabelText('Reason for the exemption'), 'Small business');
    await user.type(within(dialog).getByLabelText('Street address'), '1 Way{Enter}Floor 2');
    await user.type(within(dialog).getByLabelText('Postal code'), '75001');
    await user.type(within(dialog).getByLabelText('City'), 'Paris');
    await user.type(within(dialog).getByLabelText('Country'), 'fr');
    await user.selectOptions(within(dialog).getByLabelText('Invoices written in'), 'fr');
    await user.type(within(dialog).getByLabelText('Payment terms (days)'), '30');
    await user.type(within(dialog).getByLabelText('Currency'), 'eur');
    await user.type(within(dialog).getByLabelText('Buyer reference (Leitweg-ID)'), '04011000-1234512345-06');
    await user.click(within(dialog).getByRole('button', { name: 'Create client' }));
    await waitFor(async () => {
      const clients = (await server.admin.get<{ items: Record<string, unknown>[] }>('/clients')).body.items;
      expect(clients.find((c) => c.name === 'Umbrella')).toMatchObject({
        address_lines: ['1 Way', 'Floor 2'],
        postal_code: '75001',
        city: 'Paris',
        country_code: 'FR',
        language: 'fr',
        tax_treatment: 'exempt',
        exemption_reason: 'Small business',
        payment_terms_days: 30,
        currency: 'EUR',
        buyer_reference: '04011000-1234512345-06',
        vat_id: null,
      });
    });
  });
});
