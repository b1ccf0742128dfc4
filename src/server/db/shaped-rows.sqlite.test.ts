import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowShaping, shapedRows } from './shaped-rows.js';

describe('shapedRows', () => {
  let connection: SQLite.Database;
  beforeEach(() => {
    connection = new SQLite(':memory:');
    connection.exec('create table t (id integer primary key, name text, note text, data blob, ratio real)');
    connection
      .prepare('insert into t (name, note, data, ratio) values (?, ?, ?, ?), (?, ?, ?, ?)')
      .run('a', null, Buffer.from([1, 2]), 0.5, 'b', 'x', null, null);
  });
  afterEach(() => connection.close());

  const queries = [
    'select * from t order by id',
    'select name, id, note from t order by id desc',
    // a repeated name: first position, last value, as the library's rows have it
    'select id as k, name, name as k from t order by id',
    'select count(*) as n from t',
    'select id from t where id > 99',
    "select 1 as __proto__, 'a' as name",
  ];

  it.each(queries)('reads exactly the rows the library makes: %s', (text) => {
    const plain = connection.prepare(text);
    const shaped = shapedRows(connection.prepare(text));
    const expected = plain.all();
    const rows = shaped.all() as object[];
    expect(rows).toEqual(expected);
    expect(rows.map((r) => Object.keys(r))).toEqual(expected.map((r) => Object.keys(r as object)));
    expect(JSON.stringify(rows)).toBe(JSON.stringify(expected));
    expect(rows.every((r) => Object.getPrototypeOf(r) === Object.prototype)).toBe(true);
    expect(shaped.get()).toEqual(plain.get());
    expect([...shaped.iterate()]).toEqual([...plain.iterate()]);
  });

  it('reads raw rows underneath, and shapes them with the statement’s parameters', () => {
    const statement = shapedRows(connection.prepare('select id, name from t where id = ?'));
    expect(statement.all(2)).toEqual([{ id: 2, name: 'b' }]);
    expect(statement.get(1)).toEqual({ id: 1, name: 'a' });
    // the library's own rows are arrays now: the objects above are made in JS
    expect(Object.getPrototypeOf(statement).all.call(statement, 2)).toEqual([[2, 'b']]);
  });

  it('leaves statements that do not read as they are', () => {
    const insert = shapedRows(connection.prepare("insert into t (name) values ('c')"));
    expect(insert.run().changes).toBe(1);
    const returning = shapedRows(connection.prepare("insert into t (name) values ('d') returning id, name"));
    expect(returning.all()).toEqual([{ id: 4, name: 'd' }]);
  });

  it('stops the underlying read when an iteration is left early', () => {
    const statement = shapedRows(connection.prepare('select id from t order by id'));
    for (const row of statement.iterate()) {
      expect(row).toEqual({ id: 1 });
      break;
    }
    expect(statement.busy).toBe(false);
    expect(statement.all()).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe('rowShaping', () => {
  it('follows a schema change made through the watched prepare, even of a cached statement', () => {
    const connection = new SQLite(':memory:');
    const shaping = rowShaping();
    const cache = new Map<string, SQLite.Statement>();
    const prepare = shaping.watch((text) => {
      let statement = cache.get(text);
      if (!statement) cache.set(text, (statement = shaping.setUp(connection.prepare(text))));
      return statement;
    });
    prepare('create table t (a integer, b text)').run();
    prepare("insert into t values (1, 'x')").run();
    expect(prepare('select * from t').all()).toEqual([{ a: 1, b: 'x' }]);
    prepare('alter table t rename column b to c').run();
    expect(prepare('select * from t').all()).toEqual([{ a: 1, c: 'x' }]);
    prepare('alter table t add column __proto__ integer default 5').run();
    const [row] = prepare('select * from t').all() as Record<string, unknown>[];
    expect(Object.keys(row!)).toEqual(['a', 'c', '__proto__']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    connection.close();
  });
});
