// What an issued invoice says, frozen at issue time: the issuer's and the customer's data are copied in, so a later
// change of the settings or the client never changes an invoice already sent. The PDF, the CII and UBL XML are all
// rendered from this one shape; amounts are integer cents, quantities ten-thousandths, rates hundredths of a percent
// (src/shared/invoicing/decimal.ts), totals as src/shared/invoicing/invoice-totals.ts computes them.
import type { TaxCategory, TaxTreatment } from '../../../shared/invoicing/invoice-totals.js';

export interface InvoiceParty {
  name: string;
  /** Street lines only; postal code, city and country are fields of their own (EN 16931 BT-35…BT-40). */
  address_lines: string[];
  postal_code: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country_code: string;
  vat_id: string | null;
  tax_number: string | null;
  email: string | null;
}

export interface InvoiceIssuer extends InvoiceParty {
  iban: string | null;
  bic: string | null;
  /** PNG or JPEG bytes, base64, or null. */
  logo_base64: string | null;
  footer: string | null;
  /** The seller's contact telephone (BT-42), which XRechnung asks for (BR-DE-6); optional elsewhere. */
  phone?: string | null;
}

export interface InvoiceDocumentLine {
  description: string;
  /** Ten-thousandths of the unit. */
  quantity: number;
  /** UN/ECE Rec 20: HUR (hour) for time, C62 (one) for items and fees. */
  unit: 'HUR' | 'C62';
  unit_price_cents: number;
  tax_category: TaxCategory;
  tax_rate: number;
  net_cents: number;
  /** The day or range the line's time was tracked, for the reader (YYYY-MM-DD). */
  period?: { from: string; to: string };
}

export interface InvoiceDocument {
  /** 380 commercial invoice, 381 credit note (UNTDID 1001). */
  type_code: '380' | '381';
  number: string;
  /** For a credit note: the number of the invoice it corrects (BT-25). */
  preceding_number: string | null;
  issue_date: string;
  due_date: string;
  /** ISO 4217. */
  currency: string;
  /** BCP 47 primary language of the document: en, de, fr or es. */
  language: string;
  issuer: InvoiceIssuer;
  customer: InvoiceParty;
  tax_treatment: TaxTreatment;
  /** Required by EN 16931 for exempt and reverse-charge invoices (BT-120). */
  exemption_reason: string | null;
  /** Delivery/service period of the whole invoice (BG-14). */
  period: { from: string; to: string };
  lines: InvoiceDocumentLine[];
  taxes: { category: TaxCategory; rate: number; taxable_cents: number; tax_cents: number }[];
  net_cents: number;
  tax_cents: number;
  gross_cents: number;
  payment_terms_days: number;
  /** XRechnung's buyer reference (BT-10, "Leitweg-ID" for German authorities); the invoice number when none. */
  buyer_reference: string;
  notes: string | null;
  /** A voided invoice keeps its number; its PDF is stamped VOID so nobody pays it by mistake. */
  void?: boolean;
}
