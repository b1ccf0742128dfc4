// How a client looks on the wire (API spec: Clients, projects, tasks).
import { z } from 'zod';
import { clientStatusSchema } from '../../../shared/schemas/catalog.js';
import { INVOICE_LANGUAGES, TAX_TREATMENTS } from '../../../shared/schemas/invoicing.js';
import type { ClientRow } from '../../db/schema.js';
import { apiTime, toApiTime, toMoney } from '../../http/wire.js';

export const clientSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  default_hourly_rate: z.string().nullable().describe('decimal string, e.g. "85.00"'),
  notes: z.string().nullable(),
  status: clientStatusSchema,
  address_lines: z.array(z.string()).describe('street lines of the billing address'),
  postal_code: z.string().nullable(),
  city: z.string().nullable(),
  country_code: z.string().nullable().describe('ISO 3166-1 alpha-2'),
  vat_id: z.string().nullable(),
  language: z.enum(INVOICE_LANGUAGES).nullable().describe('language of this client’s invoices; null: the instance’s'),
  tax_treatment: z.enum(TAX_TREATMENTS),
  exemption_reason: z.string().nullable(),
  payment_terms_days: z.number().int().nullable(),
  currency: z.string().nullable().describe('ISO 4217; null: the instance’s'),
  buyer_reference: z.string().nullable(),
  created_at: apiTime,
  updated_at: apiTime,
});
z.globalRegistry.add(clientSchema, { id: 'Client' });
export type ClientDto = z.infer<typeof clientSchema>;

export function toClientDto(row: ClientRow): ClientDto {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    default_hourly_rate: toMoney(row.default_hourly_rate_cents),
    notes: row.notes,
    status: row.status,
    address_lines: JSON.parse(row.address_lines) as string[],
    postal_code: row.postal_code,
    city: row.city,
    country_code: row.country_code,
    vat_id: row.vat_id,
    language: row.language as ClientDto['language'],
    tax_treatment: row.tax_treatment,
    exemption_reason: row.exemption_reason,
    payment_terms_days: row.payment_terms_days,
    currency: row.currency,
    buyer_reference: row.buyer_reference,
    created_at: toApiTime(row.created_at),
    updated_at: toApiTime(row.updated_at),
  };
}
