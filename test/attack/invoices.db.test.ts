// Hostile input on every invoicing path: malformed amounts, rates, quantities, dates and texts, oversized and
// disguised logos, other clients' projects, a normal user's session and tokens, and bursts of concurrent drafts and
// issues. Each answer is a clear 4xx in the API's error shape, nothing half-written stays, and no hour is billed
// twice.
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenFor } from '../harness.js';
import { expectError } from '../../src/server/features/time-entries/entries.test-helpers.js';
import { createInvoiceWorld, draftFor, type InvoiceWorld } from '../../src/server/features/invoices/invoices.test-helpers.js';

let w: InvoiceWorld;
beforeEach(async () => {
  w = await createInvoiceWorld();
});
afterEach(async () => {
  await w.t.close();
});

const line = { description: 'Work', quantity: '1', unit: 'hour', unit_price: '10', tax_rate: '19' };
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63fccfc0f01f00050502005fc8f1d20000000049454e44ae426082',
  'hex',
);

describe('invoice input', () => {
  it('refuses malformed lines with 400 naming the field, and keeps the draft as it was', async () => {
    const draft = (await draftFor(w)).body;
    const hostile: Record<string, unknown>[] = [
      { quantity: '1e3' },
      { quantity: 'NaN' },
      { quantity: '1.23456' },
      { quantity: '10000000.5' },
      { quantity: 1e21 },
      { unit_price: '0.001' },
      { unit_price: '1,50' },
      { unit_price: '99999999999' },
      { tax_rate: '100.01' },
      { tax_rate: '-1' },
      { tax_rate: '19%' },
      { unit: 'kg' },
      { description: '' },
      { description: 'a\nb' },
      { description: 'nul\u0000' },
      { description: 'x'.repeat(501) },
      { extra: 'field' },
    ];
    for (const change of hostile) {
      const res = await w.admin.patch(`/invoices/${draft.id}`, { lines: [{ ...line, ...change }] });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expectError(await w.admin.patch(`/invoices/${draft.id}`, { lines: [] }), 400, 'validation_failed');
    expectError(
      await w.admin.patch(`/invoices/${draft.id}`, { lines: Array.from({ length: 501 }, () => line) }),
      400,
      'validation_failed',
    );
    expectError(await w.admin.patch(`/invoices/${draft.id}`, { due_date: '2026-02-30' }), 400, 'validation_failed');
    expectError(
      await w.admin.patch(`/invoices/${draft.id}`, { issue_date: '2027-01-10', due_date: '2027-01-01' }),
      400,
      'validation_failed',
    );
    expect((await w.admin.get(`/invoices/${draft.id}`)).body).toMatchObject({
      gross_total: draft.gross_total,
      lines: draft.lines,
      issue_date: null,
    });
  });

  it('refuses bad ranges, unknown clients and other clients’ projects', async () => {
    expectError(await draftFor(w, { from: '2026-02-01', to: '2026-01-01' }), 400, 'validation_failed');
    expectError(await draftFor(w, { from: '1969-12-31' }), 400, 'validation_failed');
    expectError(await draftFor(w, { from: '2000-01-01', to: '2026-01-01' }), 400, 'validation_failed');
    expectError(await draftFor(w, { from: '2026-1-1' }), 400, 'validation_failed');
    expectError(await draftFor(w, { client_id: 999_999 }), 404, 'not_found');
    expectError(await draftFor(w, { client_id: 'x' }), 400, 'validation_failed');
    expectError(await draftFor(w, { group_by: 'client' }), 400, 'validation_failed');
    const other = (await w.admin.get('/projects?limit=100')).body.items.find((p: { name: string }) => p.name === 'Elsewhere');
    expect(
      expectError(await draftFor(w, { project_ids: [w.project.id, other.id] }), 400, 'validation_failed').fields,
    ).toHaveProperty('project_ids');
    expect((await w.admin.get('/invoices')).body.items).toEqual([]);
  });

  it('refuses bad settings and disguised or oversized logos', async () => {
    for (const bad of [
      { iban: 'DE00370400440532013000' },
      { bic: 'NOPE' },
      { country_code: 'DEU' },
      { vat_id: '123' },
      { number_pattern: '{seq}{seq}' },
      { number_pattern: '<script>{seq}' },
      { default_tax_rate: '101' },
      { payment_terms_days: -1 },
      { language: 'xx' },
      { address_lines: ['a', 'b', 'c', 'd', 'e'] },
      { company_name: 'a\u0000' },
    ]) {
      expectError(await w.admin.patch('/settings/invoicing', bad), 400, 'validation_failed');
    }
    const gif = Buffer.from('GIF89a\u0001\u0000\u0001\u0000');
    expectError(
      await w.admin.request('PUT', '/settings/invoicing/logo', gif, { 'content-type': 'image/png' }),
      400,
      'validation_failed',
    );
    // PNG and JPEG by their first bytes, but not whole images: a bad checksum, pixels that fail to inflate (once
    // accepted, they crashed every invoice PDF from a zlib callback), cut short, a header promising 10⁸ pixels, a
    // JPEG without a frame.
    const badCrc = Buffer.from(PNG);
    badCrc[PNG.length - 20]! ^= 0xff;
    const corruptPixels = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3a2b6d10000000049454e44ae426082',
      'hex',
    );
    const giant = Buffer.from(PNG);
    giant.writeUInt32BE(10_000, 16);
    giant.writeUInt32BE(10_000, 20);
    giant.writeUInt32BE(crc32(giant.subarray(12, 29)), 29);
    for (const broken of [badCrc, corruptPixels, PNG.subarray(0, 40), giant, Buffer.from([0xff, 0xd8, 0xff, 0xd9])]) {
      expectError(
        await w.admin.request('PUT', '/settings/invoicing/logo', broken, { 'content-type': 'image/png' }),
        400,
        'validation_failed',
      );
    }
    expect((await w.admin.get('/settings/invoicing')).body.has_logo).toBe(false);
    const huge = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
    expect((await w.admin.request('PUT', '/settings/invoicing/logo', huge, { 'content-type': 'image/png' })).status).toBe(413);
    expect((await w.admin.request('PUT', '/settings/invoicing/logo', 'hello', { 'content-type': 'text/plain' })).status).toBe(
      415,
    );
    expect((await w.admin.request('PUT', '/settings/invoicing/logo', PNG, { 'content-type': 'image/png' })).status).toBe(204);
    expect((await w.admin.get('/settings/invoicing')).body.has_logo).toBe(true);
  });
});

describe('who may invoice', () => {
  it('keeps normal users and tokens without admin:all out, whatever ids they send', async () => {
    const draft = (await draftFor(w)).body;
    for (const [method, url] of [
      ['GET', `/invoices/${draft.id}`],
      ['PATCH', `/invoices/${draft.id}`],
      ['DELETE', `/invoices/${draft.id}`],
      ['POST', `/invoices/${draft.id}/issue`],
      ['POST', `/invoices/${draft.id}/void`],
      ['GET', '/settings/invoicing'],
      ['PUT', '/settings/invoicing/logo'],
    ] as const) {
      expectError(await w.alice.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}), 403, 'forbidden');
    }
    const readOnly = await tokenFor(w.t, w.ids.admin, ['read:*', 'write:*']);
    expectError(await readOnly.get('/invoices'), 403, 'forbidden');
    expectError(await readOnly.post(`/invoices/${draft.id}/issue`), 403, 'forbidden');
    expect((await w.admin.get(`/invoices/${draft.id}`)).body.status).toBe('draft');
  });
});

describe('bursts', () => {
  it('20 drafts at once for the same time bill each entry once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => draftFor(w)));
    const created = answers.filter((r) => r.status === 201);
    expect(answers.filter((r) => r.status !== 201).every((r) => r.body.error.code === 'nothing_to_invoice')).toBe(true);
    const billed = created.flatMap((r) => r.body.entry_ids as number[]);
    expect(new Set(billed).size).toBe(billed.length);
    expect([...billed].sort()).toEqual([...w.billed].sort());
  });

  it('issuing and voiding the same invoice at once ends in one consistent state', async () => {
    const draft = (await draftFor(w)).body;
    const answers = await Promise.all([
      w.admin.post(`/invoices/${draft.id}/issue`),
      w.admin.post(`/invoices/${draft.id}/issue`),
      w.admin.post(`/invoices/${draft.id}/void`),
      w.alice.patch(`/time-entries/${w.billed[0]}`, { notes: 'racing edit' }),
    ]);
    expect(answers.map((r) => r.status).every((s) => s === 200 || s === 409)).toBe(true);
    expect(answers.slice(0, 2).filter((r) => r.status === 200)).toHaveLength(1);
    const final = (await w.admin.get(`/invoices/${draft.id}`)).body;
    expect(['issued', 'void']).toContain(final.status);
    expect(final.number).toMatch(/^\d{4}-0001$/);
    const edit = await w.alice.patch(`/time-entries/${w.billed[0]}`, { notes: 'after' });
    expect(edit.status).toBe(final.status === 'issued' ? 409 : 200);
  });

  it('ten credit-note clicks at once make one credit note; a second one later is refused by name', async () => {
    const draft = (await draftFor(w)).body;
    await w.admin.post(`/invoices/${draft.id}/issue`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => w.admin.post(`/invoices/${draft.id}/credit-note`)));
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of answers.filter((a) => a.status !== 201)) {
      expectError(r, 409, 'credit_note_exists');
      expect(r.body.error.details).toMatchObject({ credit_note_id: created[0]!.body.id, credit_note_status: 'draft' });
    }
    const notes = (await w.admin.get('/invoices')).body.items.filter((i: { kind: string }) => i.kind === 'credit_note');
    expect(notes).toHaveLength(1);
    // Issued, it still blocks a second one; deleted as a draft, it would not.
    await w.admin.post(`/invoices/${created[0]!.body.id}/issue`);
    expectError(await w.admin.post(`/invoices/${draft.id}/credit-note`), 409, 'credit_note_exists');
  });

  it('a credit note drafted for an invoice that is voided meanwhile cannot be issued', async () => {
    const draft = (await draftFor(w)).body;
    await w.admin.post(`/invoices/${draft.id}/issue`);
    const note = (await w.admin.post(`/invoices/${draft.id}/credit-note`)).body;
    await w.admin.post(`/invoices/${draft.id}/void`);
    expectError(await w.admin.post(`/invoices/${note.id}/issue`), 409, 'invoice_not_issued');
    expect((await w.admin.get(`/invoices/${note.id}`)).body).toMatchObject({ status: 'draft', number: null });
  });
});
