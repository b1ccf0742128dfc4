// A query of the hot paths built and compiled once per SQL dialect, then run with each call's values. Kysely
// builds an immutable node tree and compiles it to SQL on every call, which costs about as much as running the
// small statements a request is made of; these queries skip both. (SQLite then finds its prepared statement by
// the same text, statement-cache.ts.)
//
// The query is built once with stand-ins for its parameters; each stand-in lands in the compiled parameter list,
// and a call puts its own value where its stand-in is. So a builder must hand its parameters to Kysely as values
// and nothing else: no branching on them, no arithmetic, no arrays of varying length (the shape would change).
// Queries made through a Kysely with plugins (tests that spy on the statements) are built the ordinary way, so the
// plugins see them.
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/** Stands in for parameter `index` while the query is compiled. */
class Param {
  constructor(readonly index: number) {}
}

export interface ReusableQuery<A extends unknown[], R> {
  /** All rows. */
  execute(db: Kysely<DB>, ...args: A): Promise<R[]>;
  /** The first row, or undefined. */
  takeFirst(db: Kysely<DB>, ...args: A): Promise<R | undefined>;
  /** The statement a call with these values runs (for tests: EXPLAIN, the text). */
  compile(db: Kysely<DB>, ...args: A): CompiledQuery<R>;
}

/**
 * `build` receives the database and the call's parameters (declared one by one: no defaults, no rest); see the
 * file comment for what it may do with them.
 */
export function reusableQuery<A extends unknown[], R>(build: (db: Kysely<DB>, ...args: A) => Compilable<R>): ReusableQuery<A, R> {
  // One compiled form per dialect: the adapter's class tells them apart (transactions share their database's).
  const compiledByDialect = new Map<unknown, CompiledQuery<R>>();
  const stand = Array.from({ length: build.length - 1 }, (_, i) => new Param(i)) as unknown as A;

  const compile = (db: Kysely<DB>, args: A): CompiledQuery<R> => {
    const executor = db.getExecutor();
    if (executor.plugins.length > 0) return build(db, ...args).compile();
    const dialect = executor.adapter.constructor;
    let template = compiledByDialect.get(dialect);
    if (!template) {
      template = build(db, ...stand).compile();
      compiledByDialect.set(dialect, template);
    }
    const parameters = template.parameters.map((value) => (value instanceof Param ? args[value.index] : value));
    return { query: template.query, queryId: createQueryId(), sql: template.sql, parameters };
  };

  const execute = async (db: Kysely<DB>, ...args: A): Promise<R[]> => (await db.executeQuery(compile(db, args))).rows;
  return {
    execute,
    takeFirst: async (db, ...args) => (await execute(db, ...args))[0],
    compile: (db, ...args) => compile(db, args),
  };
}
