// Invoicing in Chromium against a real server: the admin fills in the invoicing settings (and uploads a logo) and the client's billing
// details, creates a draft from a report, edits a line (the totals follow while typing), issues it, downloads the
// PDF (a real PDF whose text carries the number) and the XRechnung XML, finds the entries locked on the entries
// page (and the server refusing a change), marks it paid on a typed day, drafts one credit note (a second is refused
// in words), voids the invoice, and the entries are editable again. On a phone the
// list and the editor fit the screen.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ensureWebBuild,
  eventually,
  launchBrowser,
  openPage,
  startServer,
  type TestServer,
  type WatchedPage,
} from './support.js';
import { setupAdmin, type ApiSession } from './seed.js';
import { messages } from './i18n.js';

const t = messages('en');
const MONTH = 'range=custom&from=2026-11-01&to=2026-11-30';
// A 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63fccfc0f01f00050502005fc8f1d20000000049454e44ae426082',
  'hex',
);

async function arrange(server: TestServer): Promise<{ api: ApiSession; client: number }> {
  const api = await setupAdmin(server.url);
  await api.call('PATCH', '/users/me/preferences', {
    timezone: 'UTC',
    time_format: '24h',
    language: 'en',
    date_format: 'YYYY-MM-DD',
  });
  const client = (await api.call<{ id: number }>('POST', '/clients', { name: 'Acme', default_hourly_rate: '90.00' })).id;
  const project = (await api.call<{ id: number }>('POST', '/projects', { name: 'Website', client_id: client })).id;
  for (const day of ['02', '03'])
    await api.call('POST', '/time-entries', {
      project_id: project,
      start_time: `2026-11-${day}T09:00:00Z`,
      end_time: `2026-11-${day}T11:00:00Z`,
      notes: `Work on the ${day}th`,
    });
  return { api, client };
}

async function signedIn(browser: Browser, server: TestServer, api: ApiSession, width: number, height: number) {
  const w = await openPage(browser, server.url, { width, height });
  const [name, value] = api.cookie.split('=');
  await w.context.addCookies([{ name: name as string, value: value as string, url: server.url }]);
  return w;
}

describe('invoicing (desktop)', () => {
  let server: TestServer;
  let browser: Browser;
  let api: ApiSession;
  let w: WatchedPage;
  let page: Page;
  let invoiceId = 0;
  let number = '';

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    ({ api } = await arrange(server));
    w = await signedIn(browser, server, api, 1280, 800);
    page = w.page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes the invoicing settings and the client’s billing details', async () => {
    await page.goto('/settings#invoicing');
    const section = page.locator('#invoicing');
    await section.getByLabel(t('invoicingSettings.companyName')).fill('Tracker Studio');
    await section.getByLabel(t('billing.address')).fill('Hauptstraße 1');
    await section.getByLabel(t('billing.postalCode')).fill('10115');
    await section.getByLabel(t('billing.city')).fill('Berlin');
    await section.getByLabel(t('billing.country')).fill('DE');
    await section.getByLabel(t('billing.vatId')).fill('DE123456789');
    await section.getByLabel(t('invoicingSettings.email')).fill('billing@example.com');
    await section.getByLabel(t('invoicingSettings.phone')).fill('+49 30 1234567');
    await section.getByLabel(t('invoicingSettings.defaultTaxRate')).fill('19');
    await section.getByRole('button', { name: t('invoicingSettings.save') }).click();
    await page.getByText(t('invoicingSettings.saved')).waitFor();
    // The logo: a text file called .png is refused in words; a real PNG is shown and goes onto the PDF.
    const logoInput = section.locator('.invoicing-logo input[type=file]');
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await section.getByText(t('invoicingSettings.logoRefused')).waitFor();
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    const preview = section.getByRole('img', { name: t('invoicingSettings.logoPreview') });
    await eventually(() => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await section.getByText(t('invoicingSettings.replaceLogo')).waitFor();

    await page.goto('/clients');
    await page.getByRole('button', { name: t('list.editName', { name: 'Acme' }) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(t('billing.title')).click();
    await dialog.getByLabel(t('billing.address')).fill('1 Acme Way');
    await dialog.getByLabel(t('billing.postalCode')).fill('12345');
    await dialog.getByLabel(t('billing.city')).fill('Springfield');
    await dialog.getByLabel(t('billing.country')).fill('DE');
    await dialog.getByLabel(t('common.email')).fill('ap@acme.example');
    await dialog.getByRole('button', { name: t('clients.saveClient') }).click();
    await page.getByText(t('clients.saved')).waitFor();
  });

  it('creates a draft from the report, edits a line with live totals, and issues it', async () => {
    const clients = await api.call<{ items: { id: number }[] }>('GET', '/clients');
    await page.goto(`/reports?${MONTH}&client_id=${clients.items[0]!.id}`);
    await page.getByRole('button', { name: t('invoices.create'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t('invoices.create') });
    await dialog.getByRole('button', { name: t('invoices.createDraft') }).click();
    await page.waitForURL(/\/invoices\/\d+$/);
    invoiceId = Number(new URL(page.url()).pathname.split('/').pop());
    // 4 h at 90.00 + 19 %.
    await eventually(() => page.getByTestId('invoice-gross').textContent()).toBe('€428.40');
    await page.getByLabel(t('invoices.linePrice', { n: '1' })).fill('100');
    await eventually(() => page.getByTestId('invoice-gross').textContent()).toBe('€476.00');
    await page.getByRole('button', { name: t('invoices.save'), exact: true }).click();
    await page.getByRole('button', { name: t('invoices.saved') }).waitFor();
    await page.getByRole('button', { name: t('invoices.issue'), exact: true }).click();
    await page
      .getByRole('dialog', { name: t('invoices.issue') })
      .getByRole('button', { name: t('invoices.issue') })
      .click();
    await page.getByRole('link', { name: t('invoices.downloadPdf') }).waitFor();
    number = (await api.call<{ number: string }>('GET', `/invoices/${invoiceId}`)).number;
    expect(number).toMatch(/^\d{4}-0001$/);
    await page.getByRole('heading', { name: t('invoices.invoiceNumber', { number }), level: 1 }).waitFor();
  });

  it('downloads the PDF and the XRechnung XML', async () => {
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('invoices.downloadPdf') }).click(),
    ]);
    const pdfPath = await pdf.path();
    expect(fs.readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' })).toContain(number);
    // The uploaded logo is on the first page (pdfimages lists it, 1×1 px).
    const images = execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', pdfPath], { encoding: 'utf8' });
    expect(
      images
        .split('\n')
        .slice(2)
        .filter((l) => /^\s*1\s+\d+\s+image\s+1\s+1\s/.test(l)),
    ).toHaveLength(1);
    const [xml] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('invoices.downloadUbl') }).click(),
    ]);
    const text = fs.readFileSync(await xml.path(), 'utf8');
    expect(text).toContain('<?xml');
    expect(text).toContain(number);
  });

  it('locks the entries on the entries page, and the server refuses a change', async () => {
    await page.goto(`/entries?${MONTH}`);
    const row = page.locator('li.entry[data-entry-id]').filter({ hasText: 'Work on the 02th' });
    await row.getByText(t('invoices.invoiceNumber', { number })).waitFor();
    await row.getByText(t('invoices.lockedReason')).waitFor();
    expect(await row.getByRole('button', { name: /^Edit entry/ }).isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: /^Delete entry/ }).isDisabled()).toBe(true);
    const id = Number(await row.getAttribute('data-entry-id'));
    const status = await page.evaluate(async (entry) => {
      const csrf = (await (await fetch('/api/v1/auth/session')).json()).csrf_token as string;
      const answer = await fetch(`/api/v1/time-entries/${entry}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ notes: 'changed' }),
      });
      return answer.status;
    }, id);
    expect(status).toBe(409);
  });

  it('records the payment on a typed day, and drafts one credit note for the invoice', async () => {
    await page.goto(`/invoices/${invoiceId}`);
    await page.getByRole('button', { name: t('invoices.markPaid'), exact: true }).click();
    const pay = page.getByRole('dialog', { name: t('invoices.markPaid') });
    await pay.getByLabel(t('invoices.paidOn')).fill('2026-12-03');
    await pay.getByRole('button', { name: t('invoices.markPaid') }).click();
    await pay.waitFor({ state: 'hidden' });
    const facts = page.locator('.invoice-facts');
    await facts.getByText(t('invoices.paidOn')).waitFor();
    await facts.getByText('2026-12-03').waitFor();
    expect(await page.getByRole('button', { name: t('invoices.markPaid'), exact: true }).count()).toBe(0);
    expect((await api.call<{ status: string; paid_at: string }>('GET', `/invoices/${invoiceId}`)).paid_at).toBe('2026-12-03');

    await page.getByRole('button', { name: t('invoices.creditNote'), exact: true }).click();
    const ask = page.getByRole('dialog', { name: t('invoices.creditNote') });
    await ask.getByText(t('invoices.creditNoteConfirm')).waitFor();
    await ask.getByRole('button', { name: t('invoices.creditNote') }).click();
    await page.waitForURL((url) => /\/invoices\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${invoiceId}`));
    const noteId = Number(new URL(page.url()).pathname.split('/').pop());
    // The draft credit note carries the invoice's total; the invoice keeps its entries until the note is issued.
    await eventually(() => page.getByTestId('invoice-gross').textContent()).toBe('€476.00');
    expect(await api.call('GET', `/invoices/${noteId}`)).toMatchObject({ kind: 'credit_note', corrects_invoice_id: invoiceId });
    // A second credit note is refused in words, not made.
    await page.goto(`/invoices/${invoiceId}`);
    await page.getByRole('button', { name: t('invoices.creditNote'), exact: true }).click();
    await page
      .getByRole('dialog', { name: t('invoices.creditNote') })
      .getByRole('button', { name: t('invoices.creditNote') })
      .click();
    await page.getByText(t('errors.api.credit_note_exists')).waitFor();
    const all = await api.call<{ items: { kind: string }[] }>('GET', '/invoices');
    expect(all.items.filter((i) => i.kind === 'credit_note')).toHaveLength(1);
    // Deleting the draft leaves the invoice as it was.
    await api.call('DELETE', `/invoices/${noteId}`);
  });

  it('voids the invoice, and the entries are editable again', async () => {
    await page.goto(`/invoices/${invoiceId}`);
    await page.getByRole('button', { name: t('invoices.void'), exact: true }).click();
    const confirm = page.getByRole('dialog', { name: t('invoices.void') });
    await confirm.getByText(t('invoices.voidConfirm')).waitFor();
    await confirm.getByRole('button', { name: t('invoices.void') }).click();
    await page.getByText(t('invoices.voided')).waitFor();
    await page.goto(`/entries?${MONTH}`);
    const row = page.locator('li.entry[data-entry-id]').filter({ hasText: 'Work on the 02th' });
    await row.getByRole('button', { name: /^Edit entry/ }).waitFor();
    expect(await row.getByRole('button', { name: /^Edit entry/ }).isDisabled()).toBe(false);
    expect(await row.getByText(t('invoices.lockedReason')).count()).toBe(0);
    await page.goto('/invoices');
    await page.getByRole('link', { name: number }).waitFor();
    expect(w.problems).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});

describe('invoicing (phone)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let invoiceId = 0;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    const { api, client } = await arrange(server);
    invoiceId = (
      await api.call<{ id: number }>('POST', '/invoices', {
        client_id: client,
        from: '2026-11-01',
        to: '2026-11-30',
        group_by: 'day',
      })
    ).id;
    page = (await signedIn(browser, server, api, 375, 740)).page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('fits the list and the editor on the screen', async () => {
    await page.goto('/invoices');
    await page.getByRole('link', { name: t('invoices.draftNumber') }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`/invoices/${invoiceId}`);
    const price = page.getByLabel(t('invoices.linePrice', { n: '2' }));
    await price.fill('100');
    // Two days of 2 h, one at 90.00 and one at 100.00 (no tax rate set up on this instance).
    await eventually(() => page.getByTestId('invoice-gross').textContent()).toBe('€380.00');
    const box = await price.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
