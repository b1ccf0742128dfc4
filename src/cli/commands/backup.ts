// `backup <file>`: a consistent copy of the SQLite database while the server keeps running (SQLite's online
// backup API through better-sqlite3). PostgreSQL installations use pg_dump instead (docs/deployment.md).
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../../server/config/config.js';
import { sqliteFileFor } from '../../server/runtime.js';
import { CliError, expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: '<file> [--force]',
  summary: 'Copy the SQLite database to <file> while the server runs (PostgreSQL: use pg_dump).',
  async run(args, cli) {
    const { values, positionals } = parseCommandArgs(args, { force: { type: 'boolean', default: false } });
    const [file] = expectPositionals(positionals, ['file']) as [string];
    const config = loadConfig(cli.env);
    if (config.DATABASE_URL) {
      throw new CliError(
        'DATABASE_URL points to PostgreSQL; back it up with pg_dump, e.g.\n' +
          '  pg_dump --format=custom --file=timetracker.dump "$DATABASE_URL"\n' +
          'and restore with pg_restore (see docs/deployment.md).',
      );
    }
    const source = sqliteFileFor(config);
    if (!fs.existsSync(source)) throw new CliError(`There is no SQLite database at ${source} (check DATA_DIR).`);
    const target = path.resolve(file);
    if (target === path.resolve(source)) throw new CliError('The backup file must not be the database itself.');
    if (fs.existsSync(target) && !values.force) throw new CliError(`${target} already exists; pass --force to replace it.`);
    fs.mkdirSync(path.dirname(target), { recursive: true });

    // Written next to the target and renamed at the end, so an interrupted backup never looks complete.
    const partial = `${target}.partial-${process.pid}`;
    const db = new SQLite(source, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      // The backup API copies page by page and restarts by itself when the server writes in between, so the
      // result is one consistent snapshot (including what is still only in the WAL).
      const { totalPages } = await db.backup(partial);
      const copy = new SQLite(partial, { fileMustExist: true });
      try {
        // One self-contained file (the copy inherits WAL mode, which would need -wal/-shm files next to it);
        // the server switches it back to WAL when it opens a restored copy.
        copy.pragma('journal_mode = DELETE');
        const check = copy.pragma('quick_check', { simple: true });
        if (check !== 'ok')
          throw new CliError(`The copy failed its integrity check (${String(check)}); the database was not changed.`);
        const entries = (copy.prepare('select count(*) as n from time_entries').get() as { n: number }).n;
        const users = (copy.prepare('select count(*) as n from users').get() as { n: number }).n;
        copy.close();
        fs.renameSync(partial, target);
        const bytes = fs.statSync(target).size;
        cli.stdout.write(
          `Backed up ${source} to ${target}: ${totalPages} pages, ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${users} users, ${entries} time entries.\n`,
        );
        // The file alone restores the data; the cookies' key is not in it (docs/deployment.md, Backups).
        if (!config.SECRET_KEY) {
          cli.stdout.write(`Keep a copy of ${path.join(config.DATA_DIR, 'secret.key')} too (once: it does not change).\n`);
        }
      } finally {
        if (copy.open) copy.close();
      }
    } finally {
      db.close();
      fs.rmSync(partial, { force: true });
    }
  },
};
