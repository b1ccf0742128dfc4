// LIMITs that keep a reused SQLite statement prepared. SQLite plans with the value bound to a LIMIT, and so marks
// the statement to be compiled again whenever that parameter is bound anew (sqlite3ExprIsInteger sets the
// statement's expiry mask) — and better-sqlite3 binds every parameter on every run. A `limit ?` therefore
// re-compiled the statement on every run: a tenth of a list page's CPU on SQLite, and part of every timer start
// and stop through the overlap read's longest-entry subquery (docs/performance.md, "A bound LIMIT re-compiles").
// PostgreSQL reads both forms alike.
import { sql, type RawBuilder } from 'kysely';

/** A LIMIT that is the same for every run: written into the SQL text. */
export function fixedLimit(rows: number): RawBuilder<number> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`fixedLimit: ${rows} is not a row count`);
  return sql.lit(rows);
}

/** A LIMIT bound per run, as an expression SQLite does not plan with (`? + 0`), so the statement is reused as compiled. */
export function boundLimit(rows: number): RawBuilder<number> {
  return sql<number>`${rows} + 0`;
}
