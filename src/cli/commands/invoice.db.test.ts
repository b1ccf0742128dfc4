// The invoice command as a real child process against the database of a running test instance: a draft from
// tracked time, issuing it (with what is missing said first), and its PDF and XML written to files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.test-helpers.js';
import { createInvoiceWorld, type InvoiceWorld } from '../../server/features/invoices/invoices.test-helpers.js';

describe('npm run cli -- invoice', { timeout: 120_000 }, () => {
  let w: InvoiceWorld;
  let dir: string;
  const cli = (args: string[]) => runCli(['invoice', ...args], w.t.env.env);

  beforeAll(async () => {
    w = await createInvoiceWorld();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-invoice-cli-'));
  });
  afterAll(async () => {
    await w.t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks its arguments', async () => {
    expect((await cli([])).code).toBe(2);
    const noClient = await cli(['create', '--client', 'Nobody', '--from', '2026-01-01', '--to', '2026-01-31']);
    expect([noClient.code, noClient.stderr]).toEqual([1, 'There is no client "Nobody".\n']);
    const badDate = await cli(['create', '--client', 'Acme', '--from', '2026-02-30', '--to', '2026-01-31']);
    expect([badDate.code, badDate.stderr]).toEqual([2, expect.stringContaining('--from: must be a date YYYY-MM-DD')]);
    expect((await cli(['issue', 'x'])).code).toBe(2);
  });

  it('creates a draft, says what is missing, issues it and writes its PDF and XML', async () => {
    const created = await cli(['create', '--client', 'acme', '--from', '2026-01-01', '--to', '2026-01-31']);
    expect(created.code, created.stderr).toBe(0);
    const draft = JSON.parse(created.stdout);
    expect(draft).toMatchObject({ status: 'draft', gross_total: '435.10' });

    await w.admin.patch('/settings/invoicing', { city: '' });
    const refused = await cli(['issue', String(draft.id)]);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      'Some data an invoice must carry is missing. (invoice_incomplete)\n  settings.city is required to issue an invoice\n',
    ]);
    await w.admin.patch('/settings/invoicing', { city: 'Berlin' });

    const issued = await cli(['issue', String(draft.id)]);
    expect(issued.code, issued.stderr).toBe(0);
    const number = JSON.parse(issued.stdout).number as string;
    expect(number).toMatch(/^\d{4}-0001$/);

    const pdf = path.join(dir, 'invoice.pdf');
    expect((await cli(['pdf', String(draft.id), '--out', pdf])).code).toBe(0);
    expect(execFileSync('pdfdetach', ['-list', pdf]).toString()).toContain('factur-x.xml');
    expect(execFileSync('pdftotext', [pdf, '-']).toString()).toContain(number);
    const xml = await cli(['xml', String(draft.id), '--syntax', 'cii']);
    expect(xml.code).toBe(0);
    expect(xml.stdout).toContain(`<ram:ID>${number}</ram:ID>`);
  });
});
