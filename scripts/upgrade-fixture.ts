// Makes the upgrade fixtures of a released version: checks the release's tag out into a temporary git worktree,
// starts that version's own server on a fresh SQLite data dir and on a fresh PostgreSQL database, fills it through
// its own API (admin, users, catalog, entries, a running timer, a token, preferences), stops it and dumps both
// databases as text into test/fixtures/upgrade/. test/upgrade/upgrade.db.test.ts then starts the current server on
// them. Making the fixture of the next release (docs/deployment.md, "Upgrades"):
//
//   git tag v0.2.0 <commit>                      # the release, as tagged
//   TT_TEST_PG_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx scripts/upgrade-fixture.ts v0.2.0
//   # then add 'v0.2.0' to RELEASES in test/upgrade/upgrade.db.test.ts and commit the three new files.
//
// TT_TEST_PG_URL names a PostgreSQL 15 server where the script may create and drop a database (scripts/pg-throwaway.sh
// starts one). The release's dependencies are this checkout's node_modules (symlinked): a release whose lockfile
// differs a lot may need `npm ci` in the worktree instead.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sqliteDump } from './sqlite-dump.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'test/fixtures/upgrade');
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Every fixture user's password; written into the fixture's JSON for the upgrade test. */
const PASSWORD = 'upgrade fixture password';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The release's server (`src/server/main.ts` under tsx, as `npm run dev` runs it), ready to answer. */
async function startRelease(worktree: string, env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: worktree,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const until = Date.now() + 60_000;
  while (!output.includes('TimeTracker is ready')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`the release's server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base: `http://127.0.0.1:${port}/api/v1` };
}

async function stopRelease(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A signed-in caller of the release's API over HTTP. */
class Caller {
  constructor(
    private readonly base: string,
    private readonly cookie = '',
    private readonly csrf = '',
  ) {}

  async call(
    method: string,
    url: string,
    body?: unknown,
    expected = method === 'POST' && url !== '/auth/login' ? 201 : 200,
    // The release's responses: typed by that release only, read here by field name.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<any> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    const parsed = text ? JSON.parse(text) : undefined;
    if (url === '/setup' || url === '/auth/login') {
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0] ?? '')
        .find((c) => c.startsWith('tt_session='));
      return { body: parsed, caller: new Caller(this.base, cookie, parsed.csrf_token) };
    }
    return parsed;
  }
}

/** Fills a fresh instance of the release; answers the token's secret (shown once, so the test can use it). */
async function populate(base: string): Promise<{ token: string }> {
  const anonymous = new Caller(base);
  const { caller: admin } = await anonymous.call('POST', '/setup', {
    admin_username: 'admin',
    admin_password: PASSWORD,
    telemetry_enabled: false,
  });
  await admin.call('POST', '/users', { username: 'alice', password: PASSWORD, role: 'user' });
  await admin.call('POST', '/users', { username: 'bob', password: PASSWORD, role: 'admin' });
  const client = await admin.call('POST', '/clients', { name: "O'Reilly & Söhne" });
  const website = await admin.call('POST', '/projects', { name: 'Website', client_id: client.id, billable: true });
  const internal = await admin.call('POST', '/projects', { name: 'Internal', billable: false });
  const design = await admin.call('POST', '/tasks', { project_id: website.id, name: 'Design' });

  const { caller: alice } = await anonymous.call('POST', '/auth/login', { username: 'alice', password: PASSWORD });
  await alice.call('PATCH', '/users/me/preferences', {
    timezone: 'Europe/Berlin',
    language: 'de',
    week_start: 1,
    weekly_goal_hours: 32,
  });
  await alice.call('POST', '/time-entries', {
    project_id: website.id,
    task_id: design.id,
    start_time: '2026-11-02T08:00:00Z',
    end_time: '2026-11-02T11:30:00Z',
    notes: 'Entwurf "Startseite" — zweite Runde\nmit Zeilenumbruch',
    tags: ['design', 'Kunde'],
  });
  await alice.call('POST', '/time-entries', {
    project_id: internal.id,
    start_time: '2026-11-03T13:00:00Z',
    end_time: '2026-11-03T13:45:00Z',
    break_seconds: 300,
    notes: null,
  });
  // A running timer, as someone upgrading in the middle of their day leaves it.
  await alice.call('POST', '/timer/start', { project_id: website.id, notes: 'läuft beim Upgrade' });
  const { caller: bob } = await anonymous.call('POST', '/auth/login', { username: 'bob', password: PASSWORD });
  await bob.call('POST', '/time-entries', {
    project_id: website.id,
    start_time: '2026-11-04T09:00:00Z',
    end_time: '2026-11-04T17:00:00Z',
    billable: false,
  });
  const token = await alice.call('POST', '/tokens', { name: 'Fixture script', scopes: ['read:time_entries', 'read:projects'] });
  return { token: token.token as string };
}

async function main(): Promise<void> {
  const tag = process.argv[2] ?? 'v0.1.0';
  const adminUrl = process.env.TT_TEST_PG_URL;
  if (!adminUrl) throw new Error('Set TT_TEST_PG_URL to a PostgreSQL 15 server URL (see scripts/pg-throwaway.sh).');
  const version = tag.replace(/^v/, '');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `tt-upgrade-${version}-`));
  const worktree = path.join(tmp, 'release');
  await run('git', ['-C', ROOT, 'worktree', 'add', '--detach', worktree, tag]);
  const dbName = `tt_upgrade_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(worktree, 'node_modules'));
    fs.mkdirSync(OUT, { recursive: true });
    const tokens: Record<string, string> = {};

    // SQLite: the release's own file, dumped as SQL text after the server stopped.
    const dataDir = path.join(tmp, 'data-sqlite');
    let server = await startRelease(worktree, { DATA_DIR: dataDir });
    tokens.sqlite = (await populate(server.base)).token;
    await stopRelease(server.child);
    const file = new SQLite(path.join(dataDir, 'timetracker.sqlite'), { readonly: true });
    fs.writeFileSync(path.join(OUT, `${tag}.sqlite.sql`), sqliteDump(file));
    file.close();

    // PostgreSQL: a fresh database, dumped as plain SQL with INSERTs (readable, and loads into any later 15.x).
    await admin.query(`create database ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    server = await startRelease(worktree, { DATA_DIR: path.join(tmp, 'data-pg'), DATABASE_URL: url.toString() });
    tokens.postgres = (await populate(server.base)).token;
    await stopRelease(server.child);
    const pgDump = fs.existsSync(`${PG_BIN}/pg_dump`) ? `${PG_BIN}/pg_dump` : 'pg_dump';
    const { stdout } = await run(pgDump, ['--inserts', '--no-owner', '--no-privileges', url.toString()], {
      maxBuffer: 64 * 1024 * 1024,
    });
    fs.writeFileSync(path.join(OUT, `${tag}.postgres.sql`), stdout);

    fs.writeFileSync(path.join(OUT, `${tag}.json`), JSON.stringify({ version, password: PASSWORD, tokens }, null, 2) + '\n');
    process.stdout.write(`Wrote ${tag}.sqlite.sql, ${tag}.postgres.sql and ${tag}.json to ${path.relative(ROOT, OUT)}/\n`);
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    await run('git', ['-C', ROOT, 'worktree', 'remove', '--force', worktree]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
