import type { UserRow } from '../../server/db/schema.js';
import { AppError } from '../../server/http/errors.js';
import { isSetupComplete } from '../../server/features/setup/setup.queries.js';
import { emailSchema } from '../../shared/schemas/fields.js';
import { usernameSchema } from '../../server/features/users/users.schemas.js';
import { createUser } from '../../server/features/users/users.service.js';
import { CliError, expectPositionals, parseCommandArgs, UsageError, type CliCommand } from '../command.js';
import { checkPassword, readNewPassword } from '../password-input.js';

export const createUserCommand: CliCommand = {
  name: 'create-user',
  usage: '<username> [--admin] [--email <address>] [--password-stdin | --password <password>]',
  summary:
    'Create a user (a normal user unless --admin). Without a password option it prompts, or reads piped stdin. An --email set here is verified (it may link an SSO identity).',
  async run(args, cli) {
    const { values, positionals } = parseCommandArgs(args, {
      admin: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
      password: { type: 'string' },
      email: { type: 'string' },
    });
    const [username] = expectPositionals(positionals, ['username']) as [string];
    if (values.password !== undefined && values['password-stdin'])
      throw new UsageError('Use either --password or --password-stdin, not both.');
    const name = usernameSchema.safeParse(username);
    if (!name.success) throw new CliError(`The username ${name.error.issues[0]?.message ?? 'is not valid'}.`);
    const email = values.email === undefined ? undefined : emailSchema.safeParse(values.email);
    if (email && !email.success) throw new CliError(`The e-mail address ${email.error.issues[0]?.message ?? 'is not valid'}.`);

    let password: string;
    if (values.password !== undefined) {
      cli.stderr.write('Warning: a password given on the command line can end up in shell history; prefer --password-stdin.\n');
      password = checkPassword(values.password);
    } else {
      password = await readNewPassword(cli, { fromStdin: values['password-stdin'] });
    }

    const user = await cli.withDatabase(async ({ config, db, dbKind }) => {
      // The setup wizard records the telemetry consent, so the first admin comes from it (or from
      // ADMIN_USERNAME/ADMIN_PASSWORD), never from here.
      if (!(await isSetupComplete(db))) {
        throw new CliError(
          'TimeTracker is not set up yet. Complete the setup in the browser, or start the server once with ADMIN_USERNAME and ADMIN_PASSWORD.',
        );
      }
      try {
        return await createUser(
          { config, db, dbKind },
          { username: name.data, password, role: values.admin ? 'admin' : 'user', email: email?.data ?? undefined },
        );
      } catch (error) {
        if (error instanceof AppError) throw new CliError(error.message);
        throw error;
      }
    });
    cli.stdout.write(`Created ${describe(user)}.\n`);
  },
};

const describe = (user: UserRow) => `${user.role === 'admin' ? 'admin' : 'user'} "${user.username}" (id ${user.id})`;
