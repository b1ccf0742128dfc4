// On SQLite every statement runs on the one connection, and better-sqlite3 runs it synchronously; Kysely still
// passes each through its executor: the driver's connection lock, two async hops and result handling, a few
// microseconds and several promise turns per statement (a fifth of the timer's database time; docs/performance.md,
// "Reused statements run directly on SQLite"). A statement that is already compiled (db/reusable-query.ts) can run
// right away instead when nothing holds the connection or waits for it: being synchronous, nothing can run
// between it and its result, so it sees exactly what it would have seen after taking the lock. A transaction (its
// own Kysely object, never registered here) or a queue behind it keeps Kysely's way, in order.
import type { CompiledQuery, Kysely, Logger } from 'kysely';
import type { DB } from './schema.js';
import type { ConnectionUse } from './sqlite-connection-use.js';
import type { Prepare } from './statement-cache.js';

export interface DirectSqlite {
  /** The connection's statement cache (the same statements Kysely's driver gets). */
  prepare: Prepare;
  /** How busy the connection is (Kysely's statements and transactions). */
  use: ConnectionUse;
  /** Kysely's log hook, when one is set (the query metrics): it hears of these statements too. */
  log?: Logger;
}

const directConnections = new WeakMap<Kysely<DB>, DirectSqlite>();

/** Lets reused statements of `db` (the SQLite database itself, not a transaction) run directly. */
export function allowDirectStatements(db: Kysely<DB>, direct: DirectSqlite): void {
  directConnections.set(db, direct);
}

/** Runs `query` now and answers its rows, or undefined when it must go through Kysely (see the file comment). */
export function runDirectly<R>(db: Kysely<DB>, query: CompiledQuery<R>): R[] | undefined {
  const direct = directConnections.get(db);
  if (!direct || direct.use.inUse !== 0 || direct.use.waiting !== 0) return undefined;
  const started = direct.log ? performance.now() : 0;
  try {
    const statement = direct.prepare(query.sql);
    const rows = statement.reader ? (statement.all(query.parameters) as R[]) : (statement.run(query.parameters), []);
    void direct.log?.({ level: 'query', query, queryDurationMillis: performance.now() - started });
    return rows;
  } catch (error) {
    void direct.log?.({ level: 'error', error, query, queryDurationMillis: performance.now() - started });
    throw error;
  }
}
