// Upgrades: a database made by each earlier release (test/fixtures/upgrade/, written by scripts/upgrade-fixture.ts
// from that release's own server and API) is loaded into a fresh database; the current server starts on it, runs
// the newer migrations and serves the old data. And a downgrade: a database that names a migration this version
// does not know is refused at start, with a message that says what to do.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.test-helpers.js';
import { MIGRATION_NAMES, migrateToLatest, openDatabase } from '../../src/server/db/database.js';
import type { Runtime } from '../../src/server/runtime.js';
import { ApiClient, createTestEnvironment, sessionCookieOf, type TestEnvironment } from '../harness.js';
import { loadSqlDump, sqliteFileIn, startOn } from '../restored-instance.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(ROOT, 'test/fixtures/upgrade');
/** Every release with a fixture; scripts/upgrade-fixture.ts makes the next one. */
const RELEASES = ['v0.1.0'];

let env: TestEnvironment | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await env?.destroy();
  runtime = env = undefined;
});

const ok = (res: { status: number; body: any }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

describe.each(RELEASES)('upgrade from %s', { timeout: 120_000 }, (release) => {
  it("starts on the release's database and serves its users, catalog, entries, running timer, token and preferences", async () => {
    const facts = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${release}.json`), 'utf8')) as {
      password: string;
      tokens: Record<string, string>;
    };
    env = await createTestEnvironment({}, undefined, { empty: true });
    const kind = env.env.DATABASE_URL ? 'postgres' : 'sqlite';
    await loadSqlDump(env, path.join(FIXTURES, `${release}.${kind}.sql`));
    runtime = await startOn(env.env);

    // Every migration of this version ran (the release had only the first ones).
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(runtime.ctx.db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);

    // The installation is the same one, set up (no setup wizard again), first seen by the release.
    const installation = await runtime.ctx.db.selectFrom('installation').selectAll().executeTakeFirstOrThrow();
    expect(installation).toMatchObject({ setup_complete: 1, first_seen_version: release.slice(1) });

    // The users sign in with the passwords they had.
    const signIn = async (username: string) => {
      const res = await new ApiClient(runtime!).post('/auth/login', { username, password: facts.password });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return new ApiClient(runtime!, { cookie: sessionCookieOf(res), csrf: res.body.csrf_token });
    };
    const admin = await signIn('admin');
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    expect(ok(await admin.get('/users')).items.map((u: any) => [u.username, u.role, u.active])).toEqual([
      ['admin', 'admin', true],
      ['alice', 'user', true],
      ['bob', 'admin', true],
    ]);

    // The catalog.
    expect(ok(await admin.get('/clients')).items.map((c: any) => c.name)).toEqual(["O'Reilly & Söhne"]);
    const projects = ok(await admin.get('/projects')).items as any[];
    expect(projects.map((p) => [p.name, p.billable]).sort()).toEqual([
      ['Internal', false],
      ['Website', true],
    ]);
    expect(ok(await admin.get('/tasks')).items.map((t: any) => t.name)).toEqual(['Design']);

    // Entries, byte for byte, and the timer still running.
    const entries = (ok(await alice.get('/time-entries')).items as any[]).sort((a, b) => a.id - b.id);
    expect(
      entries.map((e) => [e.start_time, e.end_time, e.duration_seconds, e.break_seconds, e.notes, e.tags, e.billable, e.source]),
    ).toEqual([
      [
        '2026-11-02T08:00:00Z',
        '2026-11-02T11:30:00Z',
        12_600,
        0,
        'Entwurf "Startseite" — zweite Runde\nmit Zeilenumbruch',
        ['design', 'Kunde'],
        true,
        'manual',
      ],
      ['2026-11-03T13:00:00Z', '2026-11-03T13:45:00Z', 2400, 300, null, [], false, 'manual'],
      [entries[2].start_time, null, null, 0, 'läuft beim Upgrade', [], true, 'timer'],
    ]);
    expect(ok(await bob.get('/time-entries')).items).toHaveLength(1);
    const { timer } = ok(await alice.get('/timer'));
    expect(timer).toMatchObject({
      id: entries[2].id,
      notes: 'läuft beim Upgrade',
      paused: false,
      start_time: entries[2].start_time,
    });
    expect(ok(await alice.post('/timer/stop', {})).time_entry.end_time).not.toBeNull();

    // Preferences and the token (with its scopes) still apply.
    expect(ok(await alice.get('/users/me/preferences'))).toMatchObject({
      timezone: 'Europe/Berlin',
      language: 'de',
      week_start: 1,
      weekly_goal_hours: 32,
    });
    const token = new ApiClient(runtime, { token: facts.tokens[kind] });
    expect(ok(await token.get('/time-entries')).items).toHaveLength(3);
    expect((await token.get('/clients')).status).toBe(403);

    // New rows continue the release's id sequences.
    const created = ok(
      await alice.post('/time-entries', {
        project_id: projects.find((p) => p.name === 'Internal').id,
        start_time: '2026-11-05T09:00:00Z',
        end_time: '2026-11-05T10:00:00Z',
      }),
      201,
    );
    expect(created.id).toBe(5);
  });
});

/** The server as operators start it (`src/server/main.ts`); answers its exit code and output. */
function startServerProcess(serverEnv: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...serverEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    // A server that starts would keep running: stop it, so the test fails on the exit code instead of hanging.
    const guard = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

describe('downgrade', { timeout: 120_000 }, () => {
  it('is refused at start, naming the unknown migration and what to do, with nothing changed', async () => {
    env = await createTestEnvironment({}, undefined, { empty: true });
    const database = await openDatabase({ url: env.env.DATABASE_URL, sqliteFile: sqliteFileIn(env.dataDir) });
    try {
      await migrateToLatest(database.db);
      // What a newer version leaves behind.
      await sql`insert into kysely_migration (name, timestamp) values ('900_from_a_newer_version', ${new Date().toISOString()})`.execute(
        database.db,
      );
    } finally {
      await database.close();
    }

    const server = await startServerProcess(env.env);
    expect(server.code).toBe(1);
    expect(server.output).toContain(
      'TimeTracker failed to start: The database has been migrated by a newer version of TimeTracker',
    );
    expect(server.output).toContain('migration 900_from_a_newer_version is unknown to this version');
    expect(server.output).toContain('Upgrade TimeTracker to the version that ran it, or restore a backup');
    expect(server.output).not.toContain('TimeTracker is ready');

    const migrate = await runCli(['migrate'], env.env);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain('migration 900_from_a_newer_version is unknown to this version');

    // Refused, not half-done: the newer version's record is still there for the newer version.
    const again = await openDatabase({ url: env.env.DATABASE_URL, sqliteFile: sqliteFileIn(env.dataDir) });
    try {
      const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db);
      expect(names.rows.map((r) => r.name).at(-1)).toBe('900_from_a_newer_version');
    } finally {
      await again.close();
    }
  });
});
