import { parseCommandArgs, UsageError, type CliCommand } from '../command.js';

export const usageLine = (command: CliCommand) => `npm run cli -- ${command.name}${command.usage ? ` ${command.usage}` : ''}`;

export const helpCommand: CliCommand = {
  name: 'help',
  usage: '[<command>]',
  summary: 'Show the commands, or the usage of one command.',
  async run(args, cli) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
    const name = positionals[0];
    if (name !== undefined) {
      const command = cli.commands.find((c) => c.name === name);
      if (!command) throw new UsageError(`Unknown command "${name}".`);
      cli.stdout.write(`${usageLine(command)}\n  ${command.summary}\n`);
      return;
    }
    cli.stdout.write(helpText(cli.commands));
  },
};

export function helpText(commands: readonly CliCommand[]): string {
  const lines = [
    'TimeTracker command line. Configuration comes from the same environment variables as the server.',
    '',
    'Commands:',
  ];
  for (const command of commands) lines.push(`  ${usageLine(command)}`, `      ${command.summary}`);
  lines.push('', 'Exit codes: 0 done, 1 failed, 2 wrong usage.', '');
  return lines.join('\n');
}
