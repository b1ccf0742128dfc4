// link-sso / unlink-sso: the operator's way to say which account an SSO identity belongs to (the same rules as
// PUT/DELETE /users/{id}/sso-identity). Used when an SSO login was refused with account_link_required.
import { findUserByUsername } from '../../server/features/auth/auth.queries.js';
import { linkSsoIdentity, unlinkSsoIdentity } from '../../server/features/users/sso-identity.service.js';
import type { UserRow } from '../../server/db/schema.js';
import type { UsersContext } from '../../server/features/users/users.service.js';
import { AppError } from '../../server/http/errors.js';
import { CliError, expectPositionals, parseCommandArgs, type CliCommand, type CliContext } from '../command.js';

/** Runs `action` on the named user; the service's 4xx answers become one readable line (exit code 1). */
function onUser(
  cli: CliContext,
  username: string,
  action: (ctx: UsersContext, userId: number) => Promise<UserRow>,
): Promise<UserRow> {
  return cli.withDatabase(async ({ config, db, dbKind }) => {
    const user = await findUserByUsername(db, username);
    if (!user) throw new CliError(`There is no user "${username}".`);
    try {
      return await action({ config, db, dbKind }, user.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const fields = Object.entries((error.details?.fields ?? {}) as Record<string, string>);
      throw new CliError(`${error.message}${fields.map(([f, m]) => ` (${f} ${m})`).join('')}`);
    }
  });
}

export const linkSsoCommand: CliCommand = {
  name: 'link-sso',
  usage: '<username> <subject> [--issuer <issuer>]',
  summary:
    'Link the SSO identity with this subject (the provider\'s "sub"; the issuer defaults to OIDC_ISSUER) to the user. The server log names both when a login was refused with account_link_required.',
  async run(args, cli) {
    const { values, positionals } = parseCommandArgs(args, { issuer: { type: 'string' } });
    const [username, subject] = expectPositionals(positionals, ['username', 'subject']) as [string, string];
    if (subject.trim() === '' || subject.length > 255) throw new CliError('The subject must be 1-255 characters.');
    const user = await onUser(cli, username, (ctx, id) =>
      linkSsoIdentity(ctx, id, { subject: subject.trim(), issuer: values.issuer }),
    );
    cli.stdout.write(`Linked the SSO identity "${user.oidc_subject}" (${user.oidc_issuer}) to "${user.username}".\n`);
  },
};

export const unlinkSsoCommand: CliCommand = {
  name: 'unlink-sso',
  usage: '<username>',
  summary: "Remove the user's SSO identity and end their SSO sessions.",
  async run(args, cli) {
    const { positionals } = parseCommandArgs(args, {});
    const [username] = expectPositionals(positionals, ['username']) as [string];
    const user = await onUser(cli, username, unlinkSsoIdentity);
    cli.stdout.write(`"${user.username}" has no SSO identity linked now.\n`);
  },
};
