// What every CLI command is and gets. A command is one file in commands/ plus one line in commands/index.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../server/config/config.js';
import { migrateToLatest, openDatabase, type DatabaseKind } from '../server/db/database.js';
import type { DB } from '../server/db/schema.js';
import { sqliteFileFor } from '../server/runtime.js';

export interface CliCommand {
  name: string;
  /** Arguments after the name, as shown in help, e.g. `<username> [--admin]`. */
  usage: string;
  summary: string;
  run(args: string[], cli: CliContext): Promise<void>;
}

export interface CliDatabase {
  config: Config;
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  /** Where the data lives, without credentials. */
  location: string;
  /** Migrations applied while opening (empty when the schema was current). */
  applied: string[];
}

export interface CliContext {
  env: Record<string, string | undefined>;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  commands: readonly CliCommand[];
  /** Reads the configuration, opens and migrates the database, runs `fn`, and always closes the database. */
  withDatabase<T>(fn: (database: CliDatabase) => Promise<T>): Promise<T>;
}

/** The command line is wrong (unknown command or option, missing argument): exit code 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command ran but could not do its job (unknown user, invalid password, …): exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** node:util parseArgs, with its errors turned into usage errors. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Exactly `names.length` positional arguments, named for the error message. */
export function expectPositionals(positionals: string[], names: string[]): string[] {
  if (positionals.length < names.length)
    throw new UsageError(
      `Missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}.`,
    );
  if (positionals.length > names.length) throw new UsageError(`Unexpected argument "${positionals[names.length]}".`);
  return positionals;
}

export async function withDatabase<T>(
  env: Record<string, string | undefined>,
  fn: (database: CliDatabase) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const database = await openDatabase({ url: config.DATABASE_URL, sqliteFile: sqliteFileFor(config), poolSize: 2 });
  try {
    const applied = await migrateToLatest(database.db);
    return await fn({ config, db: database.db, dbKind: database.kind, location: database.location, applied });
  } finally {
    await database.close();
  }
}
