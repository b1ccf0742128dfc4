// An issued invoice as EN 16931 XML: XRechnung in its UBL and CII syntaxes, and the plain EN 16931 CII that a
// Factur-X/ZUGFeRD PDF carries. @e-invoice-eu/core writes the XML from its internal format (UBL's element names as
// JSON), so this module only maps InvoiceDocument's business terms onto that format; it never builds XML itself.
import type { Invoice } from '@e-invoice-eu/core';
import { formatCents, formatQuantity, formatRate } from '../../../../shared/invoicing/decimal.js';
import { isValidBic, normalizeIban } from '../../../../shared/invoicing/bank-details.js';
import type { InvoiceDocument, InvoiceDocumentLine, InvoiceParty } from '../invoice-document.js';
import { creditNoteAmounts } from './credit-note.js';
import { generateEInvoice } from './e-invoice-library.js';
import { invoiceLocale } from './invoice-messages.js';

type UblInvoice = Invoice['ubl:Invoice'];
type Currency = UblInvoice['cbc:DocumentCurrencyCode'];
type SellerParty = UblInvoice['cac:AccountingSupplierParty']['cac:Party'];
type BuyerParty = UblInvoice['cac:AccountingCustomerParty']['cac:Party'];
type Line = UblInvoice['cac:InvoiceLine'][number];

/** The library's format names for what we produce. */
export const XML_FORMATS = { ubl: 'XRECHNUNG-UBL', cii: 'XRECHNUNG-CII', facturx: 'CII' } as const;
export type XmlFormat = keyof typeof XML_FORMATS;

/** UNTDID 4461: 58 SEPA credit transfer when there is an IBAN, else 1 "instrument not defined". */
const SEPA_CREDIT_TRANSFER = '58';
const NOT_DEFINED = '1';
/** VATEX code for reverse charge (CEF VATEX list), so validators need not parse the reason text. */
const VATEX_REVERSE_CHARGE = 'VATEX-EU-AE';

/** The library's internal invoice (UBL terms as JSON) for `doc`. */
export function toInternalInvoice(input: InvoiceDocument): Invoice {
  const doc = creditNoteAmounts(input);
  const currency = doc.currency as Currency;
  const money = (cents: number) => formatCents(cents);
  const exempt = doc.tax_treatment !== 'standard';
  const invoice: UblInvoice = {
    'cbc:ID': doc.number,
    'cbc:IssueDate': doc.issue_date,
    'cbc:DueDate': doc.due_date,
    'cbc:InvoiceTypeCode': doc.type_code,
    ...(doc.notes ? { 'cbc:Note': [doc.notes] } : {}),
    'cbc:DocumentCurrencyCode': currency,
    'cbc:BuyerReference': doc.buyer_reference || doc.number,
    'cac:InvoicePeriod': { 'cbc:StartDate': doc.period.from, 'cbc:EndDate': doc.period.to },
    ...(doc.type_code === '381' && doc.preceding_number
      ? { 'cac:BillingReference': [{ 'cac:InvoiceDocumentReference': { 'cbc:ID': doc.preceding_number } }] }
      : {}),
    'cac:AccountingSupplierParty': { 'cac:Party': seller(doc.issuer, doc.issuer.phone ?? null) },
    'cac:AccountingCustomerParty': { 'cac:Party': buyer(doc.customer) },
    // CII requires a delivery element and the library writes it only with content: the service went to the
    // customer (BT-70, deliver-to party); when it was rendered is the period, BG-14, above.
    'cac:Delivery': { 'cac:DeliveryParty': { 'cac:PartyName': { 'cbc:Name': doc.customer.name } } },
    'cac:PaymentMeans': [paymentMeans(doc)],
    'cac:PaymentTerms': { 'cbc:Note': paymentTerms(doc) },
    'cac:TaxTotal': [
      {
        'cbc:TaxAmount': money(doc.tax_cents),
        'cbc:TaxAmount@currencyID': currency,
        'cac:TaxSubtotal': doc.taxes.map((tax) => ({
          'cbc:TaxableAmount': money(tax.taxable_cents),
          'cbc:TaxableAmount@currencyID': currency,
          'cbc:TaxAmount': money(tax.tax_cents),
          'cbc:TaxAmount@currencyID': currency,
          'cac:TaxCategory': {
            'cbc:ID': tax.category,
            'cbc:Percent': formatRate(tax.rate),
            ...(tax.category === 'AE' ? { 'cbc:TaxExemptionReasonCode': VATEX_REVERSE_CHARGE } : {}),
            // BR-AE-10, BR-E-10: exempt and reverse-charge groups say why; the treatment's own words otherwise.
            ...(exempt && (tax.category === 'AE' || tax.category === 'E')
              ? { 'cbc:TaxExemptionReason': exemptionNote(doc) ?? '' }
              : {}),
            'cac:TaxScheme': { 'cbc:ID': 'VAT' },
          },
        })),
      },
    ],
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': money(doc.net_cents),
      'cbc:LineExtensionAmount@currencyID': currency,
      'cbc:TaxExclusiveAmount': money(doc.net_cents),
      'cbc:TaxExclusiveAmount@currencyID': currency,
      'cbc:TaxInclusiveAmount': money(doc.gross_cents),
      'cbc:TaxInclusiveAmount@currencyID': currency,
      'cbc:PayableAmount': money(doc.gross_cents),
      'cbc:PayableAmount@currencyID': currency,
    },
    'cac:InvoiceLine': nonEmpty(doc.lines.map((line, i) => invoiceLine(line, i, currency))),
  };
  return { 'ubl:Invoice': invoice };
}

/** The XML of `doc` in one of the formats; throws when the library's own schema check refuses the data. */
export async function renderXml(doc: InvoiceDocument, format: XmlFormat): Promise<string> {
  const out = await generateEInvoice(toInternalInvoice(doc), {
    format: XML_FORMATS[format],
    lang: libraryLanguage(doc.language),
    noWarnings: true,
  });
  return typeof out === 'string' ? out : Buffer.from(out).toString('utf8');
}

/** The XRechnung XML the API serves (`GET /invoices/{id}.xml?syntax=`). */
export function renderInvoiceXml(doc: InvoiceDocument, syntax: 'ubl' | 'cii'): Promise<string> {
  return renderXml(doc, syntax);
}

/** "de" → "de-de": the library takes a language and region for the canned texts of the PDF/A metadata. */
export function libraryLanguage(language: string): string {
  const primary = invoiceLocale(language).language;
  return primary === 'en' ? 'en-us' : `${primary}-${primary}`;
}

/** BT-20 in the invoice's language; the PDF prints the same sentence. */
export function paymentTerms(doc: InvoiceDocument): string {
  const { t } = invoiceLocale(doc.language);
  return doc.payment_terms_days > 0 ? t('terms.payable', { days: doc.payment_terms_days }) : t('terms.immediate');
}

/** BT-120, why no VAT is charged: the invoice's own reason, else the treatment's standard sentence. */
export function exemptionNote(doc: InvoiceDocument): string | null {
  if (doc.tax_treatment === 'standard') return null;
  const { t } = invoiceLocale(doc.language);
  return doc.exemption_reason || t(doc.tax_treatment === 'exempt' ? 'exemption.exempt' : 'exemption.reverse_charge');
}

function seller(p: InvoiceParty, phone: string | null): SellerParty {
  const schemes = [
    ...(p.vat_id ? [{ 'cbc:CompanyID': p.vat_id, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }] : []),
    // BT-32, the seller's national tax number ("Steuernummer"): scheme FC in the EN 16931 UBL binding.
    ...(p.tax_number ? [{ 'cbc:CompanyID': p.tax_number, 'cac:TaxScheme': { 'cbc:ID': 'FC' } }] : []),
  ] as SellerParty['cac:PartyTaxScheme'];
  return {
    ...commonParty(p),
    ...(schemes && schemes.length > 0 ? { 'cac:PartyTaxScheme': schemes } : {}),
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': p.name },
    ...contact(p, phone),
  };
}

function buyer(p: InvoiceParty): BuyerParty {
  return {
    ...commonParty(p),
    ...(p.vat_id ? { 'cac:PartyTaxScheme': { 'cbc:CompanyID': p.vat_id, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } } : {}),
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': p.name },
    ...contact(p, null),
  };
}

/** The electronic address and postal address, alike for both parties. */
function commonParty(p: InvoiceParty): Pick<SellerParty, 'cbc:EndpointID' | 'cbc:EndpointID@schemeID' | 'cac:PostalAddress'> {
  const [first, second, ...rest] = p.address_lines.map((l) => l.trim()).filter(Boolean);
  return {
    // BT-34/BT-49, the electronic address XRechnung asks for: the e-mail address (scheme EM).
    ...(p.email ? { 'cbc:EndpointID': p.email, 'cbc:EndpointID@schemeID': 'EM' as const } : {}),
    'cac:PostalAddress': {
      ...(first ? { 'cbc:StreetName': first } : {}),
      ...(second ? { 'cbc:AdditionalStreetName': second } : {}),
      'cbc:CityName': p.city,
      'cbc:PostalZone': p.postal_code,
      ...(rest.length > 0 ? { 'cac:AddressLine': { 'cbc:Line': rest.join(', ') } } : {}),
      'cac:Country': { 'cbc:IdentificationCode': p.country_code.toUpperCase() as never },
    },
  };
}

function contact(p: InvoiceParty, phone: string | null): Pick<SellerParty, 'cac:Contact'> {
  if (!p.email && !phone) return {};
  return {
    'cac:Contact': {
      'cbc:Name': p.name,
      ...(phone ? { 'cbc:Telephone': phone } : {}),
      ...(p.email ? { 'cbc:ElectronicMail': p.email } : {}),
    },
  };
}

function paymentMeans(doc: InvoiceDocument): NonNullable<UblInvoice['cac:PaymentMeans']>[number] {
  const { iban, bic, name } = doc.issuer;
  if (!iban) return { 'cbc:PaymentMeansCode': NOT_DEFINED, 'cbc:PaymentID': doc.number };
  return {
    'cbc:PaymentMeansCode': SEPA_CREDIT_TRANSFER,
    // BT-83, the remittance information the payer quotes: the invoice number.
    'cbc:PaymentID': doc.number,
    'cac:PayeeFinancialAccount': {
      'cbc:ID': normalizeIban(iban),
      'cbc:Name': name,
      ...(bic && isValidBic(bic) ? { 'cac:FinancialInstitutionBranch': { 'cbc:ID': bic.trim().toUpperCase() } } : {}),
    },
  };
}

function invoiceLine(line: InvoiceDocumentLine, index: number, currency: Currency): Line {
  // BR-27: an item's net price is never negative, so a discount (negative price) is written as a negative
  // quantity at the positive price; quantity × price, and so the line's net amount, stay the same.
  const flip = line.unit_price_cents < 0;
  const quantity = flip ? -line.quantity : line.quantity;
  const price = flip ? -line.unit_price_cents : line.unit_price_cents;
  const [name, ...more] = line.description.split(/\r?\n/);
  return {
    'cbc:ID': String(index + 1),
    'cbc:InvoicedQuantity': formatQuantity(quantity),
    'cbc:InvoicedQuantity@unitCode': line.unit,
    'cbc:LineExtensionAmount': formatCents(line.net_cents),
    'cbc:LineExtensionAmount@currencyID': currency,
    ...(line.period ? { 'cac:InvoicePeriod': { 'cbc:StartDate': line.period.from, 'cbc:EndDate': line.period.to } } : {}),
    'cac:Item': {
      ...(more.join(' ').trim() ? { 'cbc:Description': line.description } : {}),
      'cbc:Name': (name ?? '').trim() || line.description.trim() || '-',
      'cac:ClassifiedTaxCategory': {
        'cbc:ID': line.tax_category,
        'cbc:Percent': formatRate(line.tax_rate),
        'cac:TaxScheme': { 'cbc:ID': 'VAT' },
      },
    },
    'cac:Price': { 'cbc:PriceAmount': formatCents(price), 'cbc:PriceAmount@currencyID': currency },
  };
}

function nonEmpty<T>(items: T[]): [T, ...T[]] {
  if (items.length === 0) throw new RangeError('an invoice needs at least one line');
  return items as [T, ...T[]];
}
