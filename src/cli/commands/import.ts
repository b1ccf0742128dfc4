import fs from 'node:fs/promises';
import { AppError } from '../../server/http/errors.js';
import { isValidTimeZone } from '../../shared/time-math.js';
import { IMPORT_FORMATS, type DateOrder, type ImportFormat } from '../../server/features/imports/import-formats.js';
import { importEntries, type ImportProgress } from '../../server/features/imports/imports.service.js';
import { CliError, expectPositionals, parseCommandArgs, UsageError, type CliCommand, type CliContext } from '../command.js';

/** Files with more data rows than this get a progress bar on stderr. */
const PROGRESS_FROM_ROWS = 2000;
const BAR = 30;

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise (logs, pipes). */
function progressBar(cli: CliContext): ImportProgress & { finish(): void } {
  const tty = Boolean((cli.stderr as { isTTY?: boolean }).isTTY);
  let lastTenth = -1;
  let drawn = false;
  const report = ((phase, done, total) => {
    if (phase !== 'writing' || total < PROGRESS_FROM_ROWS) return;
    const share = total === 0 ? 1 : done / total;
    if (tty) {
      const filled = Math.round(share * BAR);
      cli.stderr.write(
        `\rWriting [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${done}/${total}`,
      );
      drawn = true;
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      cli.stderr.write(`Writing: ${done}/${total} entries (${Math.floor(share * 100)}%)\n`);
    }
  }) as ImportProgress & { finish(): void };
  report.finish = () => {
    if (drawn) cli.stderr.write('\n');
  };
  return report;
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: '<file> --user <username> [--format toggl|clockify|csv] [--dry-run] [--timezone <zone>] [--date-order mdy|dmy]',
  summary:
    "Import time entries from a Toggl or Clockify detailed CSV export or this app's CSV export into a user's entries. Acts as an administrator: missing clients, projects and tasks are created. All-or-nothing; duplicates are skipped.",
  async run(args, cli) {
    const { values, positionals } = parseCommandArgs(args, {
      user: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean' },
      timezone: { type: 'string' },
      'date-order': { type: 'string' },
    });
    const [file] = expectPositionals(positionals, ['file']) as [string];
    if (!values.user) throw new UsageError('Missing --user <username>.');
    if (values.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(values.format)) {
      throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}.`);
    }
    if (values['date-order'] !== undefined && !['mdy', 'dmy'].includes(values['date-order']))
      throw new UsageError('--date-order must be mdy or dmy.');
    if (values.timezone !== undefined && !isValidTimeZone(values.timezone))
      throw new CliError(`Unknown time zone "${values.timezone}".`);

    let content: Buffer;
    try {
      content = await fs.readFile(file);
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    const dryRun = values['dry-run'] ?? false;
    const progress = progressBar(cli);
    const result = await cli.withDatabase(async ({ db }) => {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('username_lower', '=', values.user!.toLowerCase())
        .executeTakeFirst();
      if (!user) throw new CliError(`No user "${values.user}". See "npm run cli -- list-users".`);
      try {
        return await importEntries(
          db,
          { user, mayCreateCatalog: true },
          content,
          {
            dryRun,
            format: values.format as ImportFormat | undefined,
            timeZone: values.timezone,
            dateOrder: values['date-order'] as DateOrder | undefined,
          },
          progress,
        );
      } catch (error) {
        if (error instanceof AppError) throw new CliError(error.message);
        throw error;
      } finally {
        progress.finish();
      }
    });

    for (const e of result.errors) cli.stderr.write(`row ${e.row}: ${e.message}\n`);
    if (result.error_count > result.errors.length)
      cli.stderr.write(`… and ${result.error_count - result.errors.length} more row errors.\n`);
    const created = result.created;
    const catalog =
      created.clients + created.projects + created.tasks > 0
        ? `; ${dryRun ? 'would create' : 'created'} ${created.clients} clients, ${created.projects} projects, ${created.tasks} tasks`
        : '';
    if (result.error_count > 0) {
      throw new CliError(
        `Nothing imported from the ${result.source} file: ${result.error_count} of ${result.rows} rows have errors (listed above).`,
      );
    }
    cli.stdout.write(
      `${dryRun ? 'Dry run: would import' : 'Imported'} ${result.imported} of ${result.rows} rows from the ${result.source} file into "${values.user}"; skipped ${result.skipped} duplicates${catalog}.\n`,
    );
  },
};
