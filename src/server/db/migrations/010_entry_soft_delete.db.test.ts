// Migration 010 on both databases: up keeps every entry kept; a deleted running timer no longer blocks a new
// one; down removes the deleted entries for good (they must not come back to life) and the old indexes return.
import { describe, expect, it } from 'vitest';
import { latestDatabasePerTest } from './migration.test-helpers.js';
import * as m010 from './010_entry_soft_delete.js';
import * as m011 from './011_rounding_budgets.js';

describe('migration 010_entry_soft_delete', () => {
  const latestDatabase = latestDatabasePerTest();

  it('up and down', async () => {
    const db = await latestDatabase();
    // Later migrations build on deleted_at (011's budget index reads it): undo them first, as a downgrade would.
    await m011.down(db);
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
    const entry = (end: number | null, deletedAt: number | null) => ({
      user_id: user.id,
      project_id: project.id,
      start_time: 100,
      end_time: end,
      source: 'timer',
      created_at: 1,
      updated_at: 1,
      deleted_at: deletedAt,
    });
    // Two running timers of one user: allowed only because one is deleted.
    await db.insertInto('time_entries').values(entry(null, 500)).execute();
    await db.insertInto('time_entries').values(entry(null, null)).execute();
    await expect(db.insertInto('time_entries').values(entry(null, null)).execute()).rejects.toThrow();

    await m010.down(db);
    const left = await db.selectFrom('time_entries').selectAll().execute();
    expect(left).toHaveLength(1);
    expect(Object.keys(left[0] ?? {})).not.toContain('deleted_at');
    // The old one-running-timer index is back.
    await expect(
      db
        .insertInto('time_entries')
        .values({ ...entry(null, null), deleted_at: undefined })
        .execute(),
    ).rejects.toThrow();
    await db.deleteFrom('time_entries').execute();
    await m010.up(db);
    expect(await db.selectFrom('time_entries').select('deleted_at').execute()).toEqual([]);
  });
});
