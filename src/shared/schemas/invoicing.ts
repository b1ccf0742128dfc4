// Request bodies of invoicing (API spec, Second round: Invoices): the instance's invoicing settings, the billing
// fields clients gain, drafts and their lines. The routes validate with them and the web's forms check with them.
import { z } from 'zod';
import { isValidBic, isValidIban, normalizeIban } from '../invoicing/bank-details.js';
import { parseDecimal, QUANTITY_SCALE, RATE_SCALE } from '../invoicing/decimal.js';
import { patternProblem } from '../invoicing/invoice-number.js';
import { parseDate, formatDate } from '../timesheet-week.js';
import { emailSchema, FIELD_MESSAGES, id, longText } from './fields.js';

/** The languages invoices are written in: the UI's four. */
export const INVOICE_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export const TAX_TREATMENTS = ['standard', 'reverse_charge', 'exempt'] as const;
export const INVOICE_GROUPINGS = ['project', 'task', 'day', 'entry'] as const;
export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;
export const LINE_UNITS = ['hour', 'item'] as const;

/** One line of text on a document: trimmed, no control characters (a line break would break the address). */
const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/\p{Cc}/u.test(s), FIELD_MESSAGES.controlCharacters);
const optionalLine = (max: number) =>
  line(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

export const countryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z]{2}$/.test(s), 'must be a two-letter country code (ISO 3166-1), e.g. DE');
export const currencyCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z]{3}$/.test(s), 'must be a three-letter currency code (ISO 4217), e.g. EUR');
const vatId = optionalLine(20).refine(
  (s) => s === null || /^[A-Za-z]{2}[A-Za-z0-9+*.\- ]{2,16}$/.test(s),
  'must be a VAT id starting with its country code, e.g. DE123456789',
);
const addressLines = z.array(line(100).min(1, FIELD_MESSAGES.empty)).max(4).describe('street lines, at most 4');
const paymentTermsDays = z.number().int().min(0, FIELD_MESSAGES.negative).max(365).describe('days until payment is due');
const language = z.enum(INVOICE_LANGUAGES);

/** A decimal string with `scale` decimals → integer (e.g. tax rate "19" → 1900). */
const scaled = (scale: number, max: number, message: string, signed = false) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const value = parseDecimal(String(v), scale, { signed });
    if (value === null || Math.abs(value) > max) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  });
export const taxRate = scaled(
  RATE_SCALE,
  10_000,
  'must be a tax rate in percent from 0 to 100 with at most two decimals, e.g. "19"',
).describe('percent, e.g. "19" or "5.5"');
const quantity = scaled(
  QUANTITY_SCALE,
  1_000_000 * 10 ** QUANTITY_SCALE,
  'must be a quantity with at most four decimals, up to 1000000',
  true,
).describe('decimal string, up to four decimals, e.g. "1.5"');
const unitPrice = scaled(
  2,
  100_000_000_00,
  'must be an amount with at most two decimals, e.g. "85.00" or "-10.00" for a discount',
  true,
).describe('decimal string; negative for a discount');

export const invoiceDate = z.string().transform((text, ctx) => {
  const date = parseDate(text);
  if (date) return formatDate(date);
  ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD from 1970-01-01 to 2099-12-31' });
  return z.NEVER;
});

export const invoicingSettingsBody = z.strictObject({
  company_name: optionalLine(200).optional(),
  address_lines: addressLines.optional(),
  postal_code: optionalLine(20).optional(),
  city: optionalLine(100).optional(),
  country_code: countryCode.nullable().optional(),
  vat_id: vatId.optional(),
  tax_number: optionalLine(30).optional(),
  iban: z
    .string()
    .transform((s) => normalizeIban(s))
    .refine((s) => s === '' || isValidIban(s), 'must be a valid IBAN')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
  bic: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => s === '' || isValidBic(s), 'must be a BIC of 8 or 11 characters')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
  email: emailSchema.optional(),
  phone: optionalLine(40)
    .refine((s) => s === null || /^[0-9+()./ -]{3,40}$/.test(s), 'must be a telephone number such as +49 30 1234567')
    .optional(),
  default_tax_rate: taxRate.optional(),
  payment_terms_days: paymentTermsDays.optional(),
  number_pattern: z
    .string()
    .superRefine((s, ctx) => {
      const problem = patternProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .describe('e.g. "{YYYY}-{seq:4}"; tokens {YYYY}, {YY}, {MM}, {seq} or {seq:N}'),
  language: language.optional(),
  footer: longText.max(1000).nullable().optional(),
});

/** The billing fields clients gain (merged into the client body). */
export const clientBillingFields = {
  address_lines: addressLines.optional(),
  postal_code: optionalLine(20).optional(),
  city: optionalLine(100).optional(),
  country_code: countryCode.nullable().optional(),
  vat_id: vatId.optional(),
  language: language.nullable().optional().describe('the language of this client’s invoices; null: the instance’s'),
  tax_treatment: z.enum(TAX_TREATMENTS).optional(),
  exemption_reason: optionalLine(200).optional().describe('printed on exempt invoices, e.g. "Kleinunternehmer gemäß § 19 UStG"'),
  payment_terms_days: paymentTermsDays.nullable().optional(),
  currency: currencyCode.nullable().optional().describe('null: the instance’s CURRENCY'),
  buyer_reference: optionalLine(100).optional().describe('the customer’s reference, e.g. a Leitweg-ID (XRechnung BT-10)'),
};

export const invoiceCreateBody = z.strictObject({
  client_id: id,
  from: invoiceDate.describe('first day billed, YYYY-MM-DD in your time zone'),
  to: invoiceDate.describe('last day billed (inclusive)'),
  project_ids: z.array(id).min(1).max(200).optional(),
  group_by: z.enum(INVOICE_GROUPINGS).optional().describe('one line per project (default), task, day or entry'),
});

export const invoiceLineBody = z.strictObject({
  description: line(500).min(1, FIELD_MESSAGES.empty),
  quantity,
  unit: z.enum(LINE_UNITS),
  unit_price: unitPrice,
  tax_rate: taxRate,
});

export const invoicePatchBody = z.strictObject({
  lines: z.array(invoiceLineBody).min(1).max(500).optional(),
  notes: longText.max(2000).nullable().optional(),
  issue_date: invoiceDate.nullable().optional(),
  due_date: invoiceDate.nullable().optional(),
});

export const invoicePayBody = z.strictObject({ paid_at: invoiceDate.optional() });
