// SQL of invoices: the invoices, their lines, the entries they bill, and the number sequences.
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, InvoiceLineRow, InvoiceLinesTable, InvoiceRow, InvoicesTable } from '../../db/schema.js';
import { reusableListQuery } from '../../db/reusable-query.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import type { BillableEntry } from './draft-lines.js';
import { NOT_RELEASED } from './invoice-entry-state.js';
import { boundLimit, fixedLimit } from '../../db/limits.js';

export function findInvoice(db: Kysely<DB>, id: number): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The invoice row locked for the rest of the transaction (PostgreSQL; SQLite transactions are serial anyway). */
export function lockInvoice(db: Kysely<DB>, id: number, postgres: boolean): Promise<InvoiceRow | undefined> {
  const select = db.selectFrom('invoices').selectAll().where('id', '=', id);
  return (postgres ? select.forUpdate() : select).executeTakeFirst();
}

/** The credit note that corrects an invoice and still counts (a draft, issued or paid; void ones do not). */
export function liveCreditNote(
  db: Kysely<DB>,
  invoiceId: number,
): Promise<Pick<InvoiceRow, 'id' | 'number' | 'status'> | undefined> {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'status'])
    .where('corrects_invoice_id', '=', invoiceId)
    .where('kind', '=', 'credit_note')
    .where('status', '!=', 'void')
    .orderBy('id')
    .executeTakeFirst();
}

export function invoiceLines(db: Kysely<DB>, invoiceIds: readonly number[]): Promise<InvoiceLineRow[]> {
  if (invoiceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
}

/** The entries an invoice bills now (released rows of a void invoice are history, not billing). */
export async function invoiceEntryIds(db: Kysely<DB>, invoiceIds: readonly number[]): Promise<Map<number, number[]>> {
  const byInvoice = new Map<number, number[]>(invoiceIds.map((id) => [id, []]));
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await db
    .selectFrom('invoice_entries')
    .select(['invoice_id', 'entry_id'])
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('entry_id')
    .execute();
  for (const row of rows) byInvoice.get(row.invoice_id)?.push(row.entry_id);
  return byInvoice;
}

export interface InvoiceListQuery {
  status?: InvoiceRow['status'];
  client_id?: number;
  /** Issue date (drafts: creation day) from/to, YYYY-MM-DD inclusive. */
  from?: string;
  to?: string;
  limit: number;
  beforeId?: number;
}

/** Newest first; one row more than the page to tell whether another page follows. */
export function listInvoiceRows(db: Kysely<DB>, query: InvoiceListQuery): Promise<InvoiceRow[]> {
  let select = db
    .selectFrom('invoices')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(boundLimit(query.limit + 1));
  if (query.status) select = select.where('status', '=', query.status);
  if (query.client_id) select = select.where('client_id', '=', query.client_id);
  if (query.from) select = select.where(sql<string>`coalesce(issue_date, period_to)`, '>=', query.from);
  if (query.to) select = select.where(sql<string>`coalesce(issue_date, period_to)`, '<=', query.to);
  if (query.beforeId) select = select.where('id', '<', query.beforeId);
  return select.execute();
}

export interface BillableQuery {
  clientId: number;
  projectIds?: readonly number[];
  from: number;
  to: number;
}

/** The client's billable, finished, kept entries starting in [from, to) that no invoice (but a void one) bills. */
export async function billableEntries(db: Kysely<DB>, q: BillableQuery): Promise<BillableEntry[]> {
  let select = db
    .selectFrom('time_entries as e')
    .innerJoin('projects as p', 'p.id', 'e.project_id')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .leftJoin('tasks as t', 't.id', 'e.task_id')
    .select([
      'e.id',
      'e.user_id',
      'e.project_id',
      'p.name as project_name',
      'e.task_id',
      't.name as task_name',
      'e.start_time',
      'e.duration_seconds',
      'e.notes',
    ])
    .select((eb) => eb.fn.coalesce('p.hourly_rate_cents', 'c.default_hourly_rate_cents').as('rate_cents'))
    .where('c.id', '=', q.clientId)
    .where('e.billable', '=', 1)
    .where('e.deleted_at', 'is', null)
    .where('e.end_time', 'is not', null)
    .where('e.start_time', '>=', q.from)
    .where('e.start_time', '<', q.to)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('invoice_entries as ie')
            .select('ie.entry_id')
            .whereRef('ie.entry_id', '=', 'e.id')
            .where('ie.released', '=', NOT_RELEASED),
        ),
      ),
    )
    .orderBy('e.start_time')
    .orderBy('e.id');
  if (q.projectIds) select = select.where('e.project_id', 'in', [...q.projectIds]);
  const rows = await select.execute();
  return rows.map((r) => ({
    ...r,
    duration_seconds: Number(r.duration_seconds ?? 0),
    rate_cents: r.rate_cents === null ? null : Number(r.rate_cents),
  }));
}

export function insertInvoice(db: Kysely<DB>, values: Insertable<InvoicesTable>): Promise<InvoiceRow> {
  return db.insertInto('invoices').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateInvoice(db: Kysely<DB>, id: number, values: Updateable<InvoicesTable>): Promise<InvoiceRow> {
  return db.updateTable('invoices').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteInvoiceRow(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('invoices').where('id', '=', id).execute();
}

export async function replaceLines(
  db: Kysely<DB>,
  invoiceId: number,
  lines: Omit<Insertable<InvoiceLinesTable>, 'invoice_id' | 'position'>[],
): Promise<void> {
  await db.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
  if (lines.length === 0) return;
  await db
    .insertInto('invoice_lines')
    .values(lines.map((line, position) => ({ ...line, invoice_id: invoiceId, position })))
    .execute();
}

/** Claims entries for an invoice; the partial unique index refuses an entry another live invoice holds. */
export async function claimEntries(db: Kysely<DB>, invoiceId: number, entryIds: readonly number[]): Promise<void> {
  for (let i = 0; i < entryIds.length; i += 500) {
    await db
      .insertInto('invoice_entries')
      .values(entryIds.slice(i, i + 500).map((entry_id) => ({ invoice_id: invoiceId, entry_id })))
      .execute();
  }
}

/** The entries become billable again; the rows stay as the void invoice's history. */
export async function releaseEntries(db: Kysely<DB>, invoiceId: number): Promise<void> {
  await db.updateTable('invoice_entries').set({ released: 1 }).where('invoice_id', '=', invoiceId).execute();
}

/** Entries whose draft deleted them meanwhile are dropped from it when it is issued. */
export async function dropDeletedEntries(db: Kysely<DB>, invoiceId: number): Promise<void> {
  await db
    .deleteFrom('invoice_entries')
    .where('invoice_id', '=', invoiceId)
    .where('entry_id', 'in', (eb) => eb.selectFrom('time_entries').select('id').where('deleted_at', 'is not', null))
    .execute();
}

/**
 * The next value of a number sequence, in the caller's transaction: the upsert takes the counter's row lock on
 * PostgreSQL, so concurrent issuers queue behind it and each gets the next value; a rollback gives it back.
 */
export async function nextSequenceValue(db: Kysely<DB>, sequenceKey: string): Promise<number> {
  const row = await db
    .insertInto('invoice_sequences')
    .values({ sequence_key: sequenceKey, last_value: 1 })
    .onConflict((oc) => oc.column('sequence_key').doUpdateSet({ last_value: sql`invoice_sequences.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/** The users whose entries these are, ascending (locks are taken in this order). */
/** The kept entries among these ids by their owner (whose other tabs are told their entries changed). */
export async function entryIdsByOwner(db: Kysely<DB>, entryIds: readonly number[]): Promise<Map<number, number[]>> {
  const byOwner = new Map<number, number[]>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows = await keptEntries(db)
      .select(['id', 'user_id'])
      .where('id', 'in', entryIds.slice(i, i + 500))
      .execute();
    for (const row of rows) byOwner.set(row.user_id, [...(byOwner.get(row.user_id) ?? []), row.id]);
  }
  return byOwner;
}

export async function entryOwners(db: Kysely<DB>, entryIds: readonly number[]): Promise<number[]> {
  const owners = new Set<number>();
  for (let i = 0; i < entryIds.length; i += 500) {
    // Deleted entries are dropped from the invoice as it is issued; only kept ones need their owner's lock.
    const rows = await keptEntries(db)
      .select('user_id')
      .distinct()
      .where('id', 'in', entryIds.slice(i, i + 500))
      .execute();
    for (const row of rows) owners.add(row.user_id);
  }
  return [...owners].sort((a, b) => a - b);
}

// Read for every entry the API answers (each list page): compiled once per list length.
const invoicedOf = reusableListQuery((db: Kysely<DB>, entryIds: readonly number[]) =>
  db
    .selectFrom('invoice_entries as ie')
    .innerJoin('invoices as i', 'i.id', 'ie.invoice_id')
    .select(['ie.entry_id', 'i.number'])
    .where('ie.entry_id', 'in', entryIds)
    .where('ie.released', '=', NOT_RELEASED)
    .where('i.status', 'in', ['issued', 'paid']),
);

/** Of `entryIds`, those an issued or paid invoice bills, with its number. */
export async function invoicedEntries(db: Kysely<DB>, entryIds: readonly number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (const row of await invoicedOf.execute(db, entryIds)) found.set(row.entry_id, row.number ?? '');
  return found;
}

/** Whether a client has invoices (a client with invoices cannot be deleted; the database would refuse anyway). */
export async function clientHasInvoices(db: Kysely<DB>, clientId: number): Promise<boolean> {
  return (
    (await db.selectFrom('invoices').select('id').where('client_id', '=', clientId).limit(fixedLimit(1)).executeTakeFirst()) !== undefined
  );
}
