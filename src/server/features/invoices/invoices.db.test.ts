import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectError } from '../time-entries/entries.test-helpers.js';
import { createInvoiceWorld, draftFor, type InvoiceWorld } from './invoices.test-helpers.js';

let w: InvoiceWorld;
beforeEach(async () => {
  w = await createInvoiceWorld();
});
afterEach(async () => {
  await w.t.close();
});

const lineView = (lines: any[]) => lines.map((l) => [l.description, l.quantity, l.unit, l.unit_price, l.tax_rate, l.net_amount]);

describe('drafts from tracked time (amounts computed by hand in the comments)', () => {
  it('bills the client’s billable, finished entries of the range, one line per project at its rate', async () => {
    const res = await draftFor(w);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const invoice = res.body;
    expect(invoice).toMatchObject({
      status: 'draft',
      number: null,
      kind: 'invoice',
      currency: 'EUR',
      client_id: w.clientId,
      from: '2026-01-01',
      to: '2026-01-31',
    });
    // Hosting: 2:45 = 2.75 h × 85.50 (client default) = 235.125 → 235.13; Website: 1:20 + 0:07 = 1.45 h × 90.00 = 130.50.
    expect(lineView(invoice.lines)).toEqual([
      ['Hosting', '2.75', 'hour', '85.50', '19.00', '235.13'],
      ['Website', '1.45', 'hour', '90.00', '19.00', '130.50'],
    ]);
    // 19 % of 365.63 = 69.4697 → 69.47.
    expect(invoice).toMatchObject({ net_total: '365.63', tax_total: '69.47', gross_total: '435.10' });
    expect(invoice.taxes).toEqual([{ category: 'S', rate: '19.00', taxable_amount: '365.63', tax_amount: '69.47' }]);
    expect([...invoice.entry_ids].sort()).toEqual([...w.billed].sort());
    // The same entries cannot be billed twice.
    expectError(await draftFor(w), 409, 'nothing_to_invoice');
    expect(w.events.filter((e) => e.event === 'invoice.created').map((e) => e.properties)).toEqual([
      { kind: 'invoice', lines_bucket: '2-5', currency: 'EUR', has_tax: true, tax_treatment: 'standard', group_by: 'project' },
    ]);
  });

  it('applies the report rounding per entry, and groups per entry, day or task on request', async () => {
    await w.admin.patch('/users/me/preferences', {
      report_rounding: 'entry',
      report_rounding_minutes: 15,
      report_rounding_method: 'up',
    } as never);
    const rounded = (await draftFor(w)).body;
    // 1:20 → 1:30 and 0:07 → 0:15: 1.75 h × 90.00 = 157.50; 2:45 stays: 235.13. 19 % of 392.63 = 74.5997 → 74.60.
    expect(lineView(rounded.lines).map((l) => l[5])).toEqual(['235.13', '157.50']);
    expect(rounded).toMatchObject({ net_total: '392.63', tax_total: '74.60', gross_total: '467.23' });
    await w.admin.delete(`/invoices/${rounded.id}`);

    const perEntry = (await draftFor(w, { group_by: 'entry' })).body;
    expect(perEntry.lines).toHaveLength(3);
    expect(perEntry.lines.map((l: any) => l.description)).toEqual([
      'Jan 5, 2026 – Website',
      'Jan 6, 2026 – Website',
      'Jan 7, 2026 – Hosting',
    ]);
    await w.admin.delete(`/invoices/${perEntry.id}`);
    const onlyWebsite = (await draftFor(w, { group_by: 'day', project_ids: [w.project.id] })).body;
    expect(onlyWebsite.lines.map((l: any) => [l.description, l.quantity])).toEqual([
      ['Jan 5, 2026 – Website', '1.50'],
      ['Jan 6, 2026 – Website', '0.25'],
    ]);
  });

  it('edits lines: extra items at another tax rate and a discount, with the tax summary per rate', async () => {
    const draft = (await draftFor(w)).body;
    const res = await w.admin.patch(`/invoices/${draft.id}`, {
      lines: [
        { description: 'Website', quantity: '1.75', unit: 'hour', unit_price: '90.00', tax_rate: '19' },
        { description: 'Hosting', quantity: '2.75', unit: 'hour', unit_price: '85.50', tax_rate: '19' },
        { description: 'Fachbuch', quantity: '1', unit: 'item', unit_price: '29.90', tax_rate: '7' },
        { description: 'Rabatt 10 %', quantity: '1', unit: 'item', unit_price: '-39.26', tax_rate: '19' },
      ],
      notes: 'Danke!',
      due_date: '2027-01-31',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 19 %: 157.50 + 235.13 − 39.26 = 353.37, tax 67.1403 → 67.14; 7 %: 29.90, tax 2.093 → 2.09.
    expect(res.body.taxes).toEqual([
      { category: 'S', rate: '19.00', taxable_amount: '353.37', tax_amount: '67.14' },
      { category: 'S', rate: '7.00', taxable_amount: '29.90', tax_amount: '2.09' },
    ]);
    expect(res.body).toMatchObject({
      net_total: '383.27',
      tax_total: '69.23',
      gross_total: '452.50',
      notes: 'Danke!',
      due_date: '2027-01-31',
    });
    // A total below zero is a credit note's job.
    expectError(
      await w.admin.patch(`/invoices/${draft.id}`, {
        lines: [{ description: 'x', quantity: '1', unit: 'item', unit_price: '-1', tax_rate: '0' }],
      }),
      400,
      'validation_failed',
    );
  });

  it('charges no tax under reverse charge', async () => {
    await w.admin.patch(`/clients/${w.clientId}`, { tax_treatment: 'reverse_charge' });
    const draft = (await draftFor(w)).body;
    expect(draft.taxes).toEqual([{ category: 'AE', rate: '0.00', taxable_amount: '365.63', tax_amount: '0.00' }]);
    expect(draft).toMatchObject({ tax_total: '0.00', gross_total: '365.63', tax_treatment: 'reverse_charge' });
  });

  it('is an admin’s task', async () => {
    expectError(await w.alice.get('/invoices'), 403, 'forbidden');
    expectError(
      await w.alice.post('/invoices', { client_id: w.clientId, from: '2026-01-01', to: '2026-01-31' }),
      403,
      'forbidden',
    );
    expectError(await w.alice.get('/settings/invoicing'), 403, 'forbidden');
  });
});

describe('issue, lock, void', () => {
  it('numbers issued invoices from their sequence, restarting with a new year in the pattern', async () => {
    const first = (await draftFor(w, { to: '2026-01-05' })).body;
    const second = (await draftFor(w, { from: '2026-01-06', to: '2026-01-06' })).body;
    const third = (await draftFor(w, { from: '2026-01-07', to: '2026-01-07' })).body;
    await w.admin.patch(`/invoices/${first.id}`, { issue_date: '2026-12-30' });
    await w.admin.patch(`/invoices/${second.id}`, { issue_date: '2026-12-31' });
    await w.admin.patch(`/invoices/${third.id}`, { issue_date: '2027-01-02' });
    const numbers = [];
    for (const id of [first.id, second.id, third.id]) {
      const res = await w.admin.post(`/invoices/${id}/issue`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      numbers.push([res.body.number, res.body.status, res.body.due_date]);
    }
    expect(numbers).toEqual([
      ['2026-0001', 'issued', '2027-01-13'],
      ['2026-0002', 'issued', '2027-01-14'],
      ['2027-0001', 'issued', '2027-01-16'],
    ]);
    expectError(await w.admin.post(`/invoices/${first.id}/issue`), 409, 'invoice_not_draft');
  });

  it('locks billed entries against every kind of change until the invoice is voided', async () => {
    const draft = (await draftFor(w)).body;
    // While a draft, the entries may still be corrected.
    expect((await w.alice.patch(`/time-entries/${w.billed[0]}`, { notes: 'typo fixed' })).status).toBe(200);
    const issued = (await w.admin.post(`/invoices/${draft.id}/issue`)).body;
    const [aliceEntry] = w.billed;
    const refused = async (res: Promise<any>) =>
      expect(expectError(await res, 409, 'entry_invoiced')).toMatchObject({ invoice_number: issued.number });
    await refused(w.alice.patch(`/time-entries/${aliceEntry}`, { notes: 'changed' }));
    await refused(w.admin.patch(`/time-entries/${aliceEntry}`, { project_id: w.internal.id }));
    await refused(w.alice.delete(`/time-entries/${aliceEntry}`));
    await refused(w.alice.post('/time-entries/bulk', { ids: [aliceEntry], action: 'set_billable', value: false }));
    await refused(w.admin.post('/time-entries/bulk', { ids: w.billed, action: 'delete' }));
    await refused(w.alice.request('PUT', '/timesheet/cell', { date: '2026-01-05', project_id: w.project.id, seconds: 0 }));
    expectError(await w.admin.patch(`/invoices/${draft.id}`, { notes: 'x' }), 409, 'invoice_not_draft');
    expectError(await w.admin.delete(`/invoices/${draft.id}`), 409, 'invoice_not_draft');
    // Nothing changed meanwhile; the entry says where it is billed, and the list filters by it.
    expect((await w.alice.get(`/time-entries/${aliceEntry}`)).body).toMatchObject({
      notes: 'typo fixed',
      billable: true,
      invoice_number: issued.number,
    });
    const range = 'from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&user_id=all';
    const ids = async (filter: string) =>
      ((await w.admin.get(`/time-entries?${range}&${filter}`)).body.items as { id: number }[]).map((e) => e.id).sort();
    expect(await ids('invoiced=true')).toEqual([...w.billed].sort());
    expect(await ids('invoiced=false')).toEqual([...w.unbilled].sort());

    const voided = await w.admin.post(`/invoices/${draft.id}/void`);
    expect(voided.body).toMatchObject({ status: 'void', number: issued.number });
    expect((await w.alice.patch(`/time-entries/${aliceEntry}`, { notes: 'changed' })).status).toBe(200);
    // Free to be billed again, under a new number.
    const again = (await draftFor(w)).body;
    expect([...again.entry_ids].sort()).toEqual([...w.billed].sort());
    expect((await w.admin.post(`/invoices/${again.id}/issue`)).body.number).not.toBe(issued.number);
  });

  it('says what is missing before it issues', async () => {
    await w.admin.patch('/settings/invoicing', { company_name: '', vat_id: '' });
    await w.admin.patch(`/clients/${w.clientId}`, { tax_treatment: 'exempt', city: '' });
    const draft = (await draftFor(w)).body;
    const details = expectError(await w.admin.post(`/invoices/${draft.id}/issue`), 409, 'invoice_incomplete');
    expect(Object.keys(details.fields).sort()).toEqual([
      'client.city',
      'client.exemption_reason',
      'settings.company_name',
      'settings.vat_id',
    ]);
    expect((await w.admin.get(`/invoices/${draft.id}`)).body).toMatchObject({ status: 'draft', number: null });
  });

  it('tells the entries’ owners, live, that issuing locked them and voiding freed them', async () => {
    const heard = new Map<number, number[]>();
    const live = w.t.runtime.ctx.live;
    const stop = [w.ids.alice, w.ids.bob, w.ids.admin].map((user) =>
      live.subscribe(user, (event) => {
        if (event.type === 'time_entry.changed') heard.set(user, [...(heard.get(user) ?? []), ...event.data.ids]);
      }),
    );
    try {
      const draft = (await draftFor(w)).body;
      heard.clear();
      await w.admin.post(`/invoices/${draft.id}/issue`);
      const [aliceFirst, bobs, aliceSecond] = w.billed as [number, number, number];
      await expectEventually(() => [heard.get(w.ids.alice)?.sort(), heard.get(w.ids.bob)]).toEqual([
        [aliceFirst, aliceSecond].sort(),
        [bobs],
      ]);
      expect(heard.has(w.ids.admin)).toBe(false); // nobody else hears of them
      heard.clear();
      await w.admin.post(`/invoices/${draft.id}/void`);
      await expectEventually(() => [heard.get(w.ids.alice)?.sort(), heard.get(w.ids.bob)]).toEqual([
        [aliceFirst, aliceSecond].sort(),
        [bobs],
      ]);
    } finally {
      for (const unsubscribe of stop) unsubscribe();
    }
  });

  it('records payments and credit notes; a credit note frees the entries once issued', async () => {
    const draft = (await draftFor(w)).body;
    expectError(await w.admin.post(`/invoices/${draft.id}/pay`, {}), 409, 'invoice_not_issued');
    await w.admin.post(`/invoices/${draft.id}/issue`);
    const paid = await w.admin.post(`/invoices/${draft.id}/pay`, { paid_at: '2026-12-20' });
    expect(paid.body).toMatchObject({ status: 'paid', paid_at: '2026-12-20' });
    const note = await w.admin.post(`/invoices/${draft.id}/credit-note`);
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.body).toMatchObject({
      kind: 'credit_note',
      status: 'draft',
      corrects_invoice_id: draft.id,
      gross_total: draft.gross_total,
    });
    expectError(await w.alice.patch(`/time-entries/${w.billed[0]}`, { notes: 'x' }), 409, 'entry_invoiced');
    const issuedNote = await w.admin.post(`/invoices/${note.body.id}/issue`);
    expect(issuedNote.status, JSON.stringify(issuedNote.body)).toBe(200);
    expect(issuedNote.body.number).toMatch(/^\d{4}-0002$/);
    expect((await w.alice.patch(`/time-entries/${w.billed[0]}`, { notes: 'x' })).status).toBe(200);
    expect(w.events.map((e) => e.event).filter((e) => e.startsWith('invoice.'))).toEqual([
      'invoice.created',
      'invoice.issued',
      'invoice.paid',
      'invoice.created',
      'invoice.issued',
    ]);
  });

  it('serves the issued invoice as Factur-X PDF and XRechnung XML, a draft only as a preview PDF', async () => {
    const draft = (await draftFor(w)).body;
    const preview = await w.admin.get(`/invoices/${draft.id}.pdf`);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(preview.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expectError(await w.admin.get(`/invoices/${draft.id}.xml`), 409, 'invoice_not_issued');
    const issued = (await w.admin.post(`/invoices/${draft.id}/issue`)).body;
    const pdf = await w.admin.get(`/invoices/${draft.id}.pdf`);
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${issued.number}.pdf"`);
    expect(pdf.raw.rawPayload.includes(Buffer.from('factur-x.xml'))).toBe(true);
    const ubl = await w.admin.get(`/invoices/${draft.id}.xml`);
    expect(ubl.status, JSON.stringify(ubl.body)).toBe(200);
    expect(ubl.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(ubl.raw.body).toContain(`<cbc:ID>${issued.number}</cbc:ID>`);
    expect(ubl.raw.body).toContain('<cbc:PayableAmount currencyID="EUR">435.10</cbc:PayableAmount>');
    const cii = await w.admin.get(`/invoices/${draft.id}.xml?syntax=cii`);
    expect(cii.raw.body).toContain('<ram:GrandTotalAmount>435.10</ram:GrandTotalAmount>');
    expectError(await w.admin.get(`/invoices/${draft.id}.xml?syntax=pdf`), 400, 'validation_failed');
    // XRechnung asks for the buyer's electronic address; an invoice issued without it says so instead of failing.
    await w.admin.patch(`/clients/${w.clientId}`, { email: null });
    await w.admin.post(`/invoices/${draft.id}/void`);
    const without = (await draftFor(w)).body;
    await w.admin.post(`/invoices/${without.id}/issue`);
    expect(expectError(await w.admin.get(`/invoices/${without.id}.xml`), 409, 'invoice_incomplete').fields).toEqual({
      'client.email': 'is required for XRechnung',
    });
    expect((await w.admin.get(`/invoices/${without.id}.pdf`)).status).toBe(200);
    expect(w.events.filter((e) => e.event === 'invoice.exported').map((e) => e.properties)).toEqual([
      { kind: 'invoice', format: 'pdf' },
      { kind: 'invoice', format: 'ubl' },
      { kind: 'invoice', format: 'cii' },
      { kind: 'invoice', format: 'pdf' },
    ]);
  });

  it('lists invoices newest first with filters', async () => {
    const a = (await draftFor(w, { to: '2026-01-05' })).body;
    const b = (await draftFor(w, { from: '2026-01-06' })).body;
    await w.admin.post(`/invoices/${a.id}/issue`);
    const all = (await w.admin.get('/invoices')).body;
    expect(all.items.map((i: any) => i.id)).toEqual([b.id, a.id]);
    expect((await w.admin.get('/invoices?status=issued')).body.items.map((i: any) => i.id)).toEqual([a.id]);
    const paged = (await w.admin.get('/invoices?limit=1')).body;
    expect(paged.items.map((i: any) => i.id)).toEqual([b.id]);
    expect((await w.admin.get(`/invoices?limit=1&cursor=${paged.next_cursor}`)).body.items.map((i: any) => i.id)).toEqual([a.id]);
  });
});

/** Live events may arrive after the answer (PostgreSQL delivers them through NOTIFY). */
const expectEventually = <T>(read: () => T) => ({
  toEqual: (expected: T) => vi.waitFor(() => expect(read()).toEqual(expected), { timeout: 5_000, interval: 20 }),
});
