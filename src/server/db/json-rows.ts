// Wide pages read as JSON on SQLite. On Node 20, better-sqlite3 hands each value of a row to V8 through one API
// call (an element set on an array, ~0.16 µs on this machine's profile): a page of 100 entries with 16 columns
// cost a quarter of the list's CPU before any JSON was written. SQLite can write the row as one JSON array
// instead (json_array), which V8's JSON.parse turns into the same values several times faster.
//
// Only for columns of integers, reals, text and nulls (SQLite takes a blob for JSONB). The values come back as the
// columns give them: integers beyond 2^53 round to the same double either way, reals are written with all their
// digits, text (NUL, quotes, control characters, any code point) is escaped and read back exactly
// (json-rows.sqlite.test.ts), and the objects get the shape shaped-rows.ts gives every SQLite row.
// PostgreSQL reads the columns themselves: its driver parses the text protocol, where JSON would add work.
import { sql, type AliasedRawBuilder, type Expression } from 'kysely';
import { shapeOf } from './shaped-rows.js';

/** The select expression of one row's `columns` as a JSON array, named `json`. */
export function jsonArrayOf(columns: readonly Expression<unknown>[]): AliasedRawBuilder<string, 'json'> {
  return sql<string>`json_array(${sql.join(columns)})`.as('json');
}

/** Turns the `json` of each row into the object with `names` (in the order of jsonArrayOf's columns). */
export function jsonRowReader<R>(names: readonly string[]): (rows: readonly { json: string }[]) => R[] {
  const shape = shapeOf([...names]);
  if (!shape) throw new Error('jsonRowReader: a column named __proto__');
  return (rows) => {
    const out: R[] = [];
    for (const row of rows) out.push(shape(JSON.parse(row.json) as unknown[]) as R);
    return out;
  };
}
