import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type Database } from './database.js';
import { cachedPrepare } from './statement-cache.js';

describe('cachedPrepare', () => {
  let connection: SQLite.Database;
  beforeEach(() => {
    connection = new SQLite(':memory:');
    connection.exec('create table t (n integer)');
    connection.prepare('insert into t values (?), (?), (?)').run(1, 2, 3);
  });
  afterEach(() => connection.close());

  it('hands out the same statement for the same SQL, and another for other SQL', () => {
    const prepare = cachedPrepare(connection, 4);
    const a = prepare('select n from t where n > ?');
    expect(prepare('select n from t where n > ?')).toBe(a);
    expect(prepare('select n from t where n < ?')).not.toBe(a);
    expect(a.all(1)).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('evicts the least recently used statement when full', () => {
    const prepare = cachedPrepare(connection, 2);
    const one = prepare('select 1');
    const two = prepare('select 2');
    expect(prepare('select 1')).toBe(one); // now "select 2" is the least recently used
    prepare('select 3');
    expect(prepare('select 1')).toBe(one);
    expect(prepare('select 2')).not.toBe(two);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const prepare = cachedPrepare(connection, 4);
    const outer = prepare('select n from t order by n');
    const seen: number[][] = [];
    for (const row of outer.iterate() as IterableIterator<{ n: number }>) {
      const inner = prepare('select n from t order by n');
      expect(inner).not.toBe(outer);
      seen.push((inner.all() as { n: number }[]).map((r) => r.n).concat(row.n));
    }
    expect(seen).toEqual([
      [1, 2, 3, 1],
      [1, 2, 3, 2],
      [1, 2, 3, 3],
    ]);
    expect(prepare('select n from t order by n')).toBe(outer); // done iterating: the cached one again
  });

  it('applies the set-up to each statement it prepares', () => {
    const prepare = cachedPrepare(connection, 4, (s) => s.raw(true));
    expect(prepare('select n from t order by n').all()).toEqual([[1], [2], [3]]);
  });
});

describe('the app connection with cached statements', () => {
  let dir: string;
  let database: Database;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-stmt-'));
    database = await openDatabase({ sqliteFile: path.join(dir, 'timetracker.sqlite') });
    await migrateToLatest(database.db);
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the same query with new parameters, writes and reads, and sees a column added later', async () => {
    const { db } = database;
    await sql`create table scratch (id integer primary key, label text)`.execute(db);
    const insert = (label: string) =>
      db
        .insertInto('scratch' as never)
        .values({ label } as never)
        .executeTakeFirstOrThrow();
    expect(Number((await insert('a')).insertId)).toBe(1);
    expect(Number((await insert('b')).insertId)).toBe(2);
    const select = () => sql<Record<string, unknown>>`select * from scratch order by id`.execute(db);
    expect((await select()).rows).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
    ]);
    // The cached "select *" must follow a schema change (SQLite re-prepares it).
    await sql`alter table scratch add column extra integer default 7`.execute(db);
    expect((await select()).rows).toEqual([
      { id: 1, label: 'a', extra: 7 },
      { id: 2, label: 'b', extra: 7 },
    ]);
  });

  it('rolls back a failed transaction and reuses its statements afterwards', async () => {
    const { db } = database;
    await sql`create table scratch (id integer primary key, label text not null unique)`.execute(db);
    const insert = (trx: typeof db, label: string) =>
      trx
        .insertInto('scratch' as never)
        .values({ label } as never)
        .execute();
    await expect(
      db.transaction().execute(async (trx) => {
        await insert(trx, 'x');
        await insert(trx, 'x');
      }),
    ).rejects.toThrow(/UNIQUE/);
    await db.transaction().execute(async (trx) => insert(trx, 'y'));
    expect((await sql<{ label: string }>`select label from scratch`.execute(db)).rows).toEqual([{ label: 'y' }]);
  });
});
