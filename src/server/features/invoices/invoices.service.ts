// Drafts: made from a client's uninvoiced, billable, finished entries, edited line by line, deleted while drafts.
// Invoices are an admin's task (the routes require the admin role).
import type { Kysely } from 'kysely';
import type { Actor, InvoiceContext } from './invoice-context.js';
import type { DB, InvoiceRow } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { conflict, notFound, validationFailed } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { lineNetCents } from '../../../shared/invoicing/decimal.js';
import { computeTotals, type TaxTreatment } from '../../../shared/invoicing/invoice-totals.js';
import { addDays, type LocalDate } from '../../../shared/time-math.js';
import { dayStartInstant, parseDate } from '../../../shared/timesheet-week.js';
import { findClient } from '../clients/clients.queries.js';
import { track } from '../analytics/track.js';
import { resolveReportRounding } from '../reports/report-rounding.js';
import { draftLines, type Grouping } from './draft-lines.js';
import { toInvoiceDto, type InvoiceDto } from './invoice-dto.js';
import {
  billableEntries,
  claimEntries,
  deleteInvoiceRow,
  findInvoice,
  insertInvoice,
  invoiceEntryIds,
  invoiceLines,
  listInvoiceRows,
  replaceLines,
  updateInvoice,
  type InvoiceListQuery,
} from './invoices.queries.js';
import { invoiceAnalytics } from './invoice-analytics.js';
import { getInvoicingSettings } from './settings.service.js';

export interface DraftInput {
  client_id: number;
  from: string;
  to: string;
  project_ids?: number[];
  group_by?: Grouping;
}

export interface LineInput {
  description: string;
  quantity: number;
  unit: 'hour' | 'item';
  unit_price: number;
  tax_rate: number;
}

export interface DraftPatch {
  lines?: LineInput[];
  notes?: string | null;
  issue_date?: string | null;
  due_date?: string | null;
}

/** Ten years, as for report ranges (API spec: bounds of valid input). */
const MAX_RANGE_DAYS = 3653;
const notDraft = (row: InvoiceRow) =>
  conflict('invoice_not_draft', `Invoice ${row.number ?? row.id} is ${row.status}; only drafts can be changed or deleted.`, {
    status: row.status,
  });

export async function invoiceDto(db: Kysely<DB>, row: InvoiceRow): Promise<InvoiceDto> {
  const [lines, entries] = await Promise.all([invoiceLines(db, [row.id]), invoiceEntryIds(db, [row.id])]);
  return toInvoiceDto(row, lines, entries.get(row.id) ?? []);
}

export async function getInvoice(ctx: InvoiceContext, id: number): Promise<InvoiceRow> {
  const row = await findInvoice(ctx.db, id);
  if (!row) throw notFound('invoice');
  return row;
}

export async function listInvoices(
  ctx: InvoiceContext,
  query: InvoiceListQuery,
): Promise<{ items: InvoiceDto[]; nextCursor: string | null }> {
  const rows = await listInvoiceRows(ctx.db, query);
  const page = rows.slice(0, query.limit);
  const ids = page.map((r) => r.id);
  const [lines, entries] = await Promise.all([invoiceLines(ctx.db, ids), invoiceEntryIds(ctx.db, ids)]);
  const items = page.map((row) =>
    toInvoiceDto(
      row,
      lines.filter((l) => l.invoice_id === row.id),
      entries.get(row.id) ?? [],
    ),
  );
  return { items, nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null };
}

function dayAfter(text: string): LocalDate {
  return addDays(parseDate(text)!, 1);
}

export async function createDraft(ctx: InvoiceContext, principal: Actor, input: DraftInput): Promise<InvoiceDto> {
  if (input.to < input.from) throw validationFailed({ to: 'must not be before from' });
  const tz = principal.user.timezone;
  const from = dayStartInstant(parseDate(input.from)!, tz);
  const to = dayStartInstant(dayAfter(input.to), tz);
  if ((to - from) / 86_400 > MAX_RANGE_DAYS) throw validationFailed({ to: 'the range must be at most 10 years long' });
  const client = await findClient(ctx.db, input.client_id);
  if (!client) throw notFound('client');
  if (input.project_ids) {
    const own = await ctx.db
      .selectFrom('projects')
      .select('id')
      .where('client_id', '=', client.id)
      .where('id', 'in', input.project_ids)
      .execute();
    if (own.length !== new Set(input.project_ids).size)
      throw validationFailed({ project_ids: 'must be projects of this client' });
  }
  const settings = await getInvoicingSettings(ctx.db);
  const language = client.language ?? settings.language;
  const grouping = input.group_by ?? 'project';
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  // Two drafts made at once from the same entries: the second's claim meets the unique index; it tries again with
  // what is left, and finds nothing to invoice if the first took everything.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await ctx.db.transaction().execute(async (trx) => {
        const entries = await billableEntries(trx, { clientId: client.id, projectIds: input.project_ids, from, to });
        if (entries.length === 0) {
          throw conflict(
            'nothing_to_invoice',
            'The client has no billable, finished entries in this range that are not invoiced yet.',
          );
        }
        const lines = draftLines(entries, {
          grouping,
          rounding: resolveReportRounding({}, principal.user),
          timeZone: tz,
          taxRate: settings.default_tax_rate,
          formatDate: (d) => dateFormat.format(new Date(`${d}T00:00:00Z`)),
        });
        const totals = computeTotals(lines, client.tax_treatment as TaxTreatment);
        const now = nowSeconds();
        const invoice = await insertInvoice(trx, {
          kind: 'invoice',
          status: 'draft',
          client_id: client.id,
          corrects_invoice_id: null,
          currency: client.currency ?? ctx.config.CURRENCY,
          language,
          tax_treatment: client.tax_treatment,
          group_by: grouping,
          period_from: input.from,
          period_to: input.to,
          notes: null,
          net_cents: totals.net_cents,
          tax_cents: totals.tax_cents,
          gross_cents: totals.gross_cents,
          created_by: principal.user.id,
          created_at: now,
          updated_at: now,
        });
        await replaceLines(trx, invoice.id, lines);
        await claimEntries(
          trx,
          invoice.id,
          entries.map((e) => e.id),
        );
        return invoice;
      });
      const dto = await invoiceDto(ctx.db, row);
      track('invoice.created', invoiceAnalytics(dto));
      return dto;
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

export async function changeDraft(ctx: InvoiceContext, id: number, patch: DraftPatch): Promise<InvoiceDto> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = await findInvoice(trx, id);
    if (!current) throw notFound('invoice');
    if (current.status !== 'draft') throw notDraft(current);
    const issueDate = patch.issue_date !== undefined ? patch.issue_date : current.issue_date;
    const dueDate = patch.due_date !== undefined ? patch.due_date : current.due_date;
    if (issueDate && dueDate && dueDate < issueDate) throw validationFailed({ due_date: 'must not be before the issue date' });
    let totals = {
      net_cents: Number(current.net_cents),
      tax_cents: Number(current.tax_cents),
      gross_cents: Number(current.gross_cents),
    };
    if (patch.lines) {
      const lines = patch.lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unit_price_cents: l.unit_price,
        tax_rate: l.tax_rate,
        net_cents: lineNetCents(l.quantity, l.unit_price),
        period_from: null,
        period_to: null,
      }));
      const computed = computeTotals(lines, current.tax_treatment as TaxTreatment);
      if (computed.net_cents < 0)
        throw validationFailed({ lines: 'the invoice total must not be negative; issue a credit note instead' });
      totals = computed;
      await replaceLines(trx, id, lines);
    }
    return updateInvoice(trx, id, {
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      issue_date: issueDate,
      due_date: dueDate,
      net_cents: totals.net_cents,
      tax_cents: totals.tax_cents,
      gross_cents: totals.gross_cents,
      updated_at: nowSeconds(),
    });
  });
  return invoiceDto(ctx.db, row);
}

/** Deleting a draft frees its entries (their invoice_entries rows go with it). */
export async function deleteDraft(ctx: InvoiceContext, id: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findInvoice(trx, id);
    if (!current) throw notFound('invoice');
    if (current.status !== 'draft') throw notDraft(current);
    await deleteInvoiceRow(trx, id);
  });
}
