// `invoice create|issue|pdf|xml` for scripts: the same services as the API, acting as an administrator (the first
// active one, or --as <username>), whose time zone and report rounding decide dates and quantities.
import fs from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../../server/db/schema.js';
import { AppError } from '../../server/http/errors.js';
import type { InvoiceContext } from '../../server/features/invoices/invoice-context.js';
import { invoicePdf, invoiceXml, type RenderedFile } from '../../server/features/invoices/invoice-documents.service.js';
import { issueInvoice } from '../../server/features/invoices/invoice-lifecycle.service.js';
import { createDraft } from '../../server/features/invoices/invoices.service.js';
import { invoiceCreateBody } from '../../shared/schemas/invoicing.js';
import { CliError, parseCommandArgs, UsageError, type CliCommand, type CliContext } from '../command.js';

const USAGE =
  'create --client <name or id> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--group-by project|task|day|entry] | issue <id> | pdf <id> [--out <file>] | xml <id> [--syntax ubl|cii] [--out <file>]';

async function actingAdmin(db: Kysely<DB>, username: string | undefined): Promise<UserRow> {
  let query = db.selectFrom('users').selectAll().where('role', '=', 'admin').where('active', '=', 1).orderBy('id').limit(1);
  if (username) query = query.where('username_lower', '=', username.toLowerCase());
  const user = await query.executeTakeFirst();
  if (!user)
    throw new CliError(
      username ? `There is no active administrator "${username}".` : 'There is no active administrator yet; run the setup first.',
    );
  return user;
}

async function clientId(db: Kysely<DB>, nameOrId: string): Promise<number> {
  const byId = /^\d+$/.test(nameOrId) ? Number(nameOrId) : undefined;
  const row = await db
    .selectFrom('clients')
    .select('id')
    .where((eb) => (byId !== undefined ? eb('id', '=', byId) : eb('name_lower', '=', nameOrId.toLowerCase())))
    .executeTakeFirst();
  if (!row) throw new CliError(`There is no client "${nameOrId}".`);
  return row.id;
}

function invoiceId(text: string | undefined): number {
  if (!text || !/^\d{1,10}$/.test(text)) throw new UsageError('Give the invoice id, e.g. "invoice issue 12".');
  return Number(text);
}

async function write(cli: CliContext, file: RenderedFile, out: string | undefined): Promise<void> {
  if (out) {
    await fs.writeFile(out, file.body);
    cli.stderr.write(`Wrote ${out}\n`);
  } else cli.stdout.write(file.body);
}

/** API errors read as sentences with their details, e.g. what is missing before an invoice can be issued. */
function explain(error: unknown): never {
  if (error instanceof AppError) {
    const fields = (error.details as { fields?: Record<string, string> } | undefined)?.fields;
    const lines = fields ? Object.entries(fields).map(([f, m]) => `  ${f} ${m}`) : [];
    throw new CliError([`${error.message} (${error.code})`, ...lines].join('\n'));
  }
  throw error;
}

export const invoiceCommand: CliCommand = {
  name: 'invoice',
  usage: USAGE,
  summary:
    'Create a draft invoice from tracked time, issue it, or write its PDF (Factur-X) or XRechnung XML. Prints the invoice as JSON.',
  async run(args, cli) {
    const { values, positionals } = parseCommandArgs(args, {
      client: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'group-by': { type: 'string' },
      syntax: { type: 'string' },
      out: { type: 'string' },
      as: { type: 'string' },
    });
    const [action, id] = positionals;
    if (!['create', 'issue', 'pdf', 'xml'].includes(action ?? '')) throw new UsageError('Choose create, issue, pdf or xml.');
    if (values.syntax !== undefined && !['ubl', 'cii'].includes(values.syntax))
      throw new UsageError('--syntax must be ubl or cii.');
    await cli.withDatabase(async ({ config, db, dbKind }) => {
      const ctx: InvoiceContext = { config, db, dbKind };
      const actor = { user: await actingAdmin(db, values.as) };
      try {
        if (action === 'create') {
          if (!values.client) throw new UsageError('Missing --client <name or id>.');
          const body = invoiceCreateBody.safeParse({
            client_id: await clientId(db, values.client),
            from: values.from,
            to: values.to,
            ...(values['group-by'] ? { group_by: values['group-by'] } : {}),
          });
          if (!body.success)
            throw new UsageError(
              body.error.issues.map((i) => `--${String(i.path[0]).replace('_', '-')}: ${i.message}`).join('\n'),
            );
          cli.stdout.write(`${JSON.stringify(await createDraft(ctx, actor, body.data), null, 2)}\n`);
        } else if (action === 'issue') {
          cli.stdout.write(`${JSON.stringify(await issueInvoice(ctx, actor, invoiceId(id)), null, 2)}\n`);
        } else if (action === 'pdf') {
          await write(cli, await invoicePdf(ctx, actor, invoiceId(id)), values.out);
        } else {
          await write(
            cli,
            await invoiceXml(ctx, invoiceId(id), (values.syntax as 'ubl' | 'cii' | undefined) ?? 'ubl'),
            values.out,
          );
        }
      } catch (error) {
        explain(error);
      }
    });
  },
};
