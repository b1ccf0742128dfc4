// The frozen content of an invoice (pure): issuer and customer data copied from the settings and the client at
// issue time, lines and totals as stored. Everything a document needs is in the result; nothing is looked up later.
import { computeTotals, lineTax, type TaxTreatment } from '../../../shared/invoicing/invoice-totals.js';
import type { ClientRow, InvoiceLineRow, InvoiceRow } from '../../db/schema.js';
import type { InvoiceDocument, InvoiceDocumentLine } from './invoice-document.js';
import type { InvoicingSettings, Logo } from './settings.service.js';

/** Printed on reverse-charge invoices when the client has no reason text of its own (EN 16931 BT-120). */
const REVERSE_CHARGE_REASON: Record<string, string> = {
  en: 'Reverse charge: VAT to be accounted for by the recipient.',
  de: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).',
  fr: 'Autoliquidation : TVA due par le preneur.',
  es: 'Inversión del sujeto pasivo.',
};

export interface DocumentInput {
  invoice: InvoiceRow;
  lines: readonly InvoiceLineRow[];
  settings: InvoicingSettings;
  client: ClientRow;
  logo: Logo | null;
  number: string;
  issueDate: string;
  dueDate: string;
  precedingNumber: string | null;
}

export function buildInvoiceDocument(input: DocumentInput): InvoiceDocument {
  const { invoice, settings, client } = input;
  const treatment = invoice.tax_treatment as TaxTreatment;
  const lineInputs = input.lines.map((l) => ({
    quantity: Number(l.quantity),
    unit_price_cents: Number(l.unit_price_cents),
    tax_rate: l.tax_rate,
  }));
  const totals = computeTotals(lineInputs, treatment);
  const lines: InvoiceDocumentLine[] = input.lines.map((l, i) => {
    const tax = lineTax(treatment, l.tax_rate);
    return {
      description: l.description,
      quantity: lineInputs[i]!.quantity,
      unit: l.unit === 'hour' ? 'HUR' : 'C62',
      unit_price_cents: lineInputs[i]!.unit_price_cents,
      tax_category: tax.category,
      tax_rate: tax.rate,
      net_cents: totals.line_net_cents[i]!,
      ...(l.period_from && l.period_to ? { period: { from: l.period_from, to: l.period_to } } : {}),
    };
  });
  const exemption =
    treatment === 'exempt'
      ? client.exemption_reason
      : treatment === 'reverse_charge'
        ? (client.exemption_reason ?? REVERSE_CHARGE_REASON[invoice.language] ?? REVERSE_CHARGE_REASON.en!)
        : null;
  return {
    type_code: invoice.kind === 'credit_note' ? '381' : '380',
    number: input.number,
    preceding_number: input.precedingNumber,
    issue_date: input.issueDate,
    due_date: input.dueDate,
    currency: invoice.currency,
    language: invoice.language,
    issuer: {
      name: settings.company_name ?? '',
      address_lines: settings.address_lines,
      postal_code: settings.postal_code ?? '',
      city: settings.city ?? '',
      country_code: settings.country_code ?? '',
      vat_id: settings.vat_id,
      tax_number: settings.tax_number,
      email: settings.email,
      phone: settings.phone,
      iban: settings.iban,
      bic: settings.bic,
      logo_base64: input.logo ? input.logo.bytes.toString('base64') : null,
      footer: settings.footer,
    },
    customer: {
      name: client.name,
      address_lines: JSON.parse(client.address_lines) as string[],
      postal_code: client.postal_code ?? '',
      city: client.city ?? '',
      country_code: client.country_code ?? '',
      vat_id: client.vat_id,
      tax_number: null,
      email: client.email,
    },
    tax_treatment: treatment,
    exemption_reason: exemption,
    period: { from: invoice.period_from, to: invoice.period_to },
    lines,
    taxes: totals.taxes,
    net_cents: totals.net_cents,
    tax_cents: totals.tax_cents,
    gross_cents: totals.gross_cents,
    payment_terms_days: client.payment_terms_days ?? settings.payment_terms_days,
    buyer_reference: client.buyer_reference ?? input.number,
    notes: invoice.notes,
  };
}
