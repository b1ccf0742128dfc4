// Migration 013 on both databases: clients keep their rows through down and up and get the billing defaults; the
// invoice tables come back, and the partial unique index lets an entry be on one live invoice only (released rows of
// void invoices do not count).
import { describe, expect, it } from 'vitest';
import { latestDatabasePerTest } from './migration.test-helpers.js';
import * as m013 from './013_invoices.js';

describe('migration 013_invoices', () => {
  const latestDatabase = latestDatabasePerTest();

  it('down and up keep clients, with the billing defaults, and one live invoice per entry', async () => {
    const db = await latestDatabase();
    await m013.down(db);
    await db.insertInto('clients').values({ name: 'c', name_lower: 'c', created_at: 1, updated_at: 1 }).execute();
    await expect(db.selectFrom('invoices').select('id').execute()).rejects.toThrow();

    await m013.up(db);
    expect(
      await db.selectFrom('clients').select(['name', 'address_lines', 'tax_treatment', 'currency']).executeTakeFirst(),
    ).toEqual({
      name: 'c',
      address_lines: '[]',
      tax_treatment: 'standard',
      currency: null,
    });
    const user = await db
      .insertInto('users')
      .values({ username: 'u', username_lower: 'u', signup_method: 'admin', created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const project = await db
      .insertInto('projects')
      .values({ name: 'p', name_lower: 'p', created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = await db
      .insertInto('time_entries')
      .values({
        user_id: user.id,
        project_id: project.id,
        start_time: 0,
        end_time: 60,
        duration_seconds: 60,
        billable: 1,
        source: 'manual',
        created_at: 1,
        updated_at: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = await db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    const invoice = () =>
      db
        .insertInto('invoices')
        .values({
          client_id: client.id,
          currency: 'EUR',
          language: 'en',
          tax_treatment: 'standard',
          group_by: 'project',
          period_from: '2026-01-01',
          period_to: '2026-01-31',
          net_cents: 0,
          tax_cents: 0,
          gross_cents: 0,
          created_by: user.id,
          created_at: 1,
          updated_at: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const [first, second] = [await invoice(), await invoice()];
    await db.insertInto('invoice_entries').values({ invoice_id: first.id, entry_id: entry.id }).execute();
    await expect(
      db.insertInto('invoice_entries').values({ invoice_id: second.id, entry_id: entry.id }).execute(),
    ).rejects.toThrow();
    await db.updateTable('invoice_entries').set({ released: 1 }).where('invoice_id', '=', first.id).execute();
    await db.insertInto('invoice_entries').values({ invoice_id: second.id, entry_id: entry.id }).execute();
    expect(await db.selectFrom('invoice_entries').select(['invoice_id', 'released']).orderBy('invoice_id').execute()).toEqual([
      { invoice_id: first.id, released: 1 },
      { invoice_id: second.id, released: 0 },
    ]);
  });
});
