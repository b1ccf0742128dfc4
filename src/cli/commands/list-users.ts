import type { UserRow } from '../../server/db/schema.js';
import { toApiTime } from '../../server/http/wire.js';
import { toUserDto } from '../../server/features/users/user-dto.js';
import { listUsers } from '../../server/features/users/users.queries.js';
import { expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';

const PAGE = 500;

export const listUsersCommand: CliCommand = {
  name: 'list-users',
  usage: '[--json]',
  summary: 'List every user (id, username, role, status, sign-in method, last login); --json prints the API user objects.',
  async run(args, cli) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    expectPositionals(positionals, []);
    const users = await cli.withDatabase(async ({ db }) => {
      const all: UserRow[] = [];
      for (
        let page = await listUsers(db, { limit: PAGE });
        page.length > 0;
        page = await listUsers(db, { limit: PAGE, afterId: page.at(-1)!.id })
      ) {
        all.push(...page);
      }
      return all;
    });
    if (values.json) {
      cli.stdout.write(`${JSON.stringify(users.map(toUserDto), null, 2)}\n`);
      return;
    }
    const rows = users.map((u) => [
      String(u.id),
      u.username,
      u.role,
      u.active === 1 ? 'active' : 'inactive',
      u.auth_method,
      toApiTime(u.last_login_at) ?? 'never',
    ]);
    cli.stdout.write(formatTable(['ID', 'USERNAME', 'ROLE', 'STATUS', 'SIGN-IN', 'LAST LOGIN'], rows));
  },
};

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map(
      (r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}
