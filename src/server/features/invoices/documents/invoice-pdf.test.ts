// The Factur-X PDF read back with poppler-utils as a recipient's tools would: the embedded factur-x.xml (pdfdetach),
// the PDF/A-3 identification (pdfinfo), the words and figures (pdftotext) and the rendering (pdftoppm).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../exports/pdf.test-helpers.js';
import type { InvoiceDocument } from '../invoice-document.js';
import { renderInvoicePdf } from './factur-x.js';
import { renderPlainInvoicePdf } from './invoice-pdf.js';
import { creditNote, dollarInvoice, ISSUER, longInvoice, standardInvoice } from './invoice-fixtures.test-helpers.js';
import { FACTUR_X_EN16931_XSD, local, xmllint, xpath } from './xml-validation.test-helpers.js';

let dir: string;
const write = (name: string, pdf: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return file;
};
const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8', cwd: dir });

// One rendering per fixture (each takes a second or more), shared by the tests below.
const pdfs = new Map<string, Buffer>();
const FIXTURES: Record<string, () => InvoiceDocument> = {
  standard: standardInvoice,
  long: longInvoice,
  // Dollars with an IBAN set: the account is printed, but no QR code (EPC069-12 is for euros only).
  dollars: () => ({ ...dollarInvoice(), issuer: ISSUER }),
  credit: creditNote,
  void: () => ({ ...standardInvoice(), void: true }),
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-invoice-pdf-'));
  for (const [name, make] of Object.entries(FIXTURES)) pdfs.set(name, await renderInvoicePdf(make()));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the Factur-X invoice PDF', () => {
  it('is a PDF/A-3 with the EN 16931 CII XML embedded as factur-x.xml, valid against the XSD', () => {
    const file = write('standard.pdf', pdfs.get('standard')!);
    expect(poppler('pdfdetach', '-list', file)).toMatch(/1: factur-x\.xml/);
    const info = poppler('pdfinfo', file);
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const meta = poppler('pdfinfo', '-meta', file);
    expect(meta).toMatch(/pdfaid:part(>|=")3/);
    expect(meta).toMatch(/pdfaid:conformance(>|=")B/);
    expect(meta).toContain('factur-x.xml');

    poppler('pdfdetach', '-save', '1', '-o', 'factur-x.xml', file);
    const xml = fs.readFileSync(path.join(dir, 'factur-x.xml'), 'utf8');
    const result = xmllint(xml, FACTUR_X_EN16931_XSD);
    expect(result.ok, result.output).toBe(true);
    expect(xpath(xml, local('/CrossIndustryInvoice/ExchangedDocument/ID'))).toBe('2026-0042');
    expect(
      xpath(xml, local('/CrossIndustryInvoice/ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID')),
    ).toBe('urn:cen.eu:en16931:2017');
  });

  it('shows number, lines, tax summary, totals, payment details and "Seite 1 von 1" in German', () => {
    const text = pdfText(pdfs.get('standard')!, { layout: true });
    expect(text).toContain('Rechnung 2026-0042');
    expect(text).toMatch(/Rechnungsnummer\s+2026-0042/);
    expect(text).toMatch(/Fällig am\s+14\.12\.2026/);
    expect(text).toMatch(/Website relaunch: Konzeption.*1,3333\s+Std\.\s+90,00 €\s+19 %\s+120,00 €/);
    expect(text).toMatch(/Rabatt 10 % auf Dienstleistungen.*-35,51 €/);
    expect(text).toMatch(/USt\. 19 % auf 319,62 €\s+60,73 €/);
    expect(text).toMatch(/USt\. 7 % auf 29,90 €\s+2,09 €/);
    expect(text).toMatch(/Gesamtbetrag\s+412,34 €/);
    expect(text).toContain('Zahlbar innerhalb von 14 Tagen ohne Abzug.');
    expect(text).toContain('IBAN: DE89 3704 0044 0532 0130 00');
    expect(text).toContain('Mit der Banking-App scannen');
    expect(text).toContain('Seite 1 von 1');
    expect(text).toContain('Müller & Söhne GmbH');
    expect(text).toContain('Jürgen Weiß Softwareentwicklung');
    expect(text).not.toContain('STORNIERT');
  });

  it('runs long invoices over pages with the table header repeated and "Page x of y" in English', () => {
    const file = write('long.pdf', pdfs.get('long')!);
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', file))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = pdfText(pdfs.get('long')!);
    expect(text).toContain('Invoice 2026-0042');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // The header on every page that holds lines (the totals and payment may have a page of their own).
    expect(text.match(/Description/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Ñandú Técnica');
    expect(text).toContain('Überarbeitung der Straßenführung');
    expect(text).toMatch(/Total\s+€[\d,.]+/);
  });

  it('offers no SEPA QR code for another currency, even with an IBAN', () => {
    const text = pdfText(pdfs.get('dollars')!, { layout: true });
    expect(text).toContain('Factura 2026-0042');
    expect(text).toContain('IBAN: DE89 3704 0044 0532 0130 00');
    expect(text).not.toContain('Escanear con la app del banco');
    expect(text).toContain('Página 1 de 1');
    expect(text).toMatch(/Total\s+499,80\sUS\$/u);
  });

  it('titles a credit note as such, names the corrected invoice and asks for no transfer', () => {
    const text = pdfText(pdfs.get('credit')!, { layout: true });
    expect(text).toContain('Avoir 2026-0043');
    expect(text).toMatch(/Rectifie la facture\s+2026-0042/);
    expect(text).not.toContain('Merci de virer');
    expect(text).not.toContain('application bancaire');
  });

  it('stamps a void invoice VOID in its language', () => {
    // The stamp is rotated, so pdftotext reads its letters in no useful order: compare the letters instead.
    const letters = (pdf: Buffer) => [...pdfText(pdf).replace(/\s+/g, '')].sort();
    const extra = [...letters(pdfs.get('void')!)];
    for (const ch of letters(pdfs.get('standard')!)) {
      const at = extra.indexOf(ch);
      expect(at, ch).toBeGreaterThanOrEqual(0);
      extra.splice(at, 1);
    }
    expect(extra.join('')).toBe([...'STORNIERT'].sort().join(''));
  });

  it('renders to an image (pdftoppm)', () => {
    const file = write('render.pdf', pdfs.get('standard')!);
    poppler('pdftoppm', '-png', '-r', '40', '-f', '1', '-l', '1', file, path.join(dir, 'page'));
    const png = fs.readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    const bytes = fs.readFileSync(path.join(dir, png!));
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  it('leaves out a logo it cannot read instead of failing the invoice', async () => {
    const doc = standardInvoice();
    const broken = { ...doc, issuer: { ...doc.issuer, logo_base64: Buffer.from('not an image').toString('base64') } };
    const text = pdfText(await renderPlainInvoicePdf(broken));
    expect(text).toContain('Rechnung 2026-0042');
    expect(text).toContain('Seite 1 von 1');
  });

  it('leaves out a PNG whose pixels fail to inflate (pdfkit would throw from a zlib callback, past any catch)', async () => {
    const crashes: unknown[] = [];
    const onCrash = (e: unknown) => crashes.push(e);
    process.on('uncaughtException', onCrash);
    try {
      const damaged = Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3a2b6d10000000049454e44ae426082',
        'hex',
      );
      const doc = standardInvoice();
      const pdf = await renderPlainInvoicePdf({ ...doc, issuer: { ...doc.issuer, logo_base64: damaged.toString('base64') } });
      expect(pdfText(pdf)).toContain('Rechnung 2026-0042');
      await new Promise((resolve) => setTimeout(resolve, 50)); // where a zlib callback would have thrown
    } finally {
      process.off('uncaughtException', onCrash);
    }
    expect(crashes).toEqual([]);
  });
});
