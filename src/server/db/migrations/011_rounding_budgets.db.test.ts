// Migration 011 on both databases: existing users and projects get the defaults (minimum to keep 60 s, no report
// rounding, total budgets without money), down removes the columns and the budget index, and up runs again.
import { describe, expect, it } from 'vitest';
import { latestDatabasePerTest } from './migration.test-helpers.js';
import * as m011 from './011_rounding_budgets.js';

describe('migration 011_rounding_budgets', () => {
  const latestDatabase = latestDatabasePerTest();

  it('down, rows added meanwhile, and up again with the defaults', async () => {
    const db = await latestDatabase();
    await m011.down(db);
    await db
      .insertInto('users')
      .values({ username: 'u', username_lower: 'u', signup_method: 'admin', created_at: 1, updated_at: 1 })
      .execute();
    await db.insertInto('projects').values({ name: 'p', name_lower: 'p', created_at: 1, updated_at: 1 }).execute();
    await expect(db.selectFrom('users').select('min_timer_seconds').execute()).rejects.toThrow();

    await m011.up(db);
    expect(
      await db
        .selectFrom('users')
        .select(['min_timer_seconds', 'report_rounding', 'report_rounding_minutes', 'report_rounding_method'])
        .executeTakeFirst(),
    ).toEqual({ min_timer_seconds: 60, report_rounding: 'none', report_rounding_minutes: 15, report_rounding_method: 'nearest' });
    expect(await db.selectFrom('projects').select(['budget_amount_cents', 'budget_period']).executeTakeFirst()).toEqual({
      budget_amount_cents: null,
      budget_period: 'total',
    });
  });
});
