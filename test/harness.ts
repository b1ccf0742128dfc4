// Starts real, isolated TimeTracker instances for tests: a fresh SQLite file in a temp dir, or a fresh
// PostgreSQL database on the throwaway cluster (TT_TEST_PG_URL), chosen by TT_TEST_DB (set per vitest project).
// PostgreSQL databases are copies of one migrated per run (test/pg-template.ts) unless a test asks for an empty one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createRuntime, type Runtime, type RuntimeOptions } from '../src/server/runtime.js';
import { nowSeconds } from '../src/server/lib/clock.js';
import { hashPassword } from '../src/server/features/auth/passwords.js';
import { randomToken, sha256Hex } from '../src/server/features/auth/secrets.js';
import { dropPgDatabase, PG_TEMPLATE_KEY, pgDatabaseUrl } from './pg-template.js';

export type TestDbKind = 'sqlite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.TT_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

export interface FreshDatabaseOptions {
  /**
   * An empty database instead of one migrated to the latest version: for tests of migrating itself (a migration,
   * `cli migrate`, processes racing to migrate, an older release's data) and of restoring into a new database.
   */
  empty?: boolean;
}

/**
 * A fresh PostgreSQL database on the test cluster, migrated to the latest version (a copy of the run's template,
 * test/pg-template.ts) unless `empty`; returns its URL and a function that drops it. Outside a test run, or when
 * the global setup provided no template, the database is empty and the app migrates it at start.
 */
export async function createPgDatabase(options: FreshDatabaseOptions = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TT_TEST_PG_URL;
  if (!adminUrl) throw new Error('TT_TEST_PG_URL is not set');
  // inject() answers only inside a vitest worker; the benchmarks (bench/) start servers through this too.
  const template = options.empty || !process.env.VITEST ? undefined : inject(PG_TEMPLATE_KEY);
  const name = `tt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
  return { url: pgDatabaseUrl(adminUrl, name), drop: () => dropPgDatabase(adminUrl, name) };
}

export interface TestEnvironment {
  env: Record<string, string>;
  dataDir: string;
  /** Removes the data dir and drops the PostgreSQL database. */
  destroy(): Promise<void>;
}

/** Env for a fresh instance (its own data dir and database); pass `extra` to add or override variables. */
export async function createTestEnvironment(
  extra: Record<string, string> = {},
  kind: TestDbKind = testDbKind(),
  options: FreshDatabaseOptions = {},
): Promise<TestEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  };
  let drop = async () => undefined as void;
  if (kind === 'postgres') {
    const created = await createPgDatabase(options);
    env.DATABASE_URL = created.url;
    drop = created.drop;
  }
  return {
    env,
    dataDir,
    destroy: async () => {
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** A caller of the API through Fastify inject: a browser session (cookie + CSRF), a bearer token, or nobody. */
export class ApiClient {
  constructor(
    readonly runtime: Runtime,
    readonly auth: { cookie?: string; csrf?: string; token?: string; ip?: string; userAgent?: string } = {},
  ) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.auth.cookie) h.cookie = `tt_session=${this.auth.cookie}`;
    if (this.auth.csrf && !['GET', 'HEAD'].includes(method)) h['x-csrf-token'] ??= this.auth.csrf;
    if (this.auth.token) h.authorization = `Bearer ${this.auth.token}`;
    if (this.auth.userAgent) h['user-agent'] = this.auth.userAgent;
    const payload =
      body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (payload !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    const res = await this.runtime.app.inject({
      method: method as 'GET',
      url: url.startsWith('/api/') ? url : `/api/v1${url}`,
      payload,
      headers: h,
      remoteAddress: this.auth.ip ?? '127.0.0.1',
    });
    let parsed: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body.length > 0) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed as T, headers: res.headers, raw: res };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
  delete<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', url, undefined, headers);
  }
}

export interface TestApp {
  runtime: Runtime;
  env: TestEnvironment;
  /** Not signed in. */
  anonymous: ApiClient;
  /** Runs setup and returns the admin's session client. */
  setupAdmin(username?: string, password?: string, telemetryEnabled?: boolean): Promise<ApiClient>;
  /** Signs in with a password and returns the session client. */
  login(username: string, password: string, auth?: ApiClient['auth']): Promise<ApiClient>;
  /** Creates a user through the admin API and signs them in. */
  createUser(admin: ApiClient, username: string, role?: 'admin' | 'user', password?: string): Promise<ApiClient>;
  /** Creates an API token for the client's user and returns a bearer client. */
  tokenClient(owner: ApiClient, scopes: string[]): Promise<ApiClient>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

export async function startTestApp(
  extraEnv: Record<string, string> = {},
  options: RuntimeOptions = {},
  kind?: TestDbKind,
): Promise<TestApp> {
  const env = await createTestEnvironment(extraEnv, kind);
  const runtime = await createRuntime(env.env, { logger: false, ...options });
  await runtime.app.ready();
  const anonymous = new ApiClient(runtime);

  const login = async (username: string, password: string, auth: ApiClient['auth'] = {}) => {
    const res = await new ApiClient(runtime, auth).post('/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return new ApiClient(runtime, { ...auth, cookie: sessionCookieOf(res), csrf: res.body.csrf_token });
  };

  return {
    runtime,
    env,
    anonymous,
    login,
    setupAdmin: async (username = 'admin', password = TEST_PASSWORD, telemetryEnabled = false) => {
      const res = await anonymous.post('/setup', {
        admin_username: username,
        admin_password: password,
        telemetry_enabled: telemetryEnabled,
      });
      if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return new ApiClient(runtime, { cookie: sessionCookieOf(res), csrf: res.body.csrf_token });
    },
    createUser: async (admin, username, role = 'user', password = TEST_PASSWORD) => {
      const res = await admin.post('/users', { username, password, role });
      if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return login(username, password);
    },
    tokenClient: async (owner, scopes) => {
      const res = await owner.post('/tokens', { name: `test ${scopes.join(' ')}`, scopes });
      if (res.status !== 201) throw new Error(`create token failed: ${res.status} ${JSON.stringify(res.body)}`);
      return new ApiClient(runtime, { token: res.body.token });
    },
    close: async () => {
      await runtime.close();
      await env.destroy();
    },
  };
}

export function sessionCookieOf(res: ApiResponse): string {
  const setCookie = res.headers['set-cookie'];
  const all = Array.isArray(setCookie) ? setCookie : [String(setCookie ?? '')];
  const match = all.map((c) => /tt_session=([^;]+)/.exec(c)).find(Boolean);
  if (!match?.[1]) throw new Error('no session cookie in response');
  return match[1];
}

/** Inserts a local user directly (no admin API needed) and signs them in. */
export async function addUser(
  t: TestApp,
  username: string,
  role: 'user' | 'admin' = 'user',
): Promise<{ client: ApiClient; id: number }> {
  const now = nowSeconds();
  const row = await t.runtime.ctx.db
    .insertInto('users')
    .values({
      username,
      username_lower: username.toLowerCase(),
      password_hash: await hashPassword(TEST_PASSWORD),
      role,
      active: 1,
      auth_method: 'local',
      signup_method: 'admin',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { client: await t.login(username, TEST_PASSWORD), id: row.id };
}

/** A bearer client for `userId` with exactly `scopes` (inserted directly, like a token the tokens API minted). */
export async function tokenFor(t: TestApp, userId: number, scopes: string[]): Promise<ApiClient> {
  const token = `tt_${randomToken(24)}`;
  await t.runtime.ctx.db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      name: 'test',
      prefix: token.slice(0, 10),
      token_hash: sha256Hex(token),
      scopes: JSON.stringify(scopes),
      created_at: nowSeconds(),
    })
    .execute();
  return new ApiClient(t.runtime, { token });
}
