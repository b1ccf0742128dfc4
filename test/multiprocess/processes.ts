// Real TimeTracker server processes for the two-process tests: src/server/main.ts, compiled (test/compiled-sources.ts), with its
// own environment, PORT=0 (the port is read from the "Server listening at" log line), JSON logs kept for
// assertions, and SIGTERM/SIGKILL control.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { compiledEntry } from '../compiled-sources.js';
import { VARIABLES } from '../../src/server/config/config.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Two-process tests need PostgreSQL: as `*.pg.test.ts` files they run only in the vitest "postgres" project,
 * which exists exactly when TT_TEST_PG_URL is set (otherwise test/global-setup says loudly it was skipped).
 */
if (!process.env.TT_TEST_PG_URL) throw new Error('Two-process tests need TT_TEST_PG_URL (they run in the postgres project).');

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface AppProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Parsed JSON log lines so far (stdout). */
  logs: LogLine[];
  /** Raw stderr text so far. */
  stderr(): string;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: no shutdown code runs, exactly like a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** The parent's environment minus every TimeTracker variable, so only what a test sets reaches the server. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !(key in VARIABLES) && !key.startsWith('TT_TEST') && !key.startsWith('VITEST')) env[key] = value;
  }
  return env;
}

export async function startAppProcess(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tt-mp-${name}-`));
  const child = spawn(process.execPath, compiledEntry('src/server/main.ts'), {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  const waiters = new Set<{ predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  readline.createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    logs.push(line);
    for (const w of [...waiters]) {
      if (w.predicate(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  void exited.then(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const waitForLog = (predicate: (l: LogLine) => boolean, ms = 10_000) => {
    const found = logs.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { predicate, resolve: (l: LogLine) => (clearTimeout(timer), resolve(l)) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`${name}: no matching log line within ${ms} ms`));
      }, ms);
      waiters.add(waiter);
    });
  };

  const died = exited.then((code) => {
    throw new Error(`${name} exited (${String(code)}) before listening:\n${stderr}`);
  });
  let url: string;
  if (env.PORT && env.PORT !== '0') {
    // A fixed port (e.g. benchmarks with LOG_LEVEL=warn, where the "listening" line is not logged): poll health.
    url = `http://127.0.0.1:${env.PORT}`;
    const deadline = Date.now() + timeoutMs;
    const healthy = async () => {
      while (Date.now() < deadline) {
        if (child.exitCode !== null) await died;
        if (
          await fetch(`${url}/api/v1/health`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${name} did not become healthy within ${timeoutMs} ms`);
    };
    await Promise.race([healthy(), died]);
  } else {
    const listening = await Promise.race([
      waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at '), timeoutMs),
      died,
    ]);
    url = (listening.msg as string).slice('Server listening at '.length).trim();
  }
  died.catch(() => undefined);

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    name,
    url,
    child,
    logs,
    stderr: () => stderr,
    waitForLog,
    exited,
    kill,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A random SECRET_KEY: processes sharing a database must share it. */
export const sharedSecret = (): string => randomBytes(32).toString('base64url');

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON client over real HTTP: a session (cookie + CSRF), a bearer token, or nobody; retargetable to another process. */
export class Http {
  constructor(
    readonly baseUrl: string,
    readonly auth: { cookie?: string; csrf?: string; token?: string } = {},
  ) {}

  /** The same credentials against another process. */
  on(baseUrl: string): Http {
    return new Http(baseUrl, this.auth);
  }

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.auth.cookie) h.cookie = `tt_session=${this.auth.cookie}`;
    if (this.auth.csrf && method !== 'GET') h['x-csrf-token'] = this.auth.csrf;
    if (this.auth.token) h.authorization = `Bearer ${this.auth.token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}/api/v1${url}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }

  /** Signs in and returns a session client for this process. */
  static async login(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<Http> {
    const res = await new Http(baseUrl).post('/auth/login', { username, password }, headers);
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return new Http(baseUrl, { cookie: sessionCookie(res.headers), csrf: res.body.csrf_token });
  }

  /** Completes setup (first admin) and returns the admin's session client. */
  static async setup(baseUrl: string, username: string, password: string): Promise<Http> {
    const res = await new Http(baseUrl).post('/setup', {
      admin_username: username,
      admin_password: password,
      telemetry_enabled: false,
    });
    if (res.status !== 201) throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
    return new Http(baseUrl, { cookie: sessionCookie(res.headers), csrf: res.body.csrf_token });
  }
}

function sessionCookie(headers: Headers): string {
  const match = headers
    .getSetCookie()
    .map((c) => /tt_session=([^;]+)/.exec(c))
    .find(Boolean);
  if (!match?.[1]) throw new Error('no session cookie');
  return match[1];
}

/** Polls until fn returns a truthy value; throws after timeoutMs. */
export async function eventually<T>(
  fn: () => Promise<T | undefined | false | null>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
