// How an invoice looks on the wire (API spec, Second round: Invoices). Money, quantities and rates are decimal
// strings, never floats.
import { z } from 'zod';
import { formatCents, formatDecimal, formatQuantity, RATE_SCALE } from '../../../shared/invoicing/decimal.js';
import { computeTotals, type TaxTreatment } from '../../../shared/invoicing/invoice-totals.js';
import { INVOICE_GROUPINGS, INVOICE_STATUSES, LINE_UNITS, TAX_TREATMENTS } from '../../../shared/schemas/invoicing.js';
import type { InvoiceLineRow, InvoiceRow } from '../../db/schema.js';
import { apiTime, toApiTime } from '../../http/wire.js';

const money = z.string().describe('decimal string, e.g. "1234.50"');
const rate = (cents: number) => formatDecimal(cents, RATE_SCALE);

export const invoiceLineSchema = z.object({
  id: z.number().int(),
  description: z.string(),
  quantity: z.string().describe('decimal string, up to four decimals'),
  unit: z.enum(LINE_UNITS),
  unit_price: money,
  tax_rate: z.string().describe('percent, e.g. "19.00"'),
  net_amount: money,
});

export const invoiceSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['invoice', 'credit_note']).describe('a credit note corrects the invoice `corrects_invoice_id`'),
  number: z.string().nullable().describe('null while a draft'),
  status: z.enum(INVOICE_STATUSES),
  client_id: z.number().int(),
  corrects_invoice_id: z.number().int().nullable(),
  currency: z.string().describe('ISO 4217'),
  language: z.string(),
  tax_treatment: z.enum(TAX_TREATMENTS),
  group_by: z.enum(INVOICE_GROUPINGS),
  from: z.string().describe('first day billed, YYYY-MM-DD'),
  to: z.string().describe('last day billed, YYYY-MM-DD'),
  issue_date: z.string().nullable(),
  due_date: z.string().nullable(),
  issued_at: apiTime.nullable(),
  paid_at: z.string().nullable().describe('the day the payment arrived, YYYY-MM-DD'),
  voided_at: apiTime.nullable(),
  notes: z.string().nullable(),
  lines: z.array(invoiceLineSchema),
  taxes: z
    .array(z.object({ category: z.enum(['S', 'Z', 'AE', 'E']), rate: z.string(), taxable_amount: money, tax_amount: money }))
    .describe('the tax summary: one group per VAT category and rate (UNTDID 5305 codes)'),
  net_total: money,
  tax_total: money,
  gross_total: money,
  entry_ids: z.array(z.number().int()).describe('the time entries this invoice bills (released ones of a void invoice included)'),
  created_at: apiTime,
  updated_at: apiTime,
});
z.globalRegistry.add(invoiceSchema, { id: 'Invoice' });
export type InvoiceDto = z.infer<typeof invoiceSchema>;

export function toInvoiceDto(row: InvoiceRow, lines: readonly InvoiceLineRow[], entryIds: readonly number[]): InvoiceDto {
  const totals = computeTotals(
    lines.map((l) => ({ quantity: Number(l.quantity), unit_price_cents: Number(l.unit_price_cents), tax_rate: l.tax_rate })),
    row.tax_treatment as TaxTreatment,
  );
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    status: row.status,
    client_id: row.client_id,
    corrects_invoice_id: row.corrects_invoice_id,
    currency: row.currency,
    language: row.language,
    tax_treatment: row.tax_treatment,
    group_by: row.group_by,
    from: row.period_from,
    to: row.period_to,
    issue_date: row.issue_date,
    due_date: row.due_date,
    issued_at: row.issued_at === null ? null : toApiTime(Number(row.issued_at)),
    paid_at: row.paid_on,
    voided_at: row.voided_at === null ? null : toApiTime(Number(row.voided_at)),
    notes: row.notes,
    lines: lines.map((l) => ({
      id: l.id,
      description: l.description,
      quantity: formatQuantity(Number(l.quantity)),
      unit: l.unit,
      unit_price: formatCents(Number(l.unit_price_cents)),
      tax_rate: rate(l.tax_rate),
      net_amount: formatCents(Number(l.net_cents)),
    })),
    taxes: totals.taxes.map((g) => ({
      category: g.category,
      rate: rate(g.rate),
      taxable_amount: formatCents(g.taxable_cents),
      tax_amount: formatCents(g.tax_cents),
    })),
    net_total: formatCents(Number(row.net_cents)),
    tax_total: formatCents(Number(row.tax_cents)),
    gross_total: formatCents(Number(row.gross_cents)),
    entry_ids: [...entryIds],
    created_at: toApiTime(Number(row.created_at)),
    updated_at: toApiTime(Number(row.updated_at)),
  };
}
