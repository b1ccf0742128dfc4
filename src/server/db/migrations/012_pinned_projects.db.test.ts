// Migration 012 on both databases: existing users get no pinned projects, down removes the column, up adds it again.
import { describe, expect, it } from 'vitest';
import { latestDatabasePerTest } from './migration.test-helpers.js';
import * as m012 from './012_pinned_projects.js';

describe('migration 012_pinned_projects', () => {
  const latestDatabase = latestDatabasePerTest();

  it('down, a user added meanwhile, and up again with nothing pinned', async () => {
    const db = await latestDatabase();
    await m012.down(db);
    await db
      .insertInto('users')
      .values({ username: 'u', username_lower: 'u', signup_method: 'admin', created_at: 1, updated_at: 1 })
      .execute();
    await expect(db.selectFrom('users').select('pinned_project_ids').execute()).rejects.toThrow();
    await m012.up(db);
    expect(await db.selectFrom('users').select('pinned_project_ids').executeTakeFirst()).toEqual({ pinned_project_ids: '[]' });
  });
});
