// Migration 015 on both databases: time_entries_user_start gains end_time as its last column, keeps its name and
// its partial condition, and down/up swap the two forms back and forth.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isPostgres } from '../dialect.js';
import { latestDatabasePerTest } from './migration.test-helpers.js';
import * as m015 from './015_user_start_end.js';

describe('migration 015_user_start_end', () => {
  const latestDatabase = latestDatabasePerTest();

  it('adds end_time to time_entries_user_start, still partial on deleted_at; down and up again', async () => {
    const db = await latestDatabase();
    const definition = async (): Promise<string> => {
      const { rows } = isPostgres(db)
        ? await sql<{ definition: string }>`select indexdef as definition from pg_indexes
            where tablename = 'time_entries' and indexname = 'time_entries_user_start'`.execute(db)
        : await sql<{ definition: string }>`select sql as definition from sqlite_master
            where type = 'index' and name = 'time_entries_user_start'`.execute(db);
      expect(rows).toHaveLength(1);
      return rows[0]!.definition.replace(/\s+/g, ' ');
    };
    const latest = await definition();
    expect(latest).toMatch(/\(user_id, start_time, id, end_time\) where \(?deleted_at is null\)?/i);

    await m015.down(db);
    expect(await definition()).toMatch(/\(user_id, start_time, id\) where \(?deleted_at is null\)?/i);

    await m015.up(db);
    expect(await definition()).toEqual(latest);
  });
});
