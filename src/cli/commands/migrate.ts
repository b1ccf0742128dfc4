import { expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: '',
  summary: 'Bring the database schema up to date (the server also does this on start).',
  async run(args, cli) {
    expectPositionals(parseCommandArgs(args, {}).positionals, []);
    await cli.withDatabase(async ({ dbKind, location, applied }) => {
      cli.stdout.write(
        applied.length === 0
          ? `The ${dbKind} database at ${location} is up to date.\n`
          : `Applied ${applied.length} migration(s) to the ${dbKind} database at ${location}: ${applied.join(', ')}.\n`,
      );
    });
  },
};
