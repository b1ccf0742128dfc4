// Issue, pay, void, credit. Issuing freezes the invoice (issuer and customer copied into `document`), draws the
// next number of its sequence in the same transaction (gapless: a failed issue gives its number back; the unique
// index refuses duplicates whatever happens) and locks its entries. Voiding keeps the number and frees the entries.
import type { Actor, InvoiceContext } from './invoice-context.js';
import type { InvoiceRow } from '../../db/schema.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { formatInvoiceNumber, sequenceKey } from '../../../shared/invoicing/invoice-number.js';
import { addDays, formatLocalDate, localDate } from '../../../shared/time-math.js';
import { parseDate } from '../../../shared/timesheet-week.js';
import { findClient } from '../clients/clients.queries.js';
import { track } from '../analytics/track.js';
import { buildInvoiceDocument } from './build-document.js';
import { invoiceAnalytics } from './invoice-analytics.js';
import type { InvoiceDto } from './invoice-dto.js';
import { missingForIssue } from './issue-readiness.js';
import { lockEntries, lockUserEntries } from '../time-entries/time-entries.queries.js';
import {
  dropDeletedEntries,
  entryIdsByOwner,
  entryOwners,
  invoiceEntryIds,
  insertInvoice,
  invoiceLines,
  liveCreditNote,
  lockInvoice,
  nextSequenceValue,
  releaseEntries,
  replaceLines,
  updateInvoice,
} from './invoices.queries.js';
import { invoiceDto } from './invoices.service.js';
import { getInvoicingSettings, getLogo } from './settings.service.js';
import { entriesChanged, publishLive } from '../live/publish.js';

const notIssued = (row: InvoiceRow) =>
  conflict('invoice_not_issued', `Invoice ${row.number ?? row.id} is ${row.status}; this needs an issued invoice.`, {
    status: row.status,
  });

const today = (principal: Actor) => formatLocalDate(localDate(nowSeconds(), principal.user.timezone));

export async function issueInvoice(ctx: InvoiceContext, principal: Actor, id: number): Promise<InvoiceDto> {
  const postgres = ctx.dbKind === 'postgres';
  const [settings, logo] = await Promise.all([getInvoicingSettings(ctx.db), getLogo(ctx.db)]);
  // Entries this issue locks, and for a credit note those of the invoice it frees.
  const touched: number[] = [];
  const row = await ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, id, postgres);
    if (!invoice) throw notFound('invoice');
    if (invoice.status !== 'draft') {
      throw conflict('invoice_not_draft', `Invoice ${invoice.number ?? invoice.id} is already ${invoice.status}.`, {
        status: invoice.status,
      });
    }
    // The owners' entry locks, then the entries' rows, in the order every entry write takes them: an edit racing
    // with this issue either commits first or sees the invoice issued (409 entry_invoiced).
    const entryIds = (await invoiceEntryIds(trx, [id])).get(id) ?? [];
    const owners = await entryOwners(trx, entryIds);
    for (const owner of owners) await lockUserEntries(trx, owner);
    if (entryIds.length > 0) await lockEntries(trx, entryIds);
    const client = (await findClient(trx, invoice.client_id))!;
    const lines = await invoiceLines(trx, [id]);
    const missing = missingForIssue(settings, client, lines.length);
    if (Object.keys(missing).length > 0) {
      throw new AppError(409, 'invoice_incomplete', 'Some data an invoice must carry is missing.', { fields: missing });
    }
    const issueDate = invoice.issue_date ?? today(principal);
    const terms = client.payment_terms_days ?? settings.payment_terms_days;
    const dueDate = invoice.due_date ?? formatLocalDate(addDays(parseDate(issueDate)!, terms));
    const key = sequenceKey(settings.number_pattern, issueDate);
    const value = await nextSequenceValue(trx, key);
    const number = formatInvoiceNumber(settings.number_pattern, issueDate, value);
    const corrected = invoice.corrects_invoice_id ? await lockInvoice(trx, invoice.corrects_invoice_id, postgres) : null;
    // A credit note cancels an invoice that still stands: one voided meanwhile has nothing left to correct.
    if (corrected && corrected.status !== 'issued' && corrected.status !== 'paid') throw notIssued(corrected);
    const preceding = corrected?.number ?? null;
    await dropDeletedEntries(trx, id);
    touched.push(...entryIds);
    if (corrected) {
      touched.push(...((await invoiceEntryIds(trx, [corrected.id])).get(corrected.id) ?? []));
      await releaseEntries(trx, corrected.id);
    }
    const document = buildInvoiceDocument({
      invoice,
      lines,
      settings,
      client,
      logo,
      number,
      issueDate,
      dueDate,
      precedingNumber: preceding,
    });
    return updateInvoice(trx, id, {
      status: 'issued',
      number,
      sequence_key: key,
      sequence_value: value,
      issue_date: issueDate,
      due_date: dueDate,
      document: JSON.stringify(document),
      issued_at: nowSeconds(),
      updated_at: nowSeconds(),
    });
  });
  const dto = await invoiceDto(ctx.db, row);
  track('invoice.issued', invoiceAnalytics(dto));
  await tellEntryOwners(ctx, touched);
  return dto;
}

export async function payInvoice(ctx: InvoiceContext, principal: Actor, id: number, paidOn?: string): Promise<InvoiceDto> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, id, ctx.dbKind === 'postgres');
    if (!invoice) throw notFound('invoice');
    if (invoice.status !== 'issued') throw notIssued(invoice);
    return updateInvoice(trx, id, { status: 'paid', paid_on: paidOn ?? today(principal), updated_at: nowSeconds() });
  });
  const dto = await invoiceDto(ctx.db, row);
  track('invoice.paid', invoiceAnalytics(dto));
  return dto;
}

export async function voidInvoice(ctx: InvoiceContext, id: number): Promise<InvoiceDto> {
  const touched: number[] = [];
  const row = await ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, id, ctx.dbKind === 'postgres');
    if (!invoice) throw notFound('invoice');
    if (invoice.status !== 'issued' && invoice.status !== 'paid') throw notIssued(invoice);
    touched.push(...((await invoiceEntryIds(trx, [id])).get(id) ?? []));
    await releaseEntries(trx, id);
    return updateInvoice(trx, id, { status: 'void', voided_at: nowSeconds(), updated_at: nowSeconds() });
  });
  const dto = await invoiceDto(ctx.db, row);
  track('invoice.voided', invoiceAnalytics(dto));
  await tellEntryOwners(ctx, touched);
  return dto;
}

/**
 * A credit note for an issued or paid invoice: a draft with the same lines that, once issued, cancels the invoice
 * in the books and frees its entries to be billed again.
 */
export async function createCreditNote(ctx: InvoiceContext, principal: Actor, id: number): Promise<InvoiceDto> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    // Locked, so two clicks at once make one credit note, not two.
    const invoice = await lockInvoice(trx, id, ctx.dbKind === 'postgres');
    if (!invoice) throw notFound('invoice');
    if (invoice.kind !== 'invoice' || (invoice.status !== 'issued' && invoice.status !== 'paid')) throw notIssued(invoice);
    const existing = await liveCreditNote(trx, id);
    if (existing) {
      throw conflict(
        'credit_note_exists',
        `Invoice ${invoice.number} already has credit note ${existing.number ?? `draft ${existing.id}`}; void or delete it first.`,
        { credit_note_id: existing.id, credit_note_number: existing.number, credit_note_status: existing.status },
      );
    }
    const now = nowSeconds();
    const note = await insertInvoice(trx, {
      kind: 'credit_note',
      status: 'draft',
      client_id: invoice.client_id,
      corrects_invoice_id: invoice.id,
      currency: invoice.currency,
      language: invoice.language,
      tax_treatment: invoice.tax_treatment,
      group_by: invoice.group_by,
      period_from: invoice.period_from,
      period_to: invoice.period_to,
      notes: null,
      net_cents: invoice.net_cents,
      tax_cents: invoice.tax_cents,
      gross_cents: invoice.gross_cents,
      created_by: principal.user.id,
      created_at: now,
      updated_at: now,
    });
    const lines = await invoiceLines(trx, [id]);
    await replaceLines(
      trx,
      note.id,
      lines.map(({ id: _id, invoice_id: _invoice, position: _position, ...line }) => line),
    );
    return note;
  });
  const dto = await invoiceDto(ctx.db, row);
  track('invoice.created', invoiceAnalytics(dto));
  return dto;
}

/** After the commit: the owners' open tabs show these entries locked (or free again) without a reload. */
async function tellEntryOwners(ctx: InvoiceContext, entryIds: readonly number[]): Promise<void> {
  const live = ctx.live;
  if (!live || entryIds.length === 0) return;
  for (const [owner, ids] of await entryIdsByOwner(ctx.db, entryIds)) await publishLive({ live }, owner, entriesChanged(ids));
}
