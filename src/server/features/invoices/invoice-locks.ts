// Entries billed on an issued or paid invoice are frozen: every path that changes entries (edit, delete, bulk
// actions, the timesheet) asks here first and answers 409 `entry_invoiced` with the invoice's number. Voiding the
// invoice (or issuing a credit note for it) frees them again.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';
import { invoicedEntries } from './invoices.queries.js';

export const entryInvoiced = (entryId: number, invoiceNumber: string, entryIds: readonly number[] = [entryId]) =>
  conflict('entry_invoiced', `Entry ${entryId} is billed on invoice ${invoiceNumber}; void the invoice to change it.`, {
    invoice_number: invoiceNumber,
    entry_ids: [...entryIds],
  });

export async function assertNotInvoiced(db: Kysely<DB>, entryIds: readonly number[]): Promise<void> {
  if (entryIds.length === 0) return;
  const billed = await invoicedEntries(db, entryIds);
  const first = billed.entries().next();
  if (!first.done) throw entryInvoiced(first.value[0], first.value[1], [...billed.keys()]);
}
