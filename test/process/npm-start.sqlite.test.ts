// `npm start` as an operator runs it: SIGTERM to npm must end the whole process tree within 3 s, while PostHog
// hangs (something is queued) and a slow client holds a request open. npm forwards the signal only to its own
// child, so that child must be the server itself, not a shell that would die and leave the server running; and the
// server must share its 3 s between open requests, the analytics flush and the database. The server is compiled
// into a temporary copy of the project first; `--ignore-scripts` skips only the prestart build of that copy.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../capture-server.js';
import { TEST_PASSWORD } from '../harness.js';
import { captureOutput, loginStatus, waitUntilReady } from '../server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The pid and every descendant of it that is alive now (Linux /proc). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree;
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm start', { timeout: 120_000 }, () => {
  let project: string;
  let cap: CaptureServer;
  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-npm-start-'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(project, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        path.join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        path.join(project, 'dist'),
      ],
      { stdio: 'pipe' },
    );
  }, 120_000);
  afterAll(async () => {
    await cap?.close();
    fs.rmSync(project, { recursive: true, force: true });
  });

  it('ends the whole process tree within 3 s of SIGTERM to npm, with PostHog hanging and a slow client', async () => {
    cap = await startCaptureServer('hang');
    const port = await freePort();
    const dataDir = path.join(project, 'data');
    const npm = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: project,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        POSTHOG_API_KEY: 'phc_test_project_key',
        POSTHOG_HOST: cap.url,
        ENABLE_TELEMETRY: 'true',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: TEST_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureOutput(npm);
    await waitUntilReady(npm, output);
    expect(await loginStatus(port)).toBe(200);
    // A request whose body never comes: the server must not wait for it until its request timeout.
    const slow = net.connect(port, '127.0.0.1');
    slow.on('error', () => undefined);
    slow.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    await new Promise((r) => setTimeout(r, 200));

    const tree = processTree(npm.pid!);
    const started = performance.now();
    npm.kill('SIGTERM');
    while (tree.some(alive) && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 10));
    const ms = performance.now() - started;
    const survivors = tree.filter(alive);
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    slow.destroy();

    expect(survivors).toEqual([]);
    expect(ms).toBeLessThan(3_000);
    expect(output.text()).toContain('shutting down');
    // The flush was tried (and cut off by the deadline), although a slow client was still connected.
    expect(cap.connections).toBeGreaterThan(0);
  });
});
