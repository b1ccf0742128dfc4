// Starts a real TimeTracker server process for benchmarks (production mode, quiet logs) on a free port,
// with a fresh SQLite data dir or a fresh PostgreSQL database, and the first admin bootstrapped.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createPgDatabase } from '../test/harness.js';

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-password-1' };

export interface BenchServer {
  url: string;
  kind: 'sqlite' | 'postgres';
  /** The server's DATA_DIR (its SQLite file) and, on PostgreSQL, its database URL: for seeding and counting. */
  dataDir: string;
  databaseUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * `entry: 'build'` runs the production build (dist/server/main.js, as `npm start` does; build it first), `'source'`
 * runs the TypeScript sources through tsx, any other string is the main.js of another build (before/after runs).
 */
export async function startBenchServer(
  kind: 'sqlite' | 'postgres',
  extraEnv: Record<string, string> = {},
  entry: 'source' | 'build' | (string & {}) = 'source',
  /** Node flags for the server process (e.g. --cpu-prof, which NODE_OPTIONS does not accept). */
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const main = entry === 'build' ? 'dist/server/main.js' : entry;
  if (entry !== 'source' && !fs.existsSync(main))
    throw new Error(`no production build at ${main}: run npm run build:server first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bench-'));
  const port = await freePort();
  let dropDb = async () => undefined as void;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_USERNAME: BENCH_ADMIN.username,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  if (kind === 'postgres') {
    const db = await createPgDatabase();
    env.DATABASE_URL = db.url;
    dropDb = db.drop;
  }
  const args = [...nodeArgs, ...(entry === 'source' ? ['--import', 'tsx', 'src/server/main.ts'] : [main])];
  // BENCH_SERVER_STDOUT=file keeps what the server prints (V8 traces such as --trace-deopt go to stdout).
  const stdout = process.env.BENCH_SERVER_STDOUT ? fs.openSync(process.env.BENCH_SERVER_STDOUT, 'a') : 'ignore';
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', stdout, 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    kind,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Minimal JSON API client for bench set-up (bearer token or session cookie + CSRF). */
export class BenchClient {
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<BenchClient> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { csrf_token: string };
    const cookie = /tt_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    return new BenchClient(baseUrl, { cookie: `tt_session=${cookie}`, 'x-csrf-token': body.csrf_token });
  }

  async call<T = any>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${url}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Streams a GET to the end with node:http (cheaper than fetch), counting bytes and line ends. */
export function download(url: string, cookie: string): Promise<{ bytes: number; newlines: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`${url}: HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        let bytes = 0;
        let newlines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
        });
        res.on('end', () => resolve({ bytes, newlines }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Waits until `base`/health answers (base ends in /api/v1); fails when the server exits or after `limitMs`. */
export async function waitForHealth(server: ChildProcess, base: string, limitMs: number): Promise<void> {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (i * 100 > limitMs) throw new Error(`server did not answer /health within ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
