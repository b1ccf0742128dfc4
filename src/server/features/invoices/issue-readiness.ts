// What must be known before an invoice may be issued (pure). EN 16931 and the XRechnung rules require the seller's
// and the buyer's postal address and country, the seller's VAT id or tax number, the buyer's VAT id under reverse
// charge (BR-AE-02), and an exemption reason for exempt invoices (BR-E-10). The answer names each missing field so
// the UI can send the admin to the right form.
import type { ClientRow } from '../../db/schema.js';
import type { InvoicingSettings } from './settings.service.js';

export type MissingFields = Record<string, string>;

const MISSING = 'is required to issue an invoice';

export function missingForIssue(settings: InvoicingSettings, client: ClientRow, lineCount: number): MissingFields {
  const missing: MissingFields = {};
  const need = (ok: unknown, field: string, message = MISSING) => {
    if (!ok) missing[field] = message;
  };
  need(settings.company_name, 'settings.company_name');
  need(settings.address_lines.length > 0, 'settings.address_lines');
  need(settings.postal_code, 'settings.postal_code');
  need(settings.city, 'settings.city');
  need(settings.country_code, 'settings.country_code');
  need(settings.vat_id || settings.tax_number, 'settings.vat_id', 'or a tax number is required to issue an invoice');
  const clientAddress = JSON.parse(client.address_lines) as string[];
  need(clientAddress.length > 0, 'client.address_lines');
  need(client.postal_code, 'client.postal_code');
  need(client.city, 'client.city');
  need(client.country_code, 'client.country_code');
  if (client.tax_treatment === 'reverse_charge') {
    need(client.vat_id, 'client.vat_id', 'is required for reverse charge');
    need(settings.vat_id, 'settings.vat_id', 'is required for reverse charge');
  }
  if (client.tax_treatment === 'exempt')
    need(client.exemption_reason, 'client.exemption_reason', 'is required for an exempt invoice');
  need(lineCount > 0, 'lines', 'must not be empty');
  return missing;
}

/**
 * XRechnung asks for more than EN 16931: electronic addresses of seller and buyer (BT-34, BT-49) and the seller's
 * contact telephone and e-mail (BR-DE-6, BR-DE-7). The invoice can be issued (and its Factur-X PDF made) without
 * them; only its XRechnung XML cannot.
 */
export function missingForXRechnung(doc: {
  issuer: { email: string | null; phone?: string | null };
  customer: { email: string | null };
}): MissingFields {
  const missing: MissingFields = {};
  if (!doc.issuer.email) missing['settings.email'] = 'is required for XRechnung';
  if (!doc.issuer.phone) missing['settings.phone'] = 'is required for XRechnung';
  if (!doc.customer.email) missing['client.email'] = 'is required for XRechnung';
  return missing;
}
