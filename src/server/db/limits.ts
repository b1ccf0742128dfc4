// LIMITs that keep a reused SQLite statement compiled. SQLite plans a `LIMIT ?` with the value bound to it, and so
// marks the statement to be compiled again whenever that parameter is bound anew (sqlite3ExprIsInteger sets the
// statement's expiry mask) — and better-sqlite3 binds every parameter on every run. A list page's statement was
// therefore compiled again on every run (docs/performance.md, "A bound LIMIT re-compiled the statement on every
// run"). Constants go into the SQL text; per-run values become an expression SQLite does not plan with. PostgreSQL
// reads both forms alike. The lint rule in eslint.config.js keeps bare `.limit(…)` out of src/server.
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
