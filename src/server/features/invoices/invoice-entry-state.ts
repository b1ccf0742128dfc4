// `invoice_entries.released = 0` written into the SQL text, never bound. The partial unique index
// invoice_entries_one_invoice is declared `where released = 0`; SQLite can use it for a query only when the query's
// condition implies that one, and a bound `released = ?` implies it only for the value bound at the time — so SQLite
// marks such a statement to be planned again whenever the value is bound, that is on every run (2.5× the cost of
// the invoice numbers read on each list page; docs/performance.md, "Constants a partial index names").
import { sql } from 'kysely';
import type { Flag } from '../../db/schema.js';

export const NOT_RELEASED = sql.lit<Flag>(0);
