// Reused statements run directly on SQLite's one connection only when nothing holds it or waits for it
// (sqlite-direct.ts): never inside another caller's open transaction, never ahead of a queue.
import { sql, type Kysely, type LogEvent } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from './database.js';
import { reusableQuery } from './reusable-query.js';
import type { DB } from './schema.js';

let dir: string;
let database: Database;
let events: LogEvent[];
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-direct-'));
  events = [];
  database = await openDatabase({ sqliteFile: path.join(dir, 'timetracker.sqlite'), log: (event) => void events.push(event) });
  await migrateToLatest(database.db);
  await sql`create table probe (n integer)`.execute(database.db);
  await sql`insert into probe values (1)`.execute(database.db);
});
afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const probeValues = reusableQuery((db: Kysely<DB>, min: number) =>
  (db as unknown as Kysely<{ probe: { n: number } }>).selectFrom('probe').select('n').where('n', '>=', min).orderBy('n'),
);
const values = async (db: Kysely<DB>) => (await probeValues.execute(db, 0)).map((r) => r.n);

it('answers a reused statement at once on an idle connection, and the query log still hears of it', async () => {
  events.length = 0;
  const pending = probeValues.execute(database.db, 0);
  // Ran before any promise turn: the log heard of it synchronously.
  expect(events.map((e) => e.level)).toEqual(['query']);
  expect((await pending).map((r) => r.n)).toEqual([1]);
  expect(events[0]?.query.sql).toMatch(/from "probe"/);
});

it('never runs inside a transaction another caller holds open, nor sees its uncommitted rows', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
  const transaction = database.db
    .transaction()
    .execute(async (trx) => {
      await sql`insert into probe values (2)`.execute(trx);
      inserted();
      await held;
      throw new Error('roll back');
    })
    .catch(() => 'rolled back');
  await insertedNow;
  // The transaction holds the one connection with an uncommitted row: the read waits for it.
  let read: number[] | undefined;
  const reading = values(database.db).then((rows) => (read = rows));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(read).toBeUndefined();
  release();
  expect(await transaction).toBe('rolled back');
  await reading;
  expect(read).toEqual([1]);
});

it('keeps the order of statements queued behind a transaction', async () => {
  const order: string[] = [];
  const transaction = database.db.transaction().execute(async (trx) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await sql`insert into probe values (3)`.execute(trx);
    order.push('transaction');
  });
  // Queued behind the transaction (Kysely's way), then a reused read queued behind that one.
  const queued = sql`insert into probe values (4)`.execute(database.db).then(() => order.push('queued insert'));
  const read = values(database.db).then((rows) => {
    order.push('read');
    return rows;
  });
  await Promise.all([transaction, queued]);
  expect(await read).toEqual([1, 3, 4]);
  expect(order).toEqual(['transaction', 'queued insert', 'read']);
});

it('answers the rows Kysely answers, and a failing statement fails the same way', async () => {
  await sql`insert into probe values (5), (6)`.execute(database.db);
  const viaKysely = await (database.db as unknown as Kysely<{ probe: { n: number } }>)
    .selectFrom('probe')
    .select('n')
    .where('n', '>=', 0)
    .orderBy('n')
    .execute();
  expect(await probeValues.execute(database.db, 0)).toEqual(viaKysely);
  await sql`drop table probe`.execute(database.db);
  events.length = 0;
  await expect(probeValues.execute(database.db, 0)).rejects.toThrow(/no such table: probe/);
  expect(events.map((e) => e.level)).toEqual(['error']);
});

it("runs a transaction's reused statements at once on its connection, seeing its own uncommitted rows", async () => {
  let kept!: Kysely<DB>;
  const outcome = await database.db
    .transaction()
    .execute(async (trx) => {
      kept = trx;
      await sql`insert into probe values (7)`.execute(trx);
      events.length = 0;
      const pending = values(trx);
      // Ran before any promise turn, inside the transaction.
      expect(events.map((e) => e.level)).toEqual(['query']);
      expect(await pending).toEqual([1, 7]);
      throw new Error('roll back');
    })
    .catch((error: Error) => error.message);
  expect(outcome).toBe('roll back');
  expect(await values(database.db)).toEqual([1]);
  // After its callback the transaction is Kysely's again, which refuses it.
  await expect(values(kept)).rejects.toThrow(/rolled back/);
});

it('keeps a transaction whole while other callers read directly between its statements', async () => {
  const reads: number[][] = [];
  await database.db.transaction().execute(async (trx) => {
    await sql`insert into probe values (8)`.execute(trx);
    // Another caller's read waits for the transaction: it never runs on the connection the transaction holds.
    void values(database.db).then((rows) => reads.push(rows));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reads).toEqual([]);
    expect(await values(trx)).toEqual([1, 8]);
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(reads).toEqual([[1, 8]]);
});
