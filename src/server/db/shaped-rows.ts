// better-sqlite3 builds each row object in C++ one property at a time, which costs about as much as SQLite's own
// work: half of reading the 100 entries of a list page (16 columns each). Reading rows as arrays and making the
// objects with one object literal per statement (a function compiled from the column names) gives the very same
// objects — keys, order, values — for half the cost, so every SQLite read of the app goes through this.
//
// A schema change can change what a prepared `select *` answers (SQLite re-prepares it by itself), and asking a
// statement for its columns on every run would cost a third of the gain; instead every DDL statement that passes
// through `prepare` starts a new schema generation, and a statement reshapes on its first run in a new one.
import type SQLite from 'better-sqlite3';
import type { Prepare } from './statement-cache.js';

type Row = Record<string, unknown>;
type Shape = (values: unknown[]) => Row;

/** A function turning a row's values into the object better-sqlite3 would have made, or undefined if it cannot. */
export function shapeOf(columns: string[]): Shape | undefined {
  // `__proto__` in an object literal sets the prototype instead of a key; such rows keep the library's way.
  if (columns.includes('__proto__')) return undefined;
  // A repeated name keeps its first position and its last value, as the library's property-by-property rows do.
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as Shape;
}

const DDL = /^\s*(create|alter|drop)\b/i;

export interface RowShaping {
  /** For cachedPrepare's setUp: makes a new statement read raw rows and shape them in JS. */
  setUp(statement: SQLite.Statement): SQLite.Statement;
  /** Wraps the connection's `prepare` so that schema changes made through it reshape the statements. */
  watch(prepare: Prepare): Prepare;
}

export function rowShaping(): RowShaping {
  let generation = 0;
  return {
    setUp: (statement) => shapedRows(statement, () => generation),
    watch: (prepare) => (sql) => {
      const statement = prepare(sql);
      if (!statement.reader && DDL.test(sql)) generation++;
      return statement;
    },
  };
}

/**
 * Makes `statement` read raw rows and shape them in JS; statements that do not read are left as they are.
 * `generation` names the current schema (see the file comment); without it the schema is taken as fixed.
 */
export function shapedRows(statement: SQLite.Statement, generation: () => number = () => 0): SQLite.Statement {
  if (!statement.reader) return statement;
  const columns = () => statement.columns().map((column) => column.name);
  let shape = shapeOf(columns());
  if (!shape) return statement;
  let shapedIn = generation();
  const current = (): Shape => {
    if (shapedIn !== generation()) {
      shapedIn = generation();
      // A `__proto__` column now: Object.fromEntries makes it a key (slower, but the same row).
      const names = columns();
      shape = shapeOf(names) ?? ((values) => Object.fromEntries(names.map((name, i) => [name, values[i]])) as Row);
    }
    return shape as Shape;
  };
  statement.raw(true);
  const raw = {
    all: statement.all.bind(statement),
    get: statement.get.bind(statement),
    iterate: statement.iterate.bind(statement),
  };
  const shaped = statement as unknown as {
    all: (...params: unknown[]) => Row[];
    get: (...params: unknown[]) => Row | undefined;
    iterate: (...params: unknown[]) => IterableIterator<Row>;
  };
  shaped.all = (...params) => {
    const rows = raw.all(...params) as unknown[][];
    const make = current();
    const out = rows as unknown as Row[];
    for (let i = 0; i < rows.length; i++) out[i] = make(rows[i] as unknown[]);
    return out;
  };
  shaped.get = (...params) => {
    const values = raw.get(...params) as unknown[] | undefined;
    return values === undefined ? undefined : current()(values);
  };
  shaped.iterate = function* (...params) {
    const make = current();
    for (const values of raw.iterate(...params) as IterableIterator<unknown[]>) yield make(values);
  };
  return statement;
}
