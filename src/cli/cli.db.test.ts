// Runs the CLI as a real child process against a fresh database (SQLite file or PostgreSQL database), and
// checks its effects through a running app instance on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createTestEnvironment, sessionCookieOf, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.js';
import { createRuntime, type Runtime } from '../server/runtime.js';
import { runCli, runCliThroughNpm } from './cli.test-helpers.js';

describe('CLI', { timeout: 120_000 }, () => {
  let env: TestEnvironment;
  let runtime: Runtime | undefined;
  const cli = (args: string[], input?: string) => runCli(args, env.env, input);

  beforeAll(async () => {
    env = await createTestEnvironment({}, undefined, { empty: true });
  });
  afterAll(async () => {
    await runtime?.close();
    await env.destroy();
  });

  // The steps build on each other (fresh database → migrate → setup → users), so they run in order.
  it('explains usage with exit code 2 and help with 0', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const command of ['create-user', 'reset-password', 'list-users', 'migrate', 'help'])
      expect(help.stdout).toContain(command);

    const unknown = await cli(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "frobnicate"') });
    const missing = await cli(['create-user']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing <username>');
    expect(missing.stderr).toContain('Usage: npm run cli -- create-user <username>');
    expect((await cli(['create-user', 'x', '--password', 'long-enough', '--password-stdin'])).code).toBe(2);
  });

  it('stops with exit code 1 and one line naming the variable on bad configuration', async () => {
    const res = await runCli(['migrate'], { ...env.env, PORT: 'eighty' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT="eighty"')]);
  });

  it('migrates a fresh database once, then reports it is up to date', async () => {
    // Through the documented entry point (`npm run cli`, tsx over the sources); the other steps run it compiled.
    const first = await runCliThroughNpm(['migrate'], env.env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\).*001_initial/);
    const second = await cli(['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('up to date');
  });

  it('refuses to create users before the setup', async () => {
    const res = await cli(['create-user', 'early', '--password-stdin'], `${TEST_PASSWORD}\n`);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('not set up');
  });

  it('creates users that can sign in, with the right role', async () => {
    runtime = await createRuntime(env.env, { logger: false });
    await runtime.app.ready();
    expect(
      (
        await new ApiClient(runtime).post('/setup', {
          admin_username: 'admin',
          admin_password: TEST_PASSWORD,
          telemetry_enabled: false,
        })
      ).status,
    ).toBe(201);

    const alice = await cli(['create-user', 'alice', '--password-stdin'], `${TEST_PASSWORD}\n`);
    expect(alice).toMatchObject({ code: 0, stdout: expect.stringMatching(/Created user "alice"/) });
    const bob = await cli(['create-user', 'bob', '--admin', '--password', 'bobs password']);
    expect(bob.code).toBe(0);
    expect(bob.stderr).toContain('Warning');

    const login = (username: string, password: string) => new ApiClient(runtime!).post('/auth/login', { username, password });
    expect((await login('alice', TEST_PASSWORD)).body.user).toMatchObject({ username: 'alice', role: 'user' });
    expect((await login('bob', 'bobs password')).body.user).toMatchObject({ username: 'bob', role: 'admin' });
    const row = await runtime.ctx.db
      .selectFrom('users')
      .select('signup_method')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(row.signup_method).toBe('admin');

    const taken = await cli(['create-user', 'ALICE', '--password-stdin'], `${TEST_PASSWORD}\n`);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already taken');
    const short = await cli(['create-user', 'carol', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 8 characters');
  });

  it('lists the users as a table and as JSON', async () => {
    const table = await cli(['list-users']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+USERNAME\s+ROLE\s+STATUS/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(1, 4))).toEqual([
      ['admin', 'admin', 'active'],
      ['alice', 'user', 'active'],
      ['bob', 'admin', 'active'],
    ]);
    const json = await cli(['list-users', '--json']);
    expect(JSON.parse(json.stdout).map((u: { username: string; role: string }) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['alice', 'user'],
      ['bob', 'admin'],
    ]);
  });

  it("resets a password from stdin and ends the user's sessions", async () => {
    const signedIn = await new ApiClient(runtime!).post('/auth/login', { username: 'alice', password: TEST_PASSWORD });
    const session = new ApiClient(runtime!, { cookie: sessionCookieOf(signedIn) });
    expect((await session.get('/users/me')).status).toBe(200);

    const res = await cli(['reset-password', 'Alice'], 'a fresh password\n');
    expect(res).toMatchObject({ code: 0, stdout: expect.stringContaining('Changed the password of "alice"') });
    expect((await session.get('/users/me')).status).toBe(401);
    expect((await new ApiClient(runtime!).post('/auth/login', { username: 'alice', password: TEST_PASSWORD })).status).toBe(401);
    expect((await new ApiClient(runtime!).post('/auth/login', { username: 'alice', password: 'a fresh password' })).status).toBe(
      200,
    );

    const ghost = await cli(['reset-password', 'ghost'], 'a fresh password\n');
    expect(ghost).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no user "ghost"') });
    const twoLines = await cli(['reset-password', 'alice'], 'line one\nline two\n');
    expect(twoLines.code).toBe(1);
    expect(twoLines.stderr).toContain('single line');
  });

  it('creates a user with a verified address, and links and unlinks an SSO identity', async () => {
    const dora = await cli(['create-user', 'dora', '--email', 'Dora@Example.com', '--password-stdin'], `${TEST_PASSWORD}\n`);
    expect(dora.code).toBe(0);
    const row = () => runtime!.ctx.db.selectFrom('users').selectAll().where('username', '=', 'dora').executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ email: 'Dora@Example.com', email_verified: 1 });
    const sameAddress = await cli(['create-user', 'dora2', '--email', 'dora@example.COM', '--password-stdin'], `${TEST_PASSWORD}\n`);
    expect(sameAddress).toMatchObject({ code: 1, stderr: expect.stringContaining('already has this e-mail address') });
    expect((await cli(['create-user', 'eve', '--email', 'not-an-address', '--password-stdin'], `${TEST_PASSWORD}\n`)).code).toBe(1);

    // Without SSO configured the issuer must be named.
    const noIssuer = await cli(['link-sso', 'dora', 'dora-sub']);
    expect(noIssuer).toMatchObject({ code: 1, stderr: expect.stringContaining('OIDC_ISSUER') });
    const linked = await cli(['link-sso', 'dora', 'dora-sub', '--issuer', 'https://sso.example.com']);
    expect(linked).toMatchObject({ code: 0, stdout: expect.stringContaining('Linked the SSO identity "dora-sub"') });
    expect(await row()).toMatchObject({ oidc_issuer: 'https://sso.example.com', oidc_subject: 'dora-sub' });
    const taken = await cli(['link-sso', 'alice', 'dora-sub', '--issuer', 'https://sso.example.com']);
    expect(taken).toMatchObject({ code: 1, stderr: expect.stringContaining('Another account is linked') });
    expect((await cli(['link-sso', 'ghost', 'x', '--issuer', 'https://sso.example.com'])).code).toBe(1);
    expect((await cli(['link-sso', 'dora'])).code).toBe(2);

    expect((await cli(['unlink-sso', 'dora'])).code).toBe(0);
    expect(await row()).toMatchObject({ oidc_issuer: null, oidc_subject: null });
  });
});
