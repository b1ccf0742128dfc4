// Issue 12, item 1: taking over an SSO identity by typing its owner's e-mail address into one's own profile.
// Real app on a real port, the real OpenID provider, the API as the attacker uses it; SQLite and PostgreSQL.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type ApiClient } from '../harness.js';
import { BOOTSTRAP_ADMIN, startOidcTestBed, type OidcTestBed } from '../oidc-provider.js';
import { HOST, sessionOf, ssoLogin } from './sso.test-helpers.js';

const BOSS = { email: 'boss@corp.example', email_verified: true, preferred_username: 'boss', groups: ['tt-admins'] };

describe('SSO account takeover by e-mail', () => {
  let bed: OidcTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  async function start(): Promise<{ admin: ApiClient; mallory: ApiClient; malloryId: number }> {
    bed = await startOidcTestBed({ OIDC_ADMIN_GROUP: 'tt-admins' });
    const admin = await bed.t.login(BOOTSTRAP_ADMIN, TEST_PASSWORD);
    const mallory = await bed.t.createUser(admin, 'mallory');
    const me = await mallory.get('/users/me');
    return { admin, mallory, malloryId: me.body.id as number };
  }

  it("refuses to link the boss's SSO identity to an account that merely typed the boss's address", async () => {
    const { mallory, malloryId } = await start();
    const planted = await mallory.patch('/users/me', { email: BOSS.email });
    expect(planted.status).toBe(200);
    expect(planted.body.email).toBe(BOSS.email);

    bed!.provider.accounts.set('boss-sub', BOSS);
    const boss = await ssoLogin(bed!, 'boss-sub');
    expect(boss.location).toBe('/login?error=account_link_required');
    expect(boss.browser.cookie(HOST, 'tt_session')).toBeUndefined();

    // Nothing reached mallory's account: no identity, no admin role, not by password either.
    const row = await bed!.t.runtime.ctx.db.selectFrom('users').selectAll().where('id', '=', malloryId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ oidc_subject: null, oidc_issuer: null, role: 'user' });
    const again = await bed!.t.login('mallory', TEST_PASSWORD);
    expect((await again.get('/users/me')).body).toMatchObject({ role: 'user', sso_identity: null });
    expect((await again.get('/users')).status).toBe(403);
    // The address stays on mallory's account, marked for what it is.
    expect(planted.body).toMatchObject({ email_verified: false, sso_identity: null });
  });

  it('keeps addresses unique ignoring case, so a variant cannot block or hijack the owner', async () => {
    const { admin, mallory } = await start();
    const created = await admin.post('/users', {
      username: 'victor',
      email: 'victor@corp.example',
      role: 'user',
      password: TEST_PASSWORD,
    });
    expect(created.status).toBe(201);

    for (const variant of ['VICTOR@corp.example', 'Victor@Corp.Example', 'victor@CORP.EXAMPLE']) {
      const res = await mallory.patch('/users/me', { email: variant });
      expect(res.status, variant).toBe(409);
      expect(res.body.error.code).toBe('email_taken');
    }
    const byAdmin = await admin.post('/users', {
      username: 'victor2',
      email: 'VICTOR@CORP.example',
      role: 'user',
      password: TEST_PASSWORD,
    });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.error.code).toBe('email_taken');

    // The database refuses it too, whoever writes.
    const { db } = bed!.t.runtime.ctx;
    await expect(
      db.updateTable('users').set({ email: 'VICTOR@Corp.example' }).where('username', '=', 'mallory').execute(),
    ).rejects.toThrow();

    // Victor's first SSO login links his own account (both sides verified), not an account_conflict.
    bed!.provider.accounts.set('victor-sub', { email: 'Victor@corp.example', email_verified: true, preferred_username: 'v' });
    const victor = await ssoLogin(bed!, 'victor-sub');
    expect(victor.location).toBe('/');
    expect((await sessionOf(bed!, victor.browser)).user).toMatchObject({ id: created.body.id, username: 'victor' });
    expect(created.body.email_verified).toBe(true); // an admin set it
  });

  it('gives a free address to exactly one of many concurrent claimants, in any case, without a 500', async () => {
    const { admin } = await start();
    const clients: ApiClient[] = [];
    for (let i = 0; i < 8; i++) clients.push(await bed!.t.createUser(admin, `claimant${i}`));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 1e9 }),
        async (upper, n) => {
          const address = `shared${n}@corp.example`;
          const variants = clients.map((_, i) =>
            [...address].map((c, j) => (upper[(i + j) % upper.length] ? c.toUpperCase() : c)).join(''),
          );
          const answers = await Promise.all(clients.map((c, i) => c.patch('/users/me', { email: variants[i] })));
          const statuses = answers.map((a) => a.status).sort();
          expect(statuses.filter((s) => s === 200)).toHaveLength(1);
          expect(statuses.filter((s) => s === 409)).toHaveLength(clients.length - 1);
          for (const a of answers) if (a.status === 409) expect(a.body.error.code).toBe('email_taken');
          const owners = await bed!.t.runtime.ctx.db
            .selectFrom('users')
            .select('id')
            .where((eb) => eb(eb.fn('lower', ['email']), '=', address))
            .execute();
          expect(owners).toHaveLength(1);
          // Free the address again for the next run.
          await Promise.all(answers.map((a, i) => (a.status === 200 ? clients[i]!.patch('/users/me', { email: null }) : null)));
        },
      ),
      { numRuns: 5 },
    );
  });

  it('lets an admin link and unlink the identity; the provider group then applies to the linked account only', async () => {
    const { admin, mallory, malloryId } = await start();
    // Carol typed her address herself (unverified): her first SSO login is refused with the reason.
    const carolClient = await bed!.t.createUser(admin, 'carol');
    const carolId = (await carolClient.get('/users/me')).body.id as number;
    const typed = await carolClient.patch('/users/me', { email: 'carol@corp.example' });
    expect(typed.status).toBe(200);
    bed!.provider.accounts.set('carol-sub', {
      email: 'carol@corp.example',
      email_verified: true,
      preferred_username: 'carol',
      groups: ['tt-admins'],
    });
    expect((await ssoLogin(bed!, 'carol-sub')).location).toBe('/login?error=account_link_required');
    expect(typed.body.email_verified).toBe(false);

    // Only admins link, with CSRF; another user's account cannot be the target of a user's request.
    expect((await mallory.request('PUT', `/users/${carolId}/sso-identity`, { subject: 'carol-sub' })).status).toBe(403);
    expect((await mallory.request('PUT', `/users/${malloryId}/sso-identity`, { subject: 'carol-sub' })).status).toBe(403);
    const noCsrf = await admin.request(
      'PUT',
      `/users/${carolId}/sso-identity`,
      { subject: 'carol-sub' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    expect((await admin.request('PUT', '/users/99999/sso-identity', { subject: 'carol-sub' })).status).toBe(404);
    expect((await admin.request('PUT', `/users/${carolId}/sso-identity`, { subject: '' })).status).toBe(400);

    const linked = await admin.request('PUT', `/users/${carolId}/sso-identity`, { subject: 'carol-sub' });
    expect(linked.status).toBe(200);
    expect(linked.body.sso_identity).toEqual({ issuer: bed!.provider.issuer, subject: 'carol-sub' });
    const taken = await admin.request('PUT', `/users/${malloryId}/sso-identity`, { subject: 'carol-sub' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('sso_identity_taken');

    // Now her SSO login signs her in; the provider's group makes her (the asserted identity) an admin.
    const carol = await ssoLogin(bed!, 'carol-sub');
    expect(carol.location).toBe('/');
    expect((await sessionOf(bed!, carol.browser)).user).toMatchObject({ id: carolId, role: 'admin', email_verified: true });

    // Unlinking ends her SSO sessions; her password session stays.
    const unlinked = await admin.delete(`/users/${carolId}/sso-identity`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.sso_identity).toBeNull();
    expect((await sessionOf(bed!, carol.browser)).user).toBeNull();
    expect((await carolClient.get('/users/me')).status).toBe(200);
    expect((await admin.delete(`/users/${carolId}/sso-identity`)).status).toBe(200); // idempotent

    // Documented in the generated OpenAPI document, as is the logout POST (and no logout GET).
    const spec = (await admin.get('/api/docs/json')).body as { paths: Record<string, Record<string, { description?: string }>> };
    const ops = spec.paths['/api/v1/users/{id}/sso-identity']!;
    expect(Object.keys(ops).sort()).toEqual(['delete', 'put']);
    expect(ops.put!.description).toContain('account_link_required');
    expect(Object.keys(spec.paths['/api/v1/auth/oidc/logout']!)).toEqual(['post']);
  });

  it('never copies a provider address onto a linked account when another account has it', async () => {
    const { admin } = await start();
    const yara = await admin.post('/users', {
      username: 'yara',
      email: 'yara@corp.example',
      role: 'user',
      password: TEST_PASSWORD,
    });
    bed!.provider.accounts.set('xavier-sub', {
      email: 'xavier@corp.example',
      email_verified: true,
      preferred_username: 'xavier',
    });
    const first = await ssoLogin(bed!, 'xavier-sub');
    expect(first.location).toBe('/');
    // The provider now claims yara's address (another case) for xavier: he signs in, the address stays his own.
    bed!.provider.accounts.set('xavier-sub', { email: 'YARA@corp.example', email_verified: true, preferred_username: 'xavier' });
    const second = await ssoLogin(bed!, 'xavier-sub');
    expect(second.location).toBe('/');
    expect((await sessionOf(bed!, second.browser)).user).toMatchObject({ username: 'xavier', email: 'xavier@corp.example' });
    expect((await admin.get(`/users/${yara.body.id}`)).body).toMatchObject({ email: 'yara@corp.example', email_verified: true });
  });
});
