// The documents of an invoice: an issued (paid, void) invoice is rendered from the content frozen when it was
// issued, so it never changes; a draft gets a preview PDF from today's settings and client data, marked as a draft
// and without e-invoice XML (a draft is not an invoice yet).
import type { Actor, InvoiceContext } from './invoice-context.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { formatLocalDate, localDate } from '../../../shared/time-math.js';
import { findClient } from '../clients/clients.queries.js';
import { track } from '../analytics/track.js';
import { buildInvoiceDocument } from './build-document.js';
import { renderInvoicePdf } from './documents/factur-x.js';
import { renderPlainInvoicePdf } from './documents/invoice-pdf.js';
import { renderInvoiceXml } from './documents/invoice-xml.js';
import type { InvoiceDocument } from './invoice-document.js';
import { findInvoice, invoiceLines } from './invoices.queries.js';
import { missingForXRechnung } from './issue-readiness.js';
import { getInvoicingSettings, getLogo } from './settings.service.js';

export interface RenderedFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

/** "2026-0042" → "2026-0042"; anything a file name should not carry becomes "_". */
const fileStem = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'invoice';

async function draftPreview(ctx: InvoiceContext, principal: Actor, id: number): Promise<InvoiceDocument> {
  const invoice = (await findInvoice(ctx.db, id))!;
  const [settings, logo, client, lines] = await Promise.all([
    getInvoicingSettings(ctx.db),
    getLogo(ctx.db),
    findClient(ctx.db, invoice.client_id),
    invoiceLines(ctx.db, [id]),
  ]);
  const today = formatLocalDate(localDate(nowSeconds(), principal.user.timezone));
  return buildInvoiceDocument({
    invoice,
    lines,
    settings,
    client: client!,
    logo,
    number: `DRAFT-${invoice.id}`,
    issueDate: invoice.issue_date ?? today,
    dueDate: invoice.due_date ?? invoice.issue_date ?? today,
    precedingNumber: null,
  });
}

export async function invoicePdf(ctx: InvoiceContext, principal: Actor, id: number): Promise<RenderedFile> {
  const invoice = await findInvoice(ctx.db, id);
  if (!invoice) throw notFound('invoice');
  if (invoice.status === 'draft') {
    const doc = await draftPreview(ctx, principal, id);
    return { filename: `${fileStem(doc.number)}.pdf`, contentType: 'application/pdf', body: await renderPlainInvoicePdf(doc) };
  }
  const doc: InvoiceDocument = { ...(JSON.parse(invoice.document!) as InvoiceDocument), void: invoice.status === 'void' };
  const body = await renderInvoicePdf(doc);
  track('invoice.exported', { kind: invoice.kind, format: 'pdf' });
  return { filename: `${fileStem(doc.number)}.pdf`, contentType: 'application/pdf', body };
}

export async function invoiceXml(ctx: InvoiceContext, id: number, syntax: 'ubl' | 'cii'): Promise<RenderedFile> {
  const invoice = await findInvoice(ctx.db, id);
  if (!invoice) throw notFound('invoice');
  if (invoice.status === 'draft') {
    throw conflict('invoice_not_issued', 'A draft has no e-invoice yet; issue it first (its PDF is a preview).', {
      status: invoice.status,
    });
  }
  const doc = JSON.parse(invoice.document!) as InvoiceDocument;
  const missing = missingForXRechnung(doc);
  if (Object.keys(missing).length > 0) {
    throw new AppError(409, 'invoice_incomplete', 'XRechnung needs data this invoice was issued without.', { fields: missing });
  }
  const body = await renderInvoiceXml(doc, syntax);
  track('invoice.exported', { kind: invoice.kind, format: syntax });
  return {
    filename: `${fileStem(doc.number)}-${syntax}.xml`,
    contentType: 'application/xml; charset=utf-8',
    body: Buffer.from(body, 'utf8'),
  };
}
