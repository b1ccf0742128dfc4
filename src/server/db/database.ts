import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, sql, type Logger, type Migration } from 'kysely';
import type { DB } from './schema.js';
import {
  numbersFromPostgres,
  postgresBulkReader,
  sqliteBulkReader,
  type BulkReader,
  type DatabaseSource,
} from './bulk-reader.js';
import { cachedPrepare } from './statement-cache.js';
import { rowShaping } from './shaped-rows.js';
import { CountingSqliteDialect, type ConnectionUse } from './sqlite-connection-use.js';
import { DirectSqliteKysely } from './sqlite-direct.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_entry_span_index.js';
import * as m003 from './migrations/003_analytics_funnel.js';
import * as m004 from './migrations/004_install_ping_lease.js';
import * as m005 from './migrations/005_email_verification.js';
import * as m006 from './migrations/006_login_throttle_devices.js';
import * as m007 from './migrations/007_analytics_sessions.js';
import * as m008 from './migrations/008_analytics_outbox.js';
import * as m010 from './migrations/010_entry_soft_delete.js';
import * as m011 from './migrations/011_rounding_budgets.js';
import * as m012 from './migrations/012_pinned_projects.js';
import * as m013 from './migrations/013_invoices.js';
import * as m014 from './migrations/014_user_entry_span.js';
import * as m015 from './migrations/015_user_start_end.js';
import { APP_VERSION } from '../version.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where the data lives, for logs (no credentials). */
  location: string;
  /** Array-row reads of many rows (exports), beside Kysely's own connection(s). */
  bulk: BulkReader;
  /** The connections of Kysely's pool now (metrics). */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** The database pool as the driver sees it; a part left out is not known for this database. */
export interface PoolStats {
  max: number;
  idle?: number;
  inUse?: number;
  waiting?: number;
}

export interface DatabaseOptions extends DatabaseSource {
  poolSize?: number;
  /** Kysely's log hook, called after every statement (metrics time them with it). */
  log?: Logger;
}

// Migrations are listed in code (not discovered on disk) so the compiled build and tsx behave the same.
const MIGRATIONS: Record<string, Migration> = {
  '001_initial': m001,
  '002_entry_span_index': m002,
  '003_analytics_funnel': m003,
  '004_install_ping_lease': m004,
  '005_email_verification': m005,
  '006_login_throttle_devices': m006,
  '007_analytics_sessions': m007,
  '008_analytics_outbox': m008,
  '010_entry_soft_delete': m010,
  '011_rounding_budgets': m011,
  '012_pinned_projects': m012,
  '013_invoices': m013,
  '014_user_entry_span': m014,
  '015_user_start_end': m015,
};

/** Every migration this version has, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

numbersFromPostgres(pg.types);

/** Prepared statements kept on the shared SQLite connection: every query shape of the app, with room to spare. */
const STATEMENT_CACHE_SIZE = 500;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => undefined);
    // A client checked out of the pool (in a transaction, between statements) has no error listener, so a
    // database shutdown would crash the process with an unhandled 'error' event. With this one its next query
    // fails instead (answered 503), and the pool discards it on release.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(options.log ? { log: options.log } : {}) });
    const url = new URL(options.url);
    const max = options.poolSize ?? 10;
    return {
      db,
      kind: 'postgres',
      location: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
      bulk: postgresBulkReader(pool, options.url),
      poolStats: () => ({ max, idle: pool.idleCount, inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
    };
  }
  fs.mkdirSync(path.dirname(options.sqliteFile), { recursive: true });
  const sqlite = new SQLite(options.sqliteFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const shaping = rowShaping();
  const prepare = shaping.watch(cachedPrepare(sqlite, STATEMENT_CACHE_SIZE, shaping.setUp));
  const use: ConnectionUse = { inUse: 0, waiting: 0 };
  const db = new DirectSqliteKysely(
    {
      dialect: new CountingSqliteDialect({ database: { prepare, close: () => sqlite.close() } }, use),
      ...(options.log ? { log: options.log } : {}),
    },
    { prepare, use, ...(options.log ? { log: options.log } : {}) },
  );
  const bulk = sqliteBulkReader(options.sqliteFile);
  return {
    db,
    kind: 'sqlite',
    location: options.sqliteFile,
    bulk,
    // One connection (the bulk reader's own, for exports, aside).
    poolStats: () => ({ max: 1, idle: 1 - use.inUse, inUse: use.inUse, waiting: use.waiting }),
    close: async () => {
      bulk.close();
      await db.destroy();
    },
  };
}

/** The database was migrated by a newer version than this one (a downgrade): refused, nothing is changed. */
export class UnknownMigrationsError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `The database has been migrated by a newer version of TimeTracker: migration ${unknown.join(', ')} ` +
        `${unknown.length === 1 ? 'is' : 'are'} unknown to this version (${APP_VERSION}), which would not understand ` +
        'its data. Upgrade TimeTracker to the version that ran ' +
        `${unknown.length === 1 ? 'it' : 'them'}, or restore a backup taken before that upgrade ` +
        '(docs/deployment.md, "Upgrades"). Nothing was changed.',
    );
    this.name = 'UnknownMigrationsError';
  }
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    // Kysely refuses an executed migration it does not know ("corrupted migrations: … is missing") before it
    // changes anything; say what that means for an operator instead.
    const unknown = await unknownMigrations(db);
    if (unknown.length > 0) throw new UnknownMigrationsError(unknown);
    throw error instanceof Error ? error : new Error(String(error));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations the database's migration table names that this version does not have, oldest first. */
async function unknownMigrations(db: Kysely<DB>): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.rows.map((r) => r.name).filter((name) => !(name in MIGRATIONS));
  } catch {
    return []; // no migration table: whatever failed, it was not a newer version's migration
  }
}

export async function pingDatabase(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
