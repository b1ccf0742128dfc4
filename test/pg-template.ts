// One PostgreSQL database per test run, migrated to the latest version by the app's own migrator, from which every
// test database is copied (`create database … template …`): a test app then starts on a migrated schema instead
// of running every migration on an empty database. The global setup (test/global-setup.ts) makes it and provides
// its name to the test workers; test/harness.ts createPgDatabase() copies it. Migrations write no per-installation
// rows (the installation row is made at start), so copies share nothing that belongs to one instance.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../src/server/db/database.js';

/** The key under which the global setup provides the template's name (vitest `provide` / `inject`). */
export const PG_TEMPLATE_KEY = 'ttPgTemplate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set when TT_TEST_PG_URL is: the name of the migrated template database. */
    ttPgTemplate?: string;
  }
}

/** The URL of database `name` on the cluster of `adminUrl`. */
export function pgDatabaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `tt_tpl_<random>` and migrates it to the latest version; answers its name. Afterwards nobody may
 * connect to it (`allow_connections false`): `create database … template` fails while any session is on the
 * template, and tests copy it from several files at once.
 */
export async function createPgTemplate(adminUrl: string): Promise<string> {
  const name = `tt_tpl_${randomBytes(6).toString('hex')}`;
  await onAdmin(adminUrl, (admin) => admin.query(`create database ${name}`));
  try {
    const database = await openDatabase({ url: pgDatabaseUrl(adminUrl, name), sqliteFile: '' });
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
    await onAdmin(adminUrl, async (admin) => {
      await admin.query(`alter database ${name} with allow_connections false`);
      // The pool's sessions end asynchronously after close(); none may outlive the setup.
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    });
  } catch (error) {
    await dropPgDatabase(adminUrl, name);
    throw error;
  }
  return name;
}

/** Drops a database made by the tests (a template or a copy), whoever is still connected. */
export async function dropPgDatabase(adminUrl: string, name: string): Promise<void> {
  await onAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
}
