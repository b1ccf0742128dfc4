// Frozen invoices for the document tests, built the way the service builds them: lines priced by hand, totals by
// src/shared/invoicing/invoice-totals.ts, so the figures on the PDF and in the XML are the ones the database keeps.
import { computeTotals, lineTax, type TaxTreatment } from '../../../../shared/invoicing/invoice-totals.js';
import type { InvoiceDocument, InvoiceDocumentLine, InvoiceIssuer, InvoiceParty } from '../invoice-document.js';

/** A 1×1 red PNG, the smallest logo there is. */
const LOGO = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

export const ISSUER: InvoiceIssuer = {
  name: 'Jürgen Weiß Softwareentwicklung',
  address_lines: ['Große Straße 12', 'Hinterhaus'],
  postal_code: '10115',
  city: 'Berlin',
  country_code: 'DE',
  vat_id: 'DE123456789',
  tax_number: '12/345/67890',
  email: 'rechnung@weiss.example',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  logo_base64: LOGO,
  footer: 'Jürgen Weiß · Große Straße 12 · 10115 Berlin · Amtsgericht Charlottenburg',
  phone: '+49 30 1234567',
};

export const CUSTOMER: InvoiceParty = {
  name: 'Müller & Söhne GmbH',
  address_lines: ['Königsallee 1'],
  postal_code: '40212',
  city: 'Düsseldorf',
  country_code: 'DE',
  vat_id: 'DE987654321',
  tax_number: null,
  email: 'buchhaltung@mueller.example',
};

interface LineSpec {
  description: string;
  quantity: number;
  unit?: 'HUR' | 'C62';
  unit_price_cents: number;
  tax_rate: number;
  period?: { from: string; to: string };
}

/** An invoice of `lines` under `treatment`, with totals computed as the service computes them. */
export function buildInvoice(
  lines: LineSpec[],
  overrides: Partial<InvoiceDocument> & { tax_treatment?: TaxTreatment } = {},
): InvoiceDocument {
  const treatment = overrides.tax_treatment ?? 'standard';
  const totals = computeTotals(lines, treatment);
  const docLines: InvoiceDocumentLine[] = lines.map((l, i) => {
    const { category, rate } = lineTax(treatment, l.tax_rate);
    return {
      description: l.description,
      quantity: l.quantity,
      unit: l.unit ?? 'HUR',
      unit_price_cents: l.unit_price_cents,
      tax_category: category,
      tax_rate: rate,
      net_cents: totals.line_net_cents[i]!,
      ...(l.period ? { period: l.period } : {}),
    };
  });
  return {
    type_code: '380',
    number: '2026-0042',
    preceding_number: null,
    issue_date: '2026-11-30',
    due_date: '2026-12-14',
    currency: 'EUR',
    language: 'de',
    issuer: ISSUER,
    customer: CUSTOMER,
    tax_treatment: treatment,
    exemption_reason: null,
    period: { from: '2026-11-01', to: '2026-11-30' },
    lines: docLines,
    taxes: totals.taxes,
    net_cents: totals.net_cents,
    tax_cents: totals.tax_cents,
    gross_cents: totals.gross_cents,
    payment_terms_days: 14,
    buyer_reference: '2026-0042',
    notes: null,
    ...overrides,
  };
}

const TIME = { from: '2026-11-02', to: '2026-11-27' };

/** 19 % and 7 % with a 10 % discount on the 19 % lines (the hand-computed invoice of invoice-totals.test.ts). */
export const standardInvoice = (): InvoiceDocument =>
  buildInvoice([
    { description: 'Website relaunch: Konzeption', quantity: 13333, unit_price_cents: 9000, tax_rate: 1900, period: TIME },
    { description: 'Website relaunch: Umsetzung', quantity: 27500, unit_price_cents: 8550, tax_rate: 1900, period: TIME },
    { description: 'Fachbuch „Barrierefreiheit“', quantity: 10000, unit: 'C62', unit_price_cents: 2990, tax_rate: 700 },
    { description: 'Rabatt 10 % auf Dienstleistungen', quantity: 10000, unit: 'C62', unit_price_cents: -3551, tax_rate: 1900 },
  ]);

export const reverseChargeInvoice = (): InvoiceDocument =>
  buildInvoice([{ description: 'Consulting (remote)', quantity: 80000, unit_price_cents: 9500, tax_rate: 1900, period: TIME }], {
    tax_treatment: 'reverse_charge',
    language: 'en',
    exemption_reason: 'Reverse charge, Article 196 Council Directive 2006/112/EC',
    customer: {
      ...CUSTOMER,
      name: 'Café Olé S.L.',
      address_lines: ['Calle Mayor 5'],
      postal_code: '28013',
      city: 'Madrid',
      country_code: 'ES',
      vat_id: 'ESB12345678',
      email: 'facturas@cafeole.example',
    },
  });

export const exemptInvoice = (): InvoiceDocument =>
  buildInvoice([{ description: 'Nachhilfe Mathematik', quantity: 60000, unit_price_cents: 4000, tax_rate: 0 }], {
    tax_treatment: 'exempt',
    exemption_reason: 'Steuerfrei nach § 4 Nr. 21 UStG',
  });

/** A credit note for part of the standard invoice, as positive amounts. */
export const creditNote = (): InvoiceDocument =>
  buildInvoice(
    [{ description: 'Gutschrift: doppelt berechnete Stunden', quantity: 20000, unit_price_cents: 9000, tax_rate: 1900 }],
    {
      type_code: '381',
      number: '2026-0043',
      preceding_number: '2026-0042',
      language: 'fr',
    },
  );

/** US dollars: no SEPA QR code; English, no IBAN either. */
export const dollarInvoice = (): InvoiceDocument =>
  buildInvoice([{ description: 'Design review', quantity: 35000, unit_price_cents: 12000, tax_rate: 1900 }], {
    currency: 'USD',
    language: 'es',
    issuer: { ...ISSUER, iban: null, bic: null, logo_base64: null },
  });

/** Long texts, many lines (more than a page) and names in several scripts. */
export const longInvoice = (): InvoiceDocument =>
  buildInvoice(
    Array.from({ length: 40 }, (_, i) => ({
      description:
        i % 5 === 0
          ? `Día ${i + 1}: revisión de la señalización, Überarbeitung der Straßenführung, café crème et pièces jointes, ` +
            'a description long enough to wrap over several lines of the table without breaking the layout'
          : `Tag ${i + 1}: Entwicklung – ß, é, ñ, 東京 office`,
      quantity: 10000 + i * 2500,
      unit_price_cents: 8000 + i * 10,
      tax_rate: 1900,
      period: { from: '2026-11-01', to: '2026-11-01' },
    })),
    {
      language: 'en',
      customer: {
        ...CUSTOMER,
        name: 'Ñandú Técnica 東京株式会社',
        address_lines: ['Shibuya 2-21-1', 'Hikarie 8F'],
        city: 'Tōkyō',
        postal_code: '150-8510',
        country_code: 'JP',
        vat_id: null,
      },
      notes: 'Thank you for your order. Vielen Dank für Ihren Auftrag – ¡gracias! Merci beaucoup.',
    },
  );
