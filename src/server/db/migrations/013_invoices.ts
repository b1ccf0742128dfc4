import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { idColumn, isPostgres } from '../dialect.js';

// Invoices (invoices issue). Amounts are integer cents, quantities ten-thousandths and tax rates hundredths of a
// percent (shared/invoicing/decimal.ts).
// - clients gain what an invoice needs of a customer: postal address, VAT id, language, tax treatment, payment
//   terms, currency, and the buyer reference German authorities require (Leitweg-ID).
// - invoices: a draft until issued; issuing copies issuer and customer into `document` (JSON), so the invoice
//   never changes afterwards, and draws its number from `invoice_sequences`.
// - invoice_sequences: one counter per sequence key (the number pattern with its date parts filled in, e.g.
//   "2026-{seq:4}"); the issuing transaction increments it with the invoice's own update, so a rolled-back issue
//   leaves no gap, and the unique number index refuses any duplicate whatever happens.
// - invoice_entries: which time entries an invoice bills. An entry belongs to at most one invoice that is not void
//   (partial unique index), so two drafts can never bill the same hour; voiding releases the rows (`released`) and
//   keeps them as history.
export async function up(db: Kysely<unknown>): Promise<void> {
  const [idType, idConstraint] = idColumn(db);
  const big = isPostgres(db) ? 'bigint' : 'integer';
  const clientColumns: [string, 'text' | 'integer', ((c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder)?][] = [
    ['address_lines', 'text', (c) => c.notNull().defaultTo('[]')],
    ['postal_code', 'text'],
    ['city', 'text'],
    ['country_code', 'text'],
    ['vat_id', 'text'],
    ['language', 'text'],
    ['tax_treatment', 'text', (c) => c.notNull().defaultTo('standard')],
    ['exemption_reason', 'text'],
    ['payment_terms_days', 'integer'],
    ['currency', 'text'],
    ['buyer_reference', 'text'],
  ];
  for (const [name, type, build] of clientColumns) {
    await db.schema
      .alterTable('clients')
      .addColumn(name, type, build ?? ((c) => c))
      .execute();
  }

  await db.schema
    .createTable('invoice_sequences')
    .addColumn('sequence_key', 'text', (c) => c.primaryKey())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', idType, idConstraint)
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('invoice'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('corrects_invoice_id', 'integer', (c) => c.references('invoices.id'))
    .addColumn('number', 'text')
    .addColumn('sequence_key', 'text')
    .addColumn('sequence_value', 'integer')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('tax_treatment', 'text', (c) => c.notNull())
    .addColumn('group_by', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text')
    .addColumn('due_date', 'text')
    .addColumn('notes', 'text')
    .addColumn('net_cents', big, (c) => c.notNull())
    .addColumn('tax_cents', big, (c) => c.notNull())
    .addColumn('gross_cents', big, (c) => c.notNull())
    .addColumn('document', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('issued_at', big)
    .addColumn('paid_on', 'text')
    .addColumn('voided_at', big)
    .execute();
  await db.schema.createIndex('invoices_number').unique().on('invoices').column('number').execute();
  await db.schema.createIndex('invoices_sequence').unique().on('invoices').columns(['sequence_key', 'sequence_value']).execute();
  await db.schema.createIndex('invoices_client').on('invoices').columns(['client_id', 'id']).execute();
  await db.schema.createIndex('invoices_status').on('invoices').columns(['status', 'id']).execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', idType, idConstraint)
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', big, (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_price_cents', big, (c) => c.notNull())
    .addColumn('tax_rate', 'integer', (c) => c.notNull())
    .addColumn('net_cents', big, (c) => c.notNull())
    .addColumn('period_from', 'text')
    .addColumn('period_to', 'text')
    .execute();
  await db.schema.createIndex('invoice_lines_invoice').on('invoice_lines').columns(['invoice_id', 'position']).execute();

  await db.schema
    .createTable('invoice_entries')
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    // The purge job may remove a deleted entry that a draft still lists; issued invoices' entries cannot be deleted.
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('time_entries.id').onDelete('cascade'))
    .addColumn('released', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('invoice_entries_pk', ['invoice_id', 'entry_id'])
    .execute();
  await db.schema
    .createIndex('invoice_entries_one_invoice')
    .unique()
    .on('invoice_entries')
    .column('entry_id')
    .where(sql.ref('released'), '=', 0)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invoice_entries').execute();
  await db.schema.dropTable('invoice_lines').execute();
  await db.schema.dropTable('invoices').execute();
  await db.schema.dropTable('invoice_sequences').execute();
  for (const column of [
    'buyer_reference',
    'currency',
    'payment_terms_days',
    'exemption_reason',
    'tax_treatment',
    'language',
    'vat_id',
    'country_code',
    'city',
    'postal_code',
    'address_lines',
  ]) {
    await db.schema.alterTable('clients').dropColumn(column).execute();
  }
}
