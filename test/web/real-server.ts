// Component tests talk to a real TimeTracker instead of a mocked API. The server runs as its own process (SQLite
// in a temporary data dir): the component tests' DOM (happy-dom) replaces Node's globals such as URL and fetch,
// which the server must not run under. The page's fetch is routed to it over node:http with the signed-in
// admin's session cookie, so components meet the server's real validation, errors and data; multipart uploads
// (the import dialog) go through unchanged.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { compiledEntry } from '../compiled-sources.js';
import { setCsrfToken } from '../../src/web/api/client.js';

const PROJECT = path.resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'correct horse battery';

/** Waits for the line the server prints once it listens; throws with its output when it exits or takes too long. */
async function waitUntilReady(child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const until = Date.now() + timeoutMs;
  while (!output.includes('TimeTracker is ready')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A JSON caller of the test server as the signed-in admin (for arranging data). */
export interface AdminCaller {
  get<T = any>(url: string): Promise<{ status: number; body: T }>;
  post<T = any>(url: string, body?: unknown): Promise<{ status: number; body: T }>;
  patch<T = any>(url: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export interface WebTestServer {
  admin: AdminCaller;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function send(port: number, method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The server process on a port that was free a moment ago. Test files run side by side, so another file may bind
 * that port first: the process then exits with EADDRINUSE, and it is started again on another port.
 */
async function startOnFreePort(dataDir: string): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, compiledEntry('src/server/main.ts'), {
      cwd: PROJECT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitUntilReady(child);
      return { port, child };
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 5 && String(error).includes('EADDRINUSE')) continue;
      throw error;
    }
  }
}

/** Starts a fresh instance with an admin, signs the web client in as that admin and routes `fetch` to the server. */
export async function startWebTestServer(): Promise<WebTestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-web-test-'));
  const { port, child } = await startOnFreePort(dataDir);

  const json = { 'content-type': 'application/json' };
  const setup = await send(
    port,
    'POST',
    '/api/v1/setup',
    json,
    Buffer.from(JSON.stringify({ admin_username: 'admin', admin_password: ADMIN_PASSWORD, telemetry_enabled: false })),
  );
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${setup.body.toString()}`);
  const cookie = /tt_session=[^;]+/.exec(String(setup.headers['set-cookie']))?.[0] ?? '';
  const csrf = (JSON.parse(setup.body.toString()) as { csrf_token: string }).csrf_token;

  const call = async (method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : json) };
    const answer = await send(
      port,
      method,
      `/api/v1${url}`,
      headers,
      body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    );
    const text = answer.body.toString();
    return {
      status: answer.status,
      body: text && String(answer.headers['content-type']).includes('json') ? JSON.parse(text) : text,
    };
  };

  const pageFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    headers.cookie = cookie;
    const body = ['GET', 'HEAD'].includes(request.method) ? undefined : Buffer.from(await request.arrayBuffer());
    const answer = await send(port, request.method, url.pathname + url.search, headers, body);
    const answerHeaders = new Headers();
    for (const [key, value] of Object.entries(answer.headers)) {
      if (value === undefined || key === 'set-cookie') continue;
      answerHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const empty = answer.status === 204 || answer.status === 304;
    return new Response(empty ? null : new Uint8Array(answer.body), { status: answer.status, headers: answerHeaders });
  }) as typeof fetch;
  setCsrfToken(csrf);

  return {
    admin: {
      get: (url) => call('GET', url),
      post: (url, body = {}) => call('POST', url, body),
      patch: (url, body = {}) => call('PATCH', url, body),
    },
    close: async () => {
      globalThis.fetch = pageFetch;
      setCsrfToken(null);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
