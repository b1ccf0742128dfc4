// Tests that start the real server as a child process (`main.ts`, `npm start`): collect its output and wait for
// the line it prints once it listens, then sign the test admin in over HTTP.
import type { ChildProcess } from 'node:child_process';
import { TEST_PASSWORD } from './harness.js';

/** Collects the child's stdout and stderr; `text()` is everything so far. */
export function captureOutput(child: ChildProcess): { text: () => string } {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { text: () => output };
}

/** Waits until the server says it is ready; throws with its output when it exits or takes over `timeoutMs`. */
export async function waitUntilReady(child: ChildProcess, output: { text: () => string }, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!output.text().includes('TimeTracker is ready')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`server did not start:\n${output.text()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Signs in as `root` with the test password; returns the HTTP status. */
export async function loginStatus(port: number): Promise<number> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'root', password: TEST_PASSWORD }),
  });
  return login.status;
}
