// The invoice PDF as ZUGFeRD/Factur-X: @e-invoice-eu/core takes the plain PDF, makes it PDF/A-3 (XMP metadata,
// output intent) and embeds the EN 16931 CII XML of the same invoice as `factur-x.xml` (profile EN 16931,
// "Comfort"), so one file is both what people read and what accounting software imports.
import type { InvoiceDocument } from '../invoice-document.js';
import { generateEInvoice } from './e-invoice-library.js';
import { renderPlainInvoicePdf } from './invoice-pdf.js';
import { libraryLanguage, toInternalInvoice } from './invoice-xml.js';

/** The library's name of the Factur-X profile that carries every EN 16931 business term. */
export const FACTUR_X_FORMAT = 'Factur-X-EN16931';

/** The Factur-X PDF/A-3 the API serves (`GET /invoices/{id}.pdf`). */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const plain = await renderPlainInvoicePdf(doc);
  const out = await generateEInvoice(toInternalInvoice(doc), {
    format: FACTUR_X_FORMAT,
    lang: libraryLanguage(doc.language),
    pdf: { buffer: plain, filename: `${doc.number}.pdf`, mimetype: 'application/pdf' },
    noWarnings: true,
  });
  return Buffer.from(out as Uint8Array);
}
