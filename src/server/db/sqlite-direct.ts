// On SQLite every statement runs on the one connection, and better-sqlite3 runs it synchronously; Kysely still
// passes each through its executor: the driver's connection lock, several async hops and result handling, for
// every statement (docs/performance.md, "Reused statements run directly on SQLite"). A statement that is already
// compiled (db/reusable-query.ts) can run right away instead, on the connection Kysely would have used:
// - outside a transaction, when nothing holds the connection or waits for it: being synchronous, nothing runs
//   between the statement and its result, so it sees exactly what it would have seen after taking the lock;
// - inside a transaction of this database, while its callback runs: the transaction holds the connection, and its
//   statements are awaited one after another (statements of one transaction started together, without awaiting,
//   would no longer keep their order — none of ours do, and they could not rely on it anyway).
// Anything else — a Kysely with plugins or a log spy (tests), a transaction after its callback, a queue behind
// another caller's transaction — keeps Kysely's way.
import { Kysely, type CompiledQuery, type KyselyConfig, type Logger, type Transaction, type TransactionBuilder } from 'kysely';
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

/** The SQLite database itself. */
const databases = new WeakMap<Kysely<DB>, DirectSqlite>();
/** Its transactions, while their callbacks run. */
const transactions = new WeakMap<Kysely<DB>, { direct: DirectSqlite; open: boolean }>();

/** A Kysely over SQLite whose reused statements run directly (see the file comment), in and out of transactions. */
export class DirectSqliteKysely extends Kysely<DB> {
  readonly #direct: DirectSqlite;

  constructor(config: KyselyConfig, direct: DirectSqlite) {
    super(config);
    this.#direct = direct;
    databases.set(this, direct);
  }

  override transaction(): TransactionBuilder<DB> {
    return withDirectTransactions(super.transaction(), this.#direct);
  }
}

/** The builder, with the transaction it opens registered while its callback runs (also after setIsolationLevel …). */
function withDirectTransactions(builder: TransactionBuilder<DB>, direct: DirectSqlite): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, key) {
      if (key === 'execute') {
        return <T>(callback: (trx: Transaction<DB>) => Promise<T>) =>
          target.execute(async (trx) => {
            const registration = { direct, open: true };
            transactions.set(trx, registration);
            try {
              return await callback(trx);
            } finally {
              registration.open = false;
            }
          });
      }
      if (key === 'setAccessMode' || key === 'setIsolationLevel') {
        return (value: never) => withDirectTransactions(target[key](value), direct);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Runs `query` now and answers its rows, or undefined when it must go through Kysely (see the file comment). */
export function runDirectly<R>(db: Kysely<DB>, query: CompiledQuery<R>): R[] | undefined {
  let direct: DirectSqlite | undefined;
  const transaction = transactions.get(db);
  if (transaction) {
    if (transaction.open) direct = transaction.direct;
  } else {
    direct = databases.get(db);
    if (direct && (direct.use.inUse !== 0 || direct.use.waiting !== 0)) direct = undefined;
  }
  return direct && run(direct, query);
}

function run<R>(direct: DirectSqlite, query: CompiledQuery<R>): R[] {
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
