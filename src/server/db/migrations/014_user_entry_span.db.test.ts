// Migration 014 on both databases: the per-user span index replaces the global one, and down/up swap them back
// and forth (each index is an expression index, which only the catalogue names).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isPostgres } from '../dialect.js';
import { latestDatabasePerTest } from './migration.test-helpers.js';
import * as m014 from './014_user_entry_span.js';

describe('migration 014_user_entry_span', () => {
  const latestDatabase = latestDatabasePerTest();

  it('replaces time_entries_span by time_entries_user_span (user_id, end_time - start_time); down and up again', async () => {
    const db = await latestDatabase();
    const spanIndexes = async (): Promise<Record<string, string>> => {
      const { rows } = isPostgres(db)
        ? await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes
            where tablename = 'time_entries' and indexname like '%span%'`.execute(db)
        : await sql<{ name: string; definition: string }>`select name, sql as definition from sqlite_master
            where type = 'index' and tbl_name = 'time_entries' and name like '%span%'`.execute(db);
      return Object.fromEntries(rows.map((r) => [r.name, r.definition.replace(/\s+/g, ' ')]));
    };
    const perUser = /\(user_id, \(+end_time - start_time\)+\)/;

    const latest = await spanIndexes();
    expect(Object.keys(latest)).toEqual(['time_entries_user_span']);
    expect(latest.time_entries_user_span).toMatch(perUser);
    expect(latest.time_entries_user_span).not.toMatch(/where/i); // deleted entries count: they only widen the bound

    await m014.down(db);
    const before = await spanIndexes();
    expect(Object.keys(before)).toEqual(['time_entries_span']);
    expect(before.time_entries_span).toMatch(/\(\(+end_time - start_time\)+\)/);

    await m014.up(db);
    expect(await spanIndexes()).toEqual(latest);
  });
});
