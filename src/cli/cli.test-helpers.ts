// Runs the CLI as a real child process, as an operator would: compiled (test/compiled-sources.ts) for speed, or
// through `npm run cli`, the entry point the README documents.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../../test/compiled-sources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return run(process.execPath, [...compiledEntry('src/cli/main.ts'), ...args], env, input);
}

/** `npm run cli -- <args>`: the documented entry point (tsx over the sources). */
export function runCliThroughNpm(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return run('npm', ['run', '--silent', 'cli', '--', ...args], env, input);
}

function run(command: string, args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Only what the CLI needs: no variables of the test process leak into its configuration.
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
