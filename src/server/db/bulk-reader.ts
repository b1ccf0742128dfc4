// Reads of many rows at once (the entry exports: up to millions of rows, page by page). Kysely builds the
// query; this runs it and returns each row as an array in select order, which skips an object per row and,
// on SQLite, re-preparing the same statement for every page. At a million rows that is the difference
// between the database and the bookkeeping around it being the cost.
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { CompiledQuery } from 'kysely';
import { cachedPrepare, type Prepare } from './statement-cache.js';

/** Where the database is, to open it again in another thread (see features/exports/page-reader.ts). */
export interface DatabaseSource {
  /** postgres:// URL; undefined means SQLite at sqliteFile */
  url?: string;
  sqliteFile: string;
}

export interface BulkReader {
  readonly source: DatabaseSource;
  /** The rows of a compiled SELECT, each an array of its columns in select order. */
  rows(query: Pick<CompiledQuery, 'sql' | 'parameters'>): Promise<unknown[][]>;
  close(): void;
}

/** Prepared statements kept per SQLite reader; export queries come in a handful of shapes. */
const STATEMENT_CACHE_SIZE = 64;

/**
 * SQLite: a connection of its own, read-only (`query_only`). On the shared connection a bulk read could
 * run inside another request's open transaction (Kysely holds that connection across awaits) and see its
 * uncommitted rows; in WAL mode a second connection reads committed data and never blocks writers.
 */
export function sqliteBulkReader(file: string): BulkReader {
  let connection: SQLite.Database | undefined;
  let prepare: Prepare | undefined;
  const open = () => {
    if (!connection || !prepare) {
      connection = new SQLite(file, { fileMustExist: true });
      connection.pragma('query_only = ON');
      connection.pragma('busy_timeout = 5000');
      prepare = cachedPrepare(connection, STATEMENT_CACHE_SIZE, (statement) => statement.raw(true));
    }
    return prepare;
  };
  return {
    source: { sqliteFile: file },
    rows: async (query) => open()(query.sql).all(...query.parameters) as unknown[][],
    close: () => {
      connection?.close();
      connection = undefined;
      prepare = undefined;
    },
  };
}

/** int8 (count(*), sums, bigint columns) and float8 arrive from pg as strings; our values fit in a JS number. */
export function numbersFromPostgres(types: typeof pg.types): void {
  types.setTypeParser(types.builtins.INT8, (v) => Number(v));
  types.setTypeParser(types.builtins.FLOAT8, (v) => Number(v));
}

/**
 * A bulk reader with a connection of its own, for a thread other than the server's (the export readers):
 * pg is loaded only for a PostgreSQL source, and no query builder at all.
 */
export async function openBulkReader(source: DatabaseSource): Promise<BulkReader> {
  if (!source.url) return sqliteBulkReader(source.sqliteFile);
  const { default: driver } = await import('pg');
  numbersFromPostgres(driver.types);
  const pool = new driver.Pool({ connectionString: source.url, max: 1, connectionTimeoutMillis: 5000 });
  // A lost idle connection must not crash the thread; the next read fails instead.
  pool.on('error', () => undefined);
  const reader = postgresBulkReader(pool, source.url);
  return { ...reader, close: () => void pool.end() };
}

/** PostgreSQL: the pool's connections, rows as arrays (the int8 type parsers set in database.ts apply). */
export function postgresBulkReader(pool: pg.Pool, url: string): BulkReader {
  return {
    source: { url, sqliteFile: '' },
    rows: async (query) => {
      const result = await pool.query({ text: query.sql, values: [...query.parameters], rowMode: 'array' });
      return result.rows as unknown[][];
    },
    close: () => undefined,
  };
}
