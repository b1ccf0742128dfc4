// Reading a password for the CLI: piped stdin (scripts, `--password-stdin`) or an interactive prompt that does
// not echo what is typed. Passwords never come from the environment and are never printed.
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { newPasswordSchema } from '../server/features/users/users.schemas.js';
import { CliError, type CliContext } from './command.js';

/** All of stdin, minus one trailing line break; a password must be a single line. */
export async function readPasswordFromStdin(stdin: CliContext['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) throw new CliError('The password read from stdin must be a single line.');
  return text;
}

async function promptHidden(cli: CliContext, question: string): Promise<string> {
  cli.stderr.write(question);
  // Echo goes to a stream that drops it; the prompt itself was written above.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: cli.stdin, output: silent, terminal: true });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  try {
    return await rl.question('', { signal: abort.signal });
  } catch (error) {
    if (abort.signal.aborted) throw new CliError('Cancelled.');
    throw error;
  } finally {
    rl.close();
    cli.stderr.write('\n');
  }
}

/** A new password from stdin when it is piped, else prompted twice without echo; checked like the API does. */
export async function readNewPassword(cli: CliContext, options: { fromStdin?: boolean } = {}): Promise<string> {
  let password: string;
  if (options.fromStdin || !cli.stdin.isTTY) {
    password = await readPasswordFromStdin(cli.stdin);
  } else {
    password = await promptHidden(cli, 'New password: ');
    if ((await promptHidden(cli, 'Repeat it: ')) !== password) throw new CliError('The passwords do not match.');
  }
  return checkPassword(password);
}

export function checkPassword(password: string): string {
  const result = newPasswordSchema.safeParse(password);
  if (!result.success) throw new CliError(`The password ${result.error.issues[0]?.message ?? 'is not valid'}.`);
  return result.data;
}
