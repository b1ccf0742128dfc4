// The invoice as a plain PDF (pdfkit, the embedded DejaVu fonts of the exports): logo, the issuer's and the
// customer's addresses, number and dates, the lines, the tax summary and totals, payment details with a SEPA QR
// code, notes and footer, "Page x of y"; every word, amount and date in the invoice's language. factur-x.ts turns
// this into the PDF/A-3 with the XML inside; nothing here knows about XML.
import { PassThrough } from 'node:stream';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { epcQrPayload, normalizeIban } from '../../../../shared/invoicing/bank-details.js';
import { documentFormat, type DocumentFormat } from '../../exports/document-format.js';
import { documentLocale } from '../../exports/document-messages.js';
import { finishWithPageNumbers, PdfTable, type Column, type PdfDocument } from '../../exports/pdf-layout.js';
import { BODY_FONT, BOLD_FONT, drawLine, printable, registerFonts } from '../../exports/pdf-text.js';
import type { InvoiceDocument, InvoiceParty } from '../invoice-document.js';
import { creditNoteAmounts } from './credit-note.js';
import { invoiceLocale, type InvoiceLocale } from './invoice-messages.js';
import { exemptionNote, paymentTerms } from './invoice-xml.js';
import { readLogoImage } from '../logo-image.js';

const MARGIN = 50;
const GREY = '#555555';
const QR_SIZE = 90;

interface Context {
  pdf: PdfDocument;
  doc: InvoiceDocument;
  t: InvoiceLocale['t'];
  fmt: DocumentFormat;
  /** Quantities and tax rates in the locale's digits. */
  quantity: (q: number) => string;
  percent: (rate: number) => string;
}

/** The plain (not yet PDF/A) invoice PDF. */
export async function renderPlainInvoicePdf(input: InvoiceDocument): Promise<Buffer> {
  const doc = creditNoteAmounts(input);
  const { t } = invoiceLocale(doc.language);
  const locale = documentLocale(doc.language);
  const title = t(doc.type_code === '381' ? 'title.creditNote' : 'title.invoice');
  const pdfDoc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: locale.locale,
    info: { Title: `${title} ${doc.number}`, Author: doc.issuer.name, Producer: 'TimeTracker', Creator: 'TimeTracker' },
  });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    out.on('end', () => resolve(Buffer.concat(chunks)));
    out.on('error', reject);
  });
  pdfDoc.pipe(out);
  registerFonts(pdfDoc);
  const ctx: Context = {
    pdf: { doc: pdfDoc, out, width: pdfDoc.page.width - 2 * MARGIN, margin: MARGIN },
    doc,
    t,
    fmt: documentFormat({ doc: locale, timeZone: 'UTC', currency: doc.currency, timeFormat: '24h' }),
    quantity: (() => {
      const f = new Intl.NumberFormat(locale.locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
      return (q: number) => f.format(q / 10_000);
    })(),
    percent: (() => {
      const f = new Intl.NumberFormat(locale.locale, { style: 'percent', maximumFractionDigits: 2 });
      return (rate: number) => f.format(rate / 10_000);
    })(),
  };

  header(ctx, title);
  linesTable(ctx);
  totals(ctx);
  payment(ctx);
  closing(ctx);
  if (doc.void) stampVoid(ctx);
  finishWithPageNumbers(ctx.pdf, (page, pages) => t('page.xOfY', { page, pages }));
  return done;
}

/** Logo and issuer on top, the customer's address on the left, number and dates on the right, the title. */
function header(ctx: Context, title: string): void {
  const { pdf, doc, t, fmt } = ctx;
  const { doc: pdfDoc, width } = pdf;
  const top = MARGIN;
  let logoBottom = top;
  const logo = doc.issuer.logo_base64 ? Buffer.from(doc.issuer.logo_base64, 'base64') : null;
  // A logo that is not a whole image (stored before uploads were checked, or frozen into an old invoice) is left
  // out rather than failing the invoice: pdfkit would throw on it, a damaged PNG even outside this call.
  if (logo && readLogoImage(logo)) {
    try {
      pdfDoc.image(logo, MARGIN, top, { fit: [150, 56] });
      logoBottom = top + 60;
    } catch {
      // a frame pdfkit cannot read: no logo either
    }
  }
  // The issuer, right-aligned in the top right corner.
  const issuerLines = [
    doc.issuer.name,
    ...partyAddress(doc.issuer),
    ...(doc.issuer.email ? [doc.issuer.email] : []),
    ...(doc.issuer.phone ? [doc.issuer.phone] : []),
    ...(doc.issuer.vat_id ? [t('label.vatId', { id: doc.issuer.vat_id })] : []),
    ...(doc.issuer.tax_number ? [t('label.taxNumber', { id: doc.issuer.tax_number })] : []),
  ];
  const right = MARGIN + width / 2;
  let y = top;
  issuerLines.forEach((line, i) => {
    pdfDoc
      .font(i === 0 ? BOLD_FONT : BODY_FONT)
      .fontSize(i === 0 ? 10 : 8.5)
      .fillColor(i === 0 ? '#000000' : GREY);
    drawLine(pdfDoc, line, right, y, { width: width / 2, align: 'right' });
    y += i === 0 ? 13 : 11;
  });

  // The customer's address where a window envelope shows it, the sender in small print above.
  let addressY = Math.max(logoBottom, y + 8, 140);
  pdfDoc.font(BODY_FONT).fontSize(7).fillColor(GREY);
  drawLine(pdfDoc, [doc.issuer.name, ...partyAddress(doc.issuer)].join(' · '), MARGIN, addressY, { width: 320 });
  addressY += 14;
  const customerLines = [doc.customer.name, ...partyAddress(doc.customer)];
  if (doc.customer.vat_id) customerLines.push(t('label.vatId', { id: doc.customer.vat_id }));
  customerLines.forEach((line, i) => {
    pdfDoc
      .font(i === 0 ? BOLD_FONT : BODY_FONT)
      .fontSize(10)
      .fillColor('#000000');
    drawLine(pdfDoc, line, MARGIN, addressY, { width: 230 });
    addressY += 13;
  });

  // Number, dates, period and references, label and value, beside the address.
  const facts: [string, string][] = [
    [t(doc.type_code === '381' ? 'label.creditNoteNumber' : 'label.number'), doc.number],
    [t('label.issueDate'), fmt.date(doc.issue_date)],
    [t('label.dueDate'), fmt.date(doc.due_date)],
    [t('label.period'), `${fmt.date(doc.period.from)} – ${fmt.date(doc.period.to)}`],
  ];
  if (doc.buyer_reference && doc.buyer_reference !== doc.number) facts.push([t('label.reference'), doc.buyer_reference]);
  if (doc.type_code === '381' && doc.preceding_number) facts.push([t('label.corrects'), doc.preceding_number]);
  let factY = Math.max(logoBottom, y + 8, 140) + 14;
  const labelX = MARGIN + 240;
  for (const [label, value] of facts) {
    pdfDoc.font(BODY_FONT).fontSize(8.5).fillColor(GREY);
    drawLine(pdfDoc, label, labelX, factY + 1, { width: 105 });
    pdfDoc.font(BOLD_FONT).fontSize(9).fillColor('#000000');
    drawLine(pdfDoc, value, labelX + 105, factY, { width: width - 240 - 105, align: 'right' });
    factY += 13;
  }

  pdfDoc
    .font(BOLD_FONT)
    .fontSize(18)
    .fillColor('#000000')
    .text(`${title} ${printable(doc.number)}`, MARGIN, Math.max(addressY, factY) + 24, { width, lineBreak: false });
  pdfDoc.x = MARGIN;
  pdfDoc.y = Math.max(addressY, factY) + 54;
}

/** Street lines, then "postal code city", then the country (codes are what an address label needs abroad). */
function partyAddress(p: InvoiceParty): string[] {
  return [...p.address_lines.filter((l) => l.trim() !== ''), `${p.postal_code} ${p.city}`.trim(), p.country_code.toUpperCase()];
}

function linesTable(ctx: Context): void {
  const { pdf, doc, t, fmt, quantity, percent } = ctx;
  const columns: Column[] = [
    { title: t('column.description'), width: 190, align: 'left', maxLines: 6 },
    { title: t('column.quantity'), width: 50, align: 'right' },
    { title: t('column.unit'), width: 50, align: 'left' },
    { title: t('column.unitPrice'), width: 75, align: 'right' },
    { title: t('column.taxRate'), width: 45, align: 'right' },
    { title: t('column.net'), width: pdf.width - 410, align: 'right' },
  ];
  const table = new PdfTable(pdf, columns);
  table.header();
  for (const line of doc.lines) {
    const period =
      line.period && line.period.from !== doc.period.from
        ? line.period.from === line.period.to
          ? ` (${fmt.date(line.period.from)})`
          : ` (${fmt.date(line.period.from)} – ${fmt.date(line.period.to)})`
        : '';
    table.row([
      `${line.description}${period}`,
      quantity(line.quantity),
      t(`unit.${line.unit}`),
      fmt.money(line.unit_price_cents),
      percent(line.tax_rate),
      fmt.money(line.net_cents),
    ]);
  }
  table.rule();
}

/** Net, one line per tax group, the total; right-aligned under the table's amount column. */
function totals(ctx: Context): void {
  const { pdf, doc, t, fmt, percent } = ctx;
  const { doc: pdfDoc, width } = pdf;
  const rows: [string, string, boolean][] = [[t('total.net'), fmt.money(doc.net_cents), false]];
  for (const tax of doc.taxes) {
    const base = fmt.money(tax.taxable_cents);
    const label =
      tax.category === 'S'
        ? t('total.tax', { rate: percent(tax.rate).replace(/\s?%$/u, ''), base })
        : t('total.taxZero', { category: t(`category.${tax.category}`), base });
    rows.push([label, fmt.money(tax.tax_cents), false]);
  }
  rows.push([t('total.gross'), fmt.money(doc.gross_cents), true]);
  ensureRoom(pdf, rows.length * 15 + 20);
  let y = pdfDoc.y + 8;
  for (const [label, amount, bold] of rows) {
    pdfDoc
      .font(bold ? BOLD_FONT : BODY_FONT)
      .fontSize(bold ? 11 : 9)
      .fillColor('#000000');
    if (bold) {
      pdfDoc
        .moveTo(MARGIN + width - 250, y - 3)
        .lineTo(MARGIN + width, y - 3)
        .lineWidth(0.8)
        .strokeColor('#999999')
        .stroke();
    }
    drawLine(pdfDoc, label, MARGIN + 100, y, { width: width - 100 - 95, align: 'right' });
    drawLine(pdfDoc, amount, MARGIN + width - 95, y, { width: 95, align: 'right' });
    y += bold ? 17 : 14;
  }
  pdfDoc.x = MARGIN;
  pdfDoc.y = y + 6;
  const exemption = exemptionNote(doc);
  if (exemption) paragraph(ctx, exemption, 9);
}

/** Payment terms, the bank account and, for euros with an IBAN, the EPC069-12 QR code banking apps scan. */
function payment(ctx: Context): void {
  const { pdf, doc, t, fmt } = ctx;
  const { doc: pdfDoc, width } = pdf;
  const { iban, bic, name } = doc.issuer;
  const qr = iban
    ? epcQrPayload({ name, iban, bic, amount_cents: doc.gross_cents, currency: doc.currency, remittance: doc.number })
    : null;
  ensureRoom(pdf, qr ? QR_SIZE + 40 : 80);
  pdfDoc.moveDown(0.8);
  const top = pdfDoc.y;
  pdfDoc.font(BOLD_FONT).fontSize(10).fillColor('#000000').text(t('payment.heading'), MARGIN, top);
  const textWidth = qr ? width - QR_SIZE - 20 : width;
  // A credit note is paid out, not in: payment terms, the transfer request and the QR code are for invoices.
  const lines = doc.type_code === '380' ? [paymentTerms(doc)] : [];
  if (doc.type_code === '380' && doc.gross_cents > 0) {
    lines.push(t('payment.transfer', { amount: fmt.money(doc.gross_cents), date: fmt.date(doc.due_date), number: doc.number }));
  }
  if (iban) {
    lines.push(t('payment.holder', { name }), t('payment.iban', { iban: groupedIban(iban) }));
    if (bic) lines.push(t('payment.bic', { bic: bic.trim().toUpperCase() }));
  }
  pdfDoc.font(BODY_FONT).fontSize(9);
  for (const line of lines) pdfDoc.text(printable(line), MARGIN, pdfDoc.y + 2, { width: textWidth });
  let bottom = pdfDoc.y;
  if (qr && doc.type_code === '380') {
    drawQr(pdfDoc, qr, MARGIN + width - QR_SIZE, top);
    pdfDoc.font(BODY_FONT).fontSize(7).fillColor(GREY);
    drawLine(pdfDoc, t('payment.qr'), MARGIN + width - QR_SIZE - 20, top + QR_SIZE + 3, { width: QR_SIZE + 20, align: 'right' });
    bottom = Math.max(bottom, top + QR_SIZE + 14);
  }
  pdfDoc.x = MARGIN;
  pdfDoc.y = bottom;
}

/** The QR code as vector squares: sharp at any zoom and no image the PDF/A conversion must vet. */
function drawQr(pdfDoc: PDFKit.PDFDocument, payload: string, x: number, y: number): void {
  // Level M, as EPC069-12 requires; byte mode keeps umlauts in the UTF-8 payload intact.
  const code = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = code.modules.size;
  const quiet = 2;
  const cell = QR_SIZE / (size + 2 * quiet);
  pdfDoc.save().fillColor('#000000');
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (code.modules.get(row, col)) pdfDoc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  pdfDoc.fill().restore();
}

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00", as people read and type it. */
const groupedIban = (iban: string) => normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');

/** Notes and the footer in small print. */
function closing(ctx: Context): void {
  const { doc } = ctx;
  if (doc.notes) paragraph(ctx, doc.notes, 9);
  if (doc.issuer.footer) paragraph(ctx, doc.issuer.footer, 7.5, GREY);
}

function paragraph(ctx: Context, text: string, size: number, color = '#000000'): void {
  const { doc: pdfDoc, width } = ctx.pdf;
  ensureRoom(ctx.pdf, 30);
  pdfDoc.moveDown(0.8).font(BODY_FONT).fontSize(size).fillColor(color).text(printable(text), MARGIN, pdfDoc.y, { width });
  pdfDoc.x = MARGIN;
}

/** A new page when fewer than `height` points are left above the footer. */
function ensureRoom({ doc: pdfDoc }: PdfDocument, height: number): void {
  if (pdfDoc.y + height > pdfDoc.page.height - MARGIN - 30) pdfDoc.addPage();
}

/** "VOID" across every page, in translucent red, so a voided invoice is never paid by mistake but stays legible. */
function stampVoid(ctx: Context): void {
  const { doc: pdfDoc } = ctx.pdf;
  const word = ctx.t('stamp.void');
  const range = pdfDoc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdfDoc.switchToPage(i);
    const { width, height } = pdfDoc.page;
    // As large as fits the diagonal band: long words ("STORNIERT", "ANULADA") get a smaller size.
    pdfDoc.font(BOLD_FONT).fontSize(100);
    const size = Math.min(100, (100 * width * 0.85) / pdfDoc.widthOfString(word));
    pdfDoc.fontSize(size);
    const textWidth = pdfDoc.widthOfString(word);
    const bottomMargin = pdfDoc.page.margins.bottom;
    pdfDoc.page.margins.bottom = 0;
    pdfDoc
      .save()
      .rotate(-30, { origin: [width / 2, height / 2] })
      .fillColor('#cc0000')
      .fillOpacity(0.35)
      .text(word, (width - textWidth) / 2, height / 2 - size / 2, { lineBreak: false })
      .restore();
    pdfDoc.page.margins.bottom = bottomMargin;
  }
}
