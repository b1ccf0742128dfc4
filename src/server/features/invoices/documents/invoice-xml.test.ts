import { describe, expect, it } from 'vitest';
import type { InvoiceDocument } from '../invoice-document.js';
import {
  creditNote,
  dollarInvoice,
  exemptInvoice,
  longInvoice,
  reverseChargeInvoice,
  standardInvoice,
} from './invoice-fixtures.test-helpers.js';
import { renderInvoiceXml, renderXml, type XmlFormat } from './invoice-xml.js';
import { CII_D16B_XSD, FACTUR_X_EN16931_XSD, local, xmllint, xpath } from './xml-validation.test-helpers.js';

const FIXTURES: [string, () => InvoiceDocument][] = [
  ['standard 19 % + 7 % with a discount', standardInvoice],
  ['reverse charge', reverseChargeInvoice],
  ['exempt', exemptInvoice],
  ['credit note', creditNote],
  ['US dollars without IBAN', dollarInvoice],
  ['long texts in several scripts', longInvoice],
];

// Each rendering compiles the library's JSON schema (about a second on a busy machine): render each fixture and
// format once and let the tests read the same XML.
const cache = new Map<string, Promise<string>>();
const render = (make: () => InvoiceDocument, format: XmlFormat): Promise<string> => {
  const key = `${make.name}:${format}`;
  if (!cache.has(key)) cache.set(key, renderXml(make(), format));
  return cache.get(key)!;
};

const XRECHNUNG = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
const cii = (xml: string, p: string) => xpath(xml, local(`/CrossIndustryInvoice${p}`));

describe('invoice XML: schema validation', () => {
  it.each(FIXTURES)('%s: the EN 16931 CII (Factur-X) and XRechnung CII validate against the official XSD', async (_, make) => {
    for (const format of ['facturx', 'cii'] as const) {
      const xml = await render(make, format);
      const result = xmllint(xml, FACTUR_X_EN16931_XSD);
      expect(result.output, `${format}`).toContain('validates');
      expect(result.ok, `${format}: ${result.output}`).toBe(true);
    }
  });

  it.skipIf(CII_D16B_XSD === null).each(FIXTURES)(
    '%s: the XRechnung CII validates against the full UN/CEFACT CII D16B XSD (TT_CII_D16B_XSD, set by .ci/run)',
    async (_, make) => {
      const result = xmllint(await render(make, 'cii'), CII_D16B_XSD!);
      expect(result.ok, result.output).toBe(true);
    },
  );

  it.each(FIXTURES)('%s: the XRechnung UBL is well-formed XML of the right document type', async (_, make) => {
    const doc = make();
    const xml = await render(make, 'ubl');
    expect(xmllint(xml).ok).toBe(true);
    const root = doc.type_code === '381' ? 'CreditNote' : 'Invoice';
    expect(xpath(xml, `local-name(/*)`)).toBe(root);
    expect(xpath(xml, local(`/${root}/CustomizationID`))).toBe(XRECHNUNG);
  });

  it('refuses a schema-invalid document: the check is real', async () => {
    const xml = (await render(standardInvoice, 'facturx')).replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:Bogus/>');
    expect(xmllint(xml, FACTUR_X_EN16931_XSD).ok).toBe(false);
  });
});

describe('invoice XML: EN 16931 business terms', () => {
  it('maps number, dates, currency, buyer reference, period and the parties (BT-1…BT-10, BG-4, BG-7, BG-14)', async () => {
    const xml = await render(standardInvoice, 'cii');
    expect(cii(xml, '/ExchangedDocument/ID')).toBe('2026-0042');
    expect(cii(xml, '/ExchangedDocument/TypeCode')).toBe('380');
    expect(cii(xml, '/ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID')).toBe(XRECHNUNG);
    const agreement = '/SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement';
    expect(cii(xml, `${agreement}/BuyerReference`)).toBe('2026-0042');
    expect(cii(xml, `${agreement}/SellerTradeParty/Name`)).toBe('Jürgen Weiß Softwareentwicklung');
    expect(cii(xml, `${agreement}/SellerTradeParty/PostalTradeAddress/PostcodeCode`)).toBe('10115');
    expect(cii(xml, `${agreement}/SellerTradeParty/PostalTradeAddress/CountryID`)).toBe('DE');
    expect(xml).toContain('<ram:ID schemeID="VA">DE123456789</ram:ID>');
    expect(xml).toContain('<ram:ID schemeID="FC">12/345/67890</ram:ID>');
    expect(xml).toContain('<ram:ID schemeID="VA">DE987654321</ram:ID>');
    expect(cii(xml, `${agreement}/SellerTradeParty/DefinedTradeContact/TelephoneUniversalCommunication/CompleteNumber`)).toBe(
      '+49 30 1234567',
    );
    expect(cii(xml, `${agreement}/BuyerTradeParty/Name`)).toBe('Müller & Söhne GmbH');
    const settlement = '/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement';
    expect(cii(xml, `${settlement}/InvoiceCurrencyCode`)).toBe('EUR');
    expect(cii(xml, `${settlement}/BillingSpecifiedPeriod/StartDateTime/DateTimeString`)).toBe('20261101');
    expect(cii(xml, `${settlement}/BillingSpecifiedPeriod/EndDateTime/DateTimeString`)).toBe('20261130');
    expect(cii(xml, `${settlement}/SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString`)).toBe('20261214');
    expect(cii(xml, `${settlement}/SpecifiedTradePaymentTerms/Description`)).toBe('Zahlbar innerhalb von 14 Tagen ohne Abzug.');
  });

  it('pays by SEPA credit transfer (58) to the IBAN and BIC, and without an IBAN names no account', async () => {
    const xml = await render(standardInvoice, 'cii');
    const means = '/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementPaymentMeans';
    expect(cii(xml, `${means}/TypeCode`)).toBe('58');
    expect(cii(xml, `${means}/PayeePartyCreditorFinancialAccount/IBANID`)).toBe('DE89370400440532013000');
    expect(cii(xml, `${means}/PayeeSpecifiedCreditorFinancialInstitution/BICID`)).toBe('COBADEFFXXX');
    const ubl = await render(standardInvoice, 'ubl');
    expect(xpath(ubl, local('/Invoice/PaymentMeans/PaymentMeansCode'))).toBe('58');
    expect(xpath(ubl, local('/Invoice/PaymentMeans/PayeeFinancialAccount/ID'))).toBe('DE89370400440532013000');
    expect(xpath(ubl, local('/Invoice/PaymentMeans/PaymentID'))).toBe('2026-0042');

    const dollars = await render(dollarInvoice, 'cii');
    expect(cii(dollars, `${means}/TypeCode`)).toBe('1');
    expect(dollars).not.toContain('IBANID');
    expect(cii(dollars, '/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/InvoiceCurrencyCode')).toBe('USD');
  });

  it('breaks VAT down per rate with the totals of invoice-totals.ts, and writes a discount with a positive price (BR-27)', async () => {
    const ubl = await render(standardInvoice, 'ubl');
    expect(xpath(ubl, local('/Invoice/TaxTotal/TaxAmount'))).toBe('62.82');
    expect(xpath(ubl, `count(${local('/Invoice/TaxTotal/TaxSubtotal')})`)).toBe('2');
    expect(xpath(ubl, local('/Invoice/TaxTotal/TaxSubtotal[1]/TaxableAmount'))).toBe('319.62');
    expect(xpath(ubl, local('/Invoice/TaxTotal/TaxSubtotal[1]/TaxAmount'))).toBe('60.73');
    expect(xpath(ubl, local('/Invoice/TaxTotal/TaxSubtotal[1]/TaxCategory/Percent'))).toBe('19');
    expect(xpath(ubl, local('/Invoice/TaxTotal/TaxSubtotal[2]/TaxAmount'))).toBe('2.09');
    expect(xpath(ubl, local('/Invoice/LegalMonetaryTotal/LineExtensionAmount'))).toBe('349.52');
    expect(xpath(ubl, local('/Invoice/LegalMonetaryTotal/TaxInclusiveAmount'))).toBe('412.34');
    expect(xpath(ubl, local('/Invoice/LegalMonetaryTotal/PayableAmount'))).toBe('412.34');
    // 1:20 h keeps its four decimals; the discount line: -1 × 35.51, never a negative price.
    expect(xpath(ubl, local('/Invoice/InvoiceLine[1]/InvoicedQuantity'))).toBe('1.3333');
    expect(xpath(ubl, local('/Invoice/InvoiceLine[1]/InvoicedQuantity/@unitCode'))).toBe('HUR');
    expect(xpath(ubl, local('/Invoice/InvoiceLine[4]/InvoicedQuantity'))).toBe('-1.00');
    expect(xpath(ubl, local('/Invoice/InvoiceLine[4]/Price/PriceAmount'))).toBe('35.51');
    expect(xpath(ubl, local('/Invoice/InvoiceLine[4]/LineExtensionAmount'))).toBe('-35.51');
    expect(xpath(ubl, local('/Invoice/InvoiceLine[1]/InvoicePeriod/StartDate'))).toBe('2026-11-02');
  });

  it('gives reverse charge (AE) and exempt (E) groups their reason (BR-AE-10, BR-E-10)', async () => {
    const rc = await render(reverseChargeInvoice, 'ubl');
    const category = '/Invoice/TaxTotal/TaxSubtotal/TaxCategory';
    expect(xpath(rc, local(`${category}/ID`))).toBe('AE');
    expect(xpath(rc, local(`${category}/Percent`))).toBe('0');
    expect(xpath(rc, local(`${category}/TaxExemptionReasonCode`))).toBe('VATEX-EU-AE');
    expect(xpath(rc, local(`${category}/TaxExemptionReason`))).toBe('Reverse charge, Article 196 Council Directive 2006/112/EC');
    expect(xpath(rc, local('/Invoice/AccountingCustomerParty/Party/PartyTaxScheme/CompanyID'))).toBe('ESB12345678');
    expect(xpath(rc, local('/Invoice/LegalMonetaryTotal/PayableAmount'))).toBe('760.00');

    const exempt = await render(exemptInvoice, 'cii');
    const tax = '/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/ApplicableTradeTax';
    expect(cii(exempt, `${tax}/CategoryCode`)).toBe('E');
    expect(cii(exempt, `${tax}/ExemptionReason`)).toBe('Steuerfrei nach § 4 Nr. 21 UStG');
    // Without a stored reason the treatment's own sentence stands in, in the invoice's language.
    const noReason = await renderXml({ ...exemptInvoice(), exemption_reason: null }, 'cii');
    expect(cii(noReason, `${tax}/ExemptionReason`)).toBe('Steuerfreie Leistung.');
  });

  it('writes a credit note (381) as a UBL CreditNote that names the corrected invoice (BT-25), in positive amounts', async () => {
    const ubl = await render(creditNote, 'ubl');
    expect(xpath(ubl, local('/CreditNote/CreditNoteTypeCode'))).toBe('381');
    expect(xpath(ubl, local('/CreditNote/BillingReference/InvoiceDocumentReference/ID'))).toBe('2026-0042');
    expect(xpath(ubl, local('/CreditNote/LegalMonetaryTotal/PayableAmount'))).toBe('214.20');
    const xml = await render(creditNote, 'cii');
    expect(cii(xml, '/ExchangedDocument/TypeCode')).toBe('381');
    expect(
      cii(xml, '/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/InvoiceReferencedDocument/IssuerAssignedID'),
    ).toBe('2026-0042');
    // A credit note built as the negated copy of its invoice comes out the same.
    const negated = creditNote();
    const flipped: InvoiceDocument = {
      ...negated,
      lines: negated.lines.map((l) => ({ ...l, quantity: -l.quantity, net_cents: -l.net_cents })),
      taxes: negated.taxes.map((t) => ({ ...t, taxable_cents: -t.taxable_cents, tax_cents: -t.tax_cents })),
      net_cents: -negated.net_cents,
      tax_cents: -negated.tax_cents,
      gross_cents: -negated.gross_cents,
    };
    expect(await renderInvoiceXml(flipped, 'ubl')).toBe(ubl);
  });

  it('keeps umlauts, ß, é, ñ and CJK in names intact', async () => {
    const xml = await render(longInvoice, 'cii');
    expect(cii(xml, '/SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/BuyerTradeParty/Name')).toBe(
      'Ñandú Técnica 東京株式会社',
    );
    expect(xml).toContain('Überarbeitung der Straßenführung, café crème');
    expect(xml).toContain('東京 office');
  });
});
