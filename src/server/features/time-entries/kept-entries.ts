// Deleted entries (`deleted_at` set, migration 010) wait in the table until the purge job removes them, and must
// appear nowhere: not in lists, reports, exports, the timer, overlap checks, imports or analytics. Every read of
// `time_entries` starts from `keptEntries` and every update of kept entries adds `notDeleted`; only the restore
// and purge queries (deleted-entries.queries.ts) see marked rows. kept-entries.test.ts enforces it.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** `time_entries` without deleted entries. The condition also lets both databases use the partial indexes. */
export function keptEntries(db: Kysely<DB>) {
  return db.selectFrom('time_entries').where('time_entries.deleted_at', 'is', null);
}

/** The same condition for updates: `db.updateTable('time_entries').where(notDeleted)…`. */
export function notDeleted(eb: ExpressionBuilder<DB, 'time_entries'>) {
  return eb('time_entries.deleted_at', 'is', null);
}
