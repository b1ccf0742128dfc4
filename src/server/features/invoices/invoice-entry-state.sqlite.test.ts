// `released = 0` stays in the SQL text of the statements that can use the partial index invoice_entries_one_invoice
// (invoice-entry-state.ts): bound, SQLite would plan each run of them again.
import type { LogEvent } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../../db/database.js';
import { entryFilterCondition } from '../time-entries/entry-filters.js';
import { invoicedEntries } from './invoices.queries.js';

let dir: string;
let database: Database;
let events: LogEvent[];
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-released-'));
  events = [];
  database = await openDatabase({ sqliteFile: path.join(dir, 'timetracker.sqlite'), log: (event) => void events.push(event) });
  await migrateToLatest(database.db);
});
afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('writes released = 0 into the invoice numbers read of each list page, binding only the ids and statuses', async () => {
  events.length = 0;
  await invoicedEntries(database.db, [3, 1, 2]);
  const query = events.find((e) => /from "invoice_entries"/.test(e.query.sql))?.query;
  expect(query?.sql).toMatch(/"ie"\."released" = 0/);
  expect(query?.parameters).toEqual([3, 1, 2, 2, 'issued', 'paid']);
});

it('writes released = 0 into the "invoiced" filter of entry lists', () => {
  const compiled = database.db
    .selectFrom('time_entries')
    .select('id')
    .where((eb) => entryFilterCondition(eb, { invoiced: true }, 7))
    .compile();
  expect(compiled.sql).toMatch(/"invoice_entries"\."released" = 0/);
  expect(compiled.parameters).not.toContain(0);
});
