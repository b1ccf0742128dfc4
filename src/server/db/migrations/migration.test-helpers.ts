// The set-up every migration test shares: a fresh database of the test's kind (SQLite or PostgreSQL), migrated to
// the latest version, closed and removed after each test. The tests then run one migration down and up on it.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { migrateToLatest, openDatabase, type Database } from '../database.js';

// Untyped on purpose: a migration test writes and reads tables as they stand between versions, which no schema type
// describes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDatabase = Kysely<any>;

/** Call inside `describe`: answers a function that opens a database migrated to the latest version. */
export function latestDatabasePerTest(): () => Promise<AnyDatabase> {
  let env: TestEnvironment | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await env?.destroy();
    database = env = undefined;
  });
  return async () => {
    env = await createTestEnvironment();
    database = await openDatabase({ url: env.env.DATABASE_URL, sqliteFile: path.join(env.dataDir, 'migrate.sqlite') });
    await migrateToLatest(database.db);
    return database.db as unknown as AnyDatabase;
  };
}
