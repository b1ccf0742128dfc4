// What analytics learns about an invoice: sizes as buckets, the currency code, whether tax was charged and enums —
// never an amount, a number, a name or an address (the catalog allows nothing else; the PII canary test checks).
import { bucket } from '../analytics/telemetry-math.js';
import type { InvoiceDto } from './invoice-dto.js';

export function invoiceAnalytics(invoice: InvoiceDto) {
  return {
    kind: invoice.kind,
    lines_bucket: bucket(invoice.lines.length),
    currency: invoice.currency,
    has_tax: invoice.tax_total !== '0.00',
    tax_treatment: invoice.tax_treatment,
    group_by: invoice.group_by,
  };
}
