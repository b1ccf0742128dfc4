// Migration 012 on both databases: existing users get no pinned projects, down removes the column, up adds it again.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { migrateToLatest, openDatabase, type Database } from '../database.js';
import * as m012 from './012_pinned_projects.js';

describe('migration 012_pinned_projects', () => {
  let env: TestEnvironment | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await env?.destroy();
    database = env = undefined;
  });

  it('down, a user added meanwhile, and up again with nothing pinned', async () => {
    env = await createTestEnvironment();
    database = await openDatabase({ url: env.env.DATABASE_URL, sqliteFile: path.join(env.dataDir, 'migrate.sqlite') });
    await migrateToLatest(database.db);
    const db = database.db as unknown as Kysely<any>;
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
