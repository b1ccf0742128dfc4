// A query of the hot paths built and compiled once per SQL dialect, then run with each call's values. Kysely
// builds an immutable node tree and compiles it to SQL on every call, which costs about as much as running the
// small statements a request is made of; these queries skip both. (SQLite then finds its prepared statement by
// the same text, statement-cache.ts, and runs it directly when its one connection is free, sqlite-direct.ts.)
//
// The query is built once with stand-ins for its parameters; each stand-in lands in the compiled parameter list,
// and a call puts its own value where its stand-in is. So a builder must hand its parameters to Kysely as values
// and nothing else: no branching on them, no arithmetic, no arrays of varying length (the shape would change).
// Queries made through a Kysely with plugins (tests that spy on the statements) are built the ordinary way, so the
// plugins see them.
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import { runDirectly } from './sqlite-direct.js';

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

/** The compiled form of `build` for this database's dialect, made on first use with `stand` as parameters. */
function templateFor<R>(cache: Map<unknown, CompiledQuery<R>>, db: Kysely<DB>, build: () => Compilable<R>): CompiledQuery<R> {
  const dialect = db.getExecutor().adapter.constructor;
  let template = cache.get(dialect);
  if (!template) {
    template = build().compile();
    cache.set(dialect, template);
  }
  return template;
}

/** The template's statement with each stand-in replaced by the call's value. */
function fill<R>(template: CompiledQuery<R>, values: readonly unknown[]): CompiledQuery<R> {
  const parameters = template.parameters.map((value) => (value instanceof Param ? values[value.index] : value));
  return { query: template.query, queryId: createQueryId(), sql: template.sql, parameters };
}

const hasPlugins = (db: Kysely<DB>) => db.getExecutor().plugins.length > 0;

/**
 * `build` receives the database and the call's parameters (declared one by one: no defaults, no rest); see the
 * file comment for what it may do with them.
 */
export function reusableQuery<A extends unknown[], R>(build: (db: Kysely<DB>, ...args: A) => Compilable<R>): ReusableQuery<A, R> {
  // One compiled form per dialect: the adapter's class tells them apart (transactions share their database's).
  const compiledByDialect = new Map<unknown, CompiledQuery<R>>();
  const stand = Array.from({ length: build.length - 1 }, (_, i) => new Param(i)) as unknown as A;
  const compile = (db: Kysely<DB>, args: A): CompiledQuery<R> =>
    hasPlugins(db)
      ? build(db, ...args).compile()
      : fill(
          templateFor(compiledByDialect, db, () => build(db, ...stand)),
          args,
        );

  const execute = async (db: Kysely<DB>, ...args: A): Promise<R[]> => {
    const query = compile(db, args);
    return runDirectly(db, query) ?? (await db.executeQuery(query)).rows;
  };
  return {
    execute,
    takeFirst: async (db, ...args) => (await execute(db, ...args))[0],
    compile: (db, ...args) => compile(db, args),
  };
}

/** Lists padded to these lengths share a statement; longer ones are run in parts of the largest. */
const LIST_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;
const LARGEST_LIST = LIST_SIZES[LIST_SIZES.length - 1] as number;

/**
 * A query over a list of ids (`where id in (…)`), reused like `reusableQuery`: the list is padded to the next of a
 * few lengths by repeating its last id, which changes no answer of an IN list, so every list shares one of ten
 * statements instead of one per length. `build` must use `ids` only as the IN list. Answers the rows of all parts.
 */
export function reusableListQuery<R>(build: (db: Kysely<DB>, ids: readonly number[]) => Compilable<R>) {
  const bySize = new Map<number, Map<unknown, CompiledQuery<R>>>(LIST_SIZES.map((n) => [n, new Map()]));
  const stands = new Map<number, Param[]>(LIST_SIZES.map((n) => [n, Array.from({ length: n }, (_, i) => new Param(i))]));

  const runPart = async (db: Kysely<DB>, ids: readonly number[]): Promise<R[]> => {
    if (hasPlugins(db)) return (await db.executeQuery(build(db, ids).compile())).rows;
    const size = LIST_SIZES.find((n) => n >= ids.length) as number;
    const padded = ids.length === size ? ids : [...ids, ...Array<number>(size - ids.length).fill(ids[ids.length - 1] as number)];
    const template = templateFor(bySize.get(size)!, db, () => build(db, stands.get(size) as unknown as number[]));
    const query = fill(template, padded);
    return runDirectly(db, query) ?? (await db.executeQuery(query)).rows;
  };

  return {
    async execute(db: Kysely<DB>, ids: readonly number[]): Promise<R[]> {
      if (ids.length === 0) return [];
      if (ids.length <= LARGEST_LIST) return runPart(db, ids);
      const rows: R[] = [];
      for (let i = 0; i < ids.length; i += LARGEST_LIST) rows.push(...(await runPart(db, ids.slice(i, i + LARGEST_LIST))));
      return rows;
    },
  };
}
