// Rows read as JSON arrays must be the rows the columns give: same values, same keys, same order, whatever text
// a user typed and whatever integer or real a column holds.
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonArrayOf, jsonRowReader } from './json-rows.js';

interface T {
  t: { id: Generated<number>; note: string | null; amount: number | null; ratio: number | null };
}
const NAMES = ['id', 'note', 'amount', 'ratio'] as const;

describe('JSON rows', () => {
  let connection: SQLite.Database;
  let db: Kysely<T>;
  beforeEach(() => {
    connection = new SQLite(':memory:');
    connection.exec('create table t (id integer primary key, note text, amount integer, ratio real)');
    db = new Kysely<T>({ dialect: new SqliteDialect({ database: connection }) });
  });
  afterEach(async () => {
    await db.destroy();
  });

  const plainRows = () =>
    db
      .selectFrom('t')
      .select([...NAMES])
      .orderBy('id')
      .execute();
  const jsonRows = async () =>
    jsonRowReader<{ id: number; note: string | null; amount: number | null; ratio: number | null }>(NAMES)(
      await db
        .selectFrom('t')
        .select((eb) => jsonArrayOf(NAMES.map((name) => eb.ref(name))))
        .orderBy('id')
        .execute(),
    );

  it('reads back any text, integer and real exactly as the columns give them', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('\u0000', '"\\/', '\u2028', '\ud800'),
    );
    const integer = fc.oneof(fc.maxSafeInteger(), fc.integer(), fc.constantFrom(2 ** 53 + 2, -(2 ** 62)));
    const real = fc.double({ noNaN: true, noDefaultInfinity: true });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.option(text), fc.option(integer), fc.option(real)), { minLength: 1, maxLength: 20 }),
        async (rows) => {
          await sql`delete from t`.execute(db);
          await db
            .insertInto('t')
            .values(rows.map(([note, amount, ratio]) => ({ note, amount, ratio })))
            .execute();
          const plain = await plainRows();
          const read = await jsonRows();
          expect(read).toEqual(plain);
          // Object.is tells -0 from 0, which toEqual does not; keys in the same order.
          read.forEach((row, i) => {
            expect(Object.keys(row)).toEqual(Object.keys(plain[i]!));
            for (const name of NAMES) expect(Object.is(row[name], plain[i]![name])).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers no rows for an empty table, and refuses a __proto__ column it could not shape', async () => {
    expect(await jsonRows()).toEqual([]);
    expect(() => jsonRowReader(['id', '__proto__'])).toThrow(/__proto__/);
  });
});
