// Shared set-up for the invoice tests: the world of the time-entry tests plus complete invoicing settings, a client
// with billing details, a second project priced by the client's default rate, and entries with known amounts.
import { expect } from 'vitest';
import type { ApiResponse } from '../../../../test/harness.js';
import { createWorld, type World } from '../time-entries/entries.test-helpers.js';

export interface InvoiceWorld extends World {
  hosting: { id: number };
  /** Alice 1:20 and Bob 0:07 on Website (90.00/h), Alice 2:45 on Hosting (client default 85.50/h), all January 2026. */
  billed: number[];
  /** Not billable, outside the range, and another client's: never on the invoice. */
  unbilled: number[];
}

export const ISSUER = {
  company_name: 'Muster Consulting GmbH',
  address_lines: ['Hauptstraße 5'],
  postal_code: '10115',
  city: 'Berlin',
  country_code: 'DE',
  vat_id: 'DE123456789',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  email: 'billing@example.com',
  phone: '+49 30 1234567',
  default_tax_rate: '19',
  payment_terms_days: 14,
};

const ok = (res: ApiResponse, status = 201) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

export async function createInvoiceWorld(): Promise<InvoiceWorld> {
  const w = await createWorld();
  ok(await w.admin.patch('/settings/invoicing', ISSUER), 200);
  ok(
    await w.admin.patch(`/clients/${w.clientId}`, {
      default_hourly_rate: '85.50',
      address_lines: ['Kundenweg 1'],
      postal_code: '80331',
      city: 'München',
      country_code: 'de',
      vat_id: 'DE987654321',
      email: 'ap@kunde.example',
    }),
    200,
  );
  ok(await w.admin.patch(`/projects/${w.project.id}`, { hourly_rate: '90.00' }), 200);
  const hosting = ok(await w.admin.post('/projects', { name: 'Hosting', client_id: w.clientId, billable: true }));
  const other = ok(await w.admin.post('/clients', { name: 'Other' }));
  const otherProject = ok(await w.admin.post('/projects', { name: 'Elsewhere', client_id: other.id, billable: true }));
  const entry = async (client: World['alice'], body: Record<string, unknown>) =>
    ok(await client.post('/time-entries', body)).id as number;
  const billed = [
    await entry(w.alice, { project_id: w.project.id, start_time: '2026-01-05T09:00:00Z', end_time: '2026-01-05T10:20:00Z' }),
    await entry(w.bob, { project_id: w.project.id, start_time: '2026-01-06T09:00:00Z', end_time: '2026-01-06T09:07:00Z' }),
    await entry(w.alice, { project_id: hosting.id, start_time: '2026-01-07T10:00:00Z', end_time: '2026-01-07T12:45:00Z' }),
  ];
  const unbilled = [
    await entry(w.alice, {
      project_id: w.project.id,
      start_time: '2026-01-08T09:00:00Z',
      end_time: '2026-01-08T10:00:00Z',
      billable: false,
    }),
    await entry(w.alice, { project_id: w.project.id, start_time: '2026-02-02T09:00:00Z', end_time: '2026-02-02T10:00:00Z' }),
    await entry(w.alice, { project_id: otherProject.id, start_time: '2026-01-09T09:00:00Z', end_time: '2026-01-09T10:00:00Z' }),
  ];
  return { ...w, hosting, billed, unbilled };
}

export const draftFor = (w: InvoiceWorld, body: Record<string, unknown> = {}) =>
  w.admin.post('/invoices', { client_id: w.clientId, from: '2026-01-01', to: '2026-01-31', ...body });
