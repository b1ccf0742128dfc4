// Starting the current server on data that came from elsewhere (a restored backup, an older release's database),
// as an operator does: load it into a fresh data dir / database, then start.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { createRuntime, type Runtime } from '../src/server/runtime.js';
import type { TestEnvironment } from './harness.js';

const run = promisify(execFile);

/** PostgreSQL 15's client tools where Debian puts them (as scripts/pg-throwaway.sh finds initdb), else from PATH. */
export async function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql', args: string[]): Promise<string> {
  const debian = `/usr/lib/postgresql/15/bin/${name}`;
  const { stdout } = await run(fs.existsSync(debian) ? debian : name, args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'timetracker.sqlite');
}

/** Loads a SQL text dump into the environment's empty database (psql for PostgreSQL's, as an operator would). */
export async function loadSqlDump(env: TestEnvironment, dumpFile: string): Promise<void> {
  if (env.env.DATABASE_URL) {
    await pgTool('psql', ['--no-psqlrc', '--quiet', '-v', 'ON_ERROR_STOP=1', `--file=${dumpFile}`, env.env.DATABASE_URL]);
    return;
  }
  const db = new SQLite(sqliteFileIn(env.dataDir));
  try {
    db.exec(fs.readFileSync(dumpFile, 'utf8'));
  } finally {
    db.close();
  }
}

/** Starts the current server (migrations first, as at every start) on the environment's data. */
export async function startOn(env: TestEnvironment['env']): Promise<Runtime> {
  const runtime = await createRuntime(env, { logger: false });
  await runtime.app.ready();
  return runtime;
}
