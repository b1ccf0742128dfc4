// Entry of `npm run cli -- <command>`: user management and migrations without an HTTP server.
// Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.
import { ConfigError } from '../server/config/config.js';
import { CliError, UsageError, withDatabase, type CliContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { helpText, usageLine } from './commands/help.js';

async function runCli(argv: string[], io: Omit<CliContext, 'commands' | 'withDatabase'>): Promise<number> {
  const cli: CliContext = { ...io, commands: COMMANDS, withDatabase: (fn) => withDatabase(io.env, fn) };
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(helpText(COMMANDS));
    return 2;
  }
  const command =
    COMMANDS.find((c) => c.name === name) ??
    (['--help', '-h'].includes(name) ? COMMANDS.find((c) => c.name === 'help') : undefined);
  if (!command) {
    io.stderr.write(`Unknown command "${name}". Run "npm run cli -- help" to see the commands.\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${usageLine(command)}\n  ${command.summary}\n`);
    return 0;
  }
  try {
    await command.run(args, cli);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\nUsage: ${usageLine(command)}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    io.stderr.write(`${command.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
