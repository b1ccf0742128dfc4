import { findUserByUsername } from '../../server/features/auth/auth.queries.js';
import { resetPassword } from '../../server/features/users/users.service.js';
import { CliError, expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';
import { readNewPassword } from '../password-input.js';

export const resetPasswordCommand: CliCommand = {
  name: 'reset-password',
  usage: '<username>',
  summary: "Set a user's password (read from piped stdin, or prompted without echo) and end all their sessions.",
  async run(args, cli) {
    const { positionals } = parseCommandArgs(args, {});
    const [username] = expectPositionals(positionals, ['username']) as [string];
    await cli.withDatabase(async ({ config, db, dbKind }) => {
      const user = await findUserByUsername(db, username);
      if (!user) throw new CliError(`There is no user "${username}".`);
      const password = await readNewPassword(cli);
      await resetPassword({ config, db, dbKind }, user, password);
      const note = user.active === 1 ? '' : ' The account is deactivated; an admin can reactivate it.';
      cli.stdout.write(`Changed the password of "${user.username}" and ended their sessions.${note}\n`);
    });
  },
};
