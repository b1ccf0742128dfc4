// Prepared statements of one SQLite connection, reused by SQL text. Kysely's SQLite driver prepares every
// statement anew, and preparing costs more than running the small statements a request is made of (about a
// fifth of a timer request's CPU). Least recently used statements are finalized by the garbage collector once
// evicted; queries with IN lists of varying length make many distinct texts, so the cache is bounded.
import type SQLite from 'better-sqlite3';

export type Prepare = (sql: string) => SQLite.Statement;

export function cachedPrepare(
  connection: SQLite.Database,
  capacity: number,
  setUp: (statement: SQLite.Statement) => SQLite.Statement = (s) => s,
): Prepare {
  const statements = new Map<string, SQLite.Statement>();
  return (sql) => {
    const cached = statements.get(sql);
    // A statement still being iterated (a streamed query) cannot run again until it is done: use a fresh one.
    if (cached && !cached.busy) {
      statements.delete(sql); // re-inserted below: Map order is recency order
      statements.set(sql, cached);
      return cached;
    }
    const statement = setUp(connection.prepare(sql));
    if (!cached) {
      if (statements.size >= capacity) statements.delete(statements.keys().next().value as string);
      statements.set(sql, statement);
    }
    return statement;
  };
}
