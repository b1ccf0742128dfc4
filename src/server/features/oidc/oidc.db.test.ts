// Single sign-on end to end over real HTTP: the app listens on a real port, a real OpenID provider
// (oidc-provider) runs on another, and an HTTP client with a cookie jar plays the browser, following every
// redirect by hand and filling in the provider's login and consent forms.
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyticsSink } from '../analytics/sink.js';
import type { UserRow } from '../../db/schema.js';
import { insertUser } from '../users/users.queries.js';
import { hashPassword } from '../auth/passwords.js';
import { sha256Hex } from '../auth/secrets.js';
import { startTestApp, TEST_PASSWORD } from '../../../../test/harness.js';
import {
  authorizeAtProvider,
  BOOTSTRAP_ADMIN,
  formAction,
  HttpBrowser,
  locationOf,
  startOidcTestBed,
  type OidcTestBed,
} from '../../../../test/oidc-provider.js';

const HOST = '127.0.0.1';

interface SsoResult {
  browser: HttpBrowser;
  /** Location of the callback's redirect. */
  location: string;
  callbackUrl: string;
  /** The login cookie as it was when the provider redirected back. */
  loginCookie: string | undefined;
  prompts: string[];
  authorizationUrl: URL;
  callbackResponse: Response;
}

/** One SSO sign-in in `browser` (a fresh one by default); `tamper` may change the provider URL first. */
async function ssoLogin(
  bed: OidcTestBed,
  login: string,
  options: { browser?: HttpBrowser; next?: string; tamper?: (authorizationUrl: URL) => void } = {},
): Promise<SsoResult> {
  const browser = options.browser ?? new HttpBrowser();
  const query = options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`;
  const start = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/login${query}`);
  expect(start.status).toBe(302);
  const authorizationUrl = new URL(locationOf(start, bed.appUrl));
  options.tamper?.(authorizationUrl);
  const { callbackUrl, prompts } = await authorizeAtProvider(browser, authorizationUrl.href, login, bed.callbackPrefix);
  const loginCookie = browser.cookie(HOST, 'tt_oidc');
  const callbackResponse = await browser.get(callbackUrl);
  expect(callbackResponse.status).toBe(302);
  return {
    browser,
    location: callbackResponse.headers.get('location') ?? '',
    callbackUrl,
    loginCookie,
    prompts,
    authorizationUrl,
    callbackResponse,
  };
}

async function sessionOf(
  bed: OidcTestBed,
  browser: HttpBrowser,
): Promise<{ user: Record<string, unknown> | null; csrf_token: string | null }> {
  const res = await browser.get(`${bed.appUrl}/api/v1/auth/session`);
  expect(res.status).toBe(200);
  return (await res.json()) as { user: Record<string, unknown> | null; csrf_token: string | null };
}

function userBySubject(bed: OidcTestBed, subject: string): Promise<UserRow | undefined> {
  return bed.t.runtime.ctx.db.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
}

function recordAnalytics(bed: OidcTestBed) {
  const events: { event: string; properties: Record<string, unknown> }[] = [];
  const identified: { userId: number; authMethod: string | undefined }[] = [];
  const order: string[] = [];
  const sink: AnalyticsSink = {
    track: (event, properties) => {
      events.push({ event, properties });
      order.push(event);
    },
    identifyUser: (user, authMethod) => {
      identified.push({ userId: user.id, authMethod });
      order.push('identify');
    },
  };
  bed.t.runtime.ctx.analytics = sink;
  return { events, identified, order };
}

/** A password account an admin created, with an address the admin set (verified) unless `verified` is false. */
async function localUser(
  bed: OidcTestBed,
  username: string,
  email: string,
  options: { role?: 'admin' | 'user'; verified?: boolean } = {},
): Promise<UserRow> {
  const { db, config } = bed.t.runtime.ctx;
  return insertUser(db, config, {
    username,
    password_hash: await hashPassword(TEST_PASSWORD),
    role: options.role ?? 'user',
    signup_method: 'admin',
    auth_method: 'local',
    email,
    email_verified: options.verified ?? true,
  });
}

describe('single sign-on with OpenID Connect', () => {
  let bed: OidcTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  it('creates the user on the first SSO login and maps the next login to the same user', async () => {
    bed = await startOidcTestBed();
    const analytics = recordAnalytics(bed);
    bed.provider.accounts.set('alice-sub', {
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Example',
      preferred_username: 'alice',
    });

    const browser = new HttpBrowser();
    const start = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/login?next=${encodeURIComponent('/entries?week=3')}`);
    expect(start.status).toBe(302);
    const authorizationUrl = new URL(locationOf(start, bed.appUrl));
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${bed.provider.issuer}/auth`);
    const p = authorizationUrl.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe('timetracker');
    expect(p.get('redirect_uri')).toBe(bed.callbackPrefix);
    expect(p.get('scope')).toBe('openid profile email');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
    const loginCookieHeader = start.headers.getSetCookie().find((c) => c.startsWith('tt_oidc='));
    expect(loginCookieHeader).toMatch(/HttpOnly/);
    expect(loginCookieHeader).toMatch(/SameSite=Lax/);
    expect(loginCookieHeader).toMatch(/Path=\/api\/v1\/auth\/oidc/);
    // The browser can't read the PKCE verifier, nonce or state out of the (sealed) cookie.
    const sealed = browser.cookie(HOST, 'tt_oidc')!;
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain(p.get('state')!);

    const { callbackUrl, prompts } = await authorizeAtProvider(browser, authorizationUrl.href, 'alice-sub', bed.callbackPrefix);
    expect(prompts).toEqual(['login', 'consent']);
    const done = await browser.get(callbackUrl);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/entries?week=3');
    expect(browser.cookie(HOST, 'tt_oidc')).toBeUndefined(); // single use
    const sessionCookie = done.headers.getSetCookie().find((c) => c.startsWith('tt_session='));
    expect(sessionCookie).toMatch(/HttpOnly/);

    const session = await sessionOf(bed, browser);
    expect(session.user).toMatchObject({
      username: 'alice',
      email: 'alice@example.com',
      full_name: 'Alice Example',
      role: 'user',
      auth_method: 'oidc',
    });
    expect(session.csrf_token).toBeTruthy();
    const alice = (await userBySubject(bed, 'alice-sub'))!;
    expect(alice).toMatchObject({
      oidc_issuer: bed.provider.issuer,
      signup_method: 'oidc',
      auth_method: 'oidc',
      password_hash: null,
      active: 1,
    });
    expect(alice.first_login_at).not.toBeNull();
    const row = await bed.t.runtime.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', sha256Hex(browser.cookie(HOST, 'tt_session')!))
      .executeTakeFirstOrThrow();
    expect(row.auth_method).toBe('oidc');
    expect(row.oidc_id_token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);

    expect(analytics.events).toEqual([
      { event: 'user.signed_up', properties: { signup_method: 'oidc' } },
      { event: 'auth.login', properties: { auth_method: 'oidc' } },
    ]);
    expect(analytics.identified).toEqual([{ userId: alice.id, authMethod: 'oidc' }]);
    // Identified before the events, so they are attributed to the user although the request had no session.
    expect(analytics.order).toEqual(['identify', 'user.signed_up', 'auth.login']);

    // The provider changed the name and e-mail; the next login (new browser) refreshes them on the same user.
    bed.provider.accounts.set('alice-sub', {
      email: 'alice@new.example.com',
      email_verified: true,
      name: 'Alice Renamed',
      preferred_username: 'alice-new',
    });
    analytics.events.length = 0;
    const second = await ssoLogin(bed, 'alice-sub');
    expect(second.location).toBe('/');
    expect((await sessionOf(bed, second.browser)).user).toMatchObject({
      id: alice.id,
      username: 'alice',
      email: 'alice@new.example.com',
      full_name: 'Alice Renamed',
    });
    expect(analytics.events).toEqual([{ event: 'auth.login', properties: { auth_method: 'oidc' } }]);
    const count = await bed.t.runtime.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2); // the bootstrap admin and alice
  });

  it('sanitises the username claim and makes it unique with a number', async () => {
    bed = await startOidcTestBed();
    await localUser(bed, 'jane_doe', 'someone@example.com');
    bed.provider.accounts.set('jane-1', {
      email: 'jane@example.com',
      email_verified: false,
      name: 'Jane',
      preferred_username: 'Jäne Doe',
    });
    bed.provider.accounts.set('jane-2', { email: 'jane2@example.com', name: 'Jane Two', preferred_username: 'jane doe!' });
    bed.provider.accounts.set('nameless', { email: 'x.y+tag@example.com', email_verified: true });

    const first = await ssoLogin(bed, 'jane-1');
    expect((await sessionOf(bed, first.browser)).user?.username).toBe('Jane_Doe2');
    const second = await ssoLogin(bed, 'jane-2');
    expect((await sessionOf(bed, second.browser)).user?.username).toBe('jane_doe3');
    // No username claim: the e-mail's local part, sanitised.
    const third = await ssoLogin(bed, 'nameless');
    expect((await sessionOf(bed, third.browser)).user?.username).toBe('x.y_tag');
  });

  it('grants admin from the admin group and removes it when the group is gone', async () => {
    bed = await startOidcTestBed({ OIDC_ADMIN_GROUP: 'tt-admins' });
    bed.provider.accounts.set('bob-sub', {
      email: 'bob@example.com',
      email_verified: true,
      preferred_username: 'bob',
      groups: ['staff', 'tt-admins'],
    });
    const first = await ssoLogin(bed, 'bob-sub');
    expect((await sessionOf(bed, first.browser)).user?.role).toBe('admin');

    bed.provider.accounts.set('bob-sub', {
      email: 'bob@example.com',
      email_verified: true,
      preferred_username: 'bob',
      groups: ['staff'],
    });
    const second = await ssoLogin(bed, 'bob-sub');
    expect((await sessionOf(bed, second.browser)).user?.role).toBe('user');
    expect((await userBySubject(bed, 'bob-sub'))?.role).toBe('user');

    // Back in the group (a single string works too, as some providers send it).
    bed.provider.accounts.set('bob-sub', {
      email: 'bob@example.com',
      email_verified: true,
      preferred_username: 'bob',
      groups: 'tt-admins',
    });
    const third = await ssoLogin(bed, 'bob-sub');
    expect((await sessionOf(bed, third.browser)).user?.role).toBe('admin');
  });

  it('grants admin from OIDC_ADMIN_EMAILS, but never demotes the last active admin', async () => {
    const logLines: string[] = [];
    bed = await startOidcTestBed(
      { OIDC_ADMIN_EMAILS: 'boss@example.com, other@example.com' },
      { runtime: { logger: { level: 'warn', stream: { write: (line: string) => void logLines.push(line) } } } },
    );
    bed.provider.accounts.set('boss-sub', { email: 'Boss@Example.com', preferred_username: 'boss' });
    const first = await ssoLogin(bed, 'boss-sub');
    expect((await sessionOf(bed, first.browser)).user?.role).toBe('admin');

    // An address the provider marks unverified never counts.
    bed.provider.accounts.set('fake-sub', { email: 'other@example.com', email_verified: false, preferred_username: 'fake' });
    const fake = await ssoLogin(bed, 'fake-sub');
    expect((await sessionOf(bed, fake.browser)).user?.role).toBe('user');

    // The bootstrap admin leaves; boss is the last active admin and keeps the role although the list dropped them.
    await bed.t.runtime.ctx.db.updateTable('users').set({ active: 0 }).where('username', '=', BOOTSTRAP_ADMIN).execute();
    bed.provider.accounts.set('boss-sub', { email: 'boss@elsewhere.example', preferred_username: 'boss' });
    const second = await ssoLogin(bed, 'boss-sub');
    expect((await sessionOf(bed, second.browser)).user).toMatchObject({ role: 'admin', email: 'boss@elsewhere.example' });
    expect(logLines.some((l) => l.includes('last active admin'))).toBe(true);

    // With another active admin around, the same login removes the role.
    await bed.t.runtime.ctx.db.updateTable('users').set({ active: 1 }).where('username', '=', BOOTSTRAP_ADMIN).execute();
    const third = await ssoLogin(bed, 'boss-sub');
    expect((await sessionOf(bed, third.browser)).user?.role).toBe('user');
  });

  it('links an existing account by e-mail once, only when both sides have it verified', async () => {
    bed = await startOidcTestBed();
    const carol = await localUser(bed, 'carol', 'Carol@Example.com');
    bed.provider.accounts.set('carol-sub', {
      email: 'carol@example.com',
      email_verified: true,
      name: 'Carol C',
      preferred_username: 'carol.sso',
    });
    const first = await ssoLogin(bed, 'carol-sub');
    expect((await sessionOf(bed, first.browser)).user).toMatchObject({ id: carol.id, username: 'carol', full_name: 'Carol C' });
    const linked = (await userBySubject(bed, 'carol-sub'))!;
    expect(linked).toMatchObject({ id: carol.id, oidc_issuer: bed.provider.issuer, auth_method: 'local' });
    expect(linked.password_hash).toBe(carol.password_hash); // password sign-in keeps working (AUTH_METHOD=both)
    await bed.t.login('carol', TEST_PASSWORD);

    // Linked once: another SSO identity with the same verified e-mail does not take the account over.
    bed.provider.accounts.set('carol-other', {
      email: 'carol@example.com',
      email_verified: true,
      preferred_username: 'intruder',
    });
    const other = await ssoLogin(bed, 'carol-other');
    expect(other.location).toBe('/login?error=account_conflict');
    expect(other.browser.cookie(HOST, 'tt_session')).toBeUndefined();
    expect(await userBySubject(bed, 'carol-other')).toBeUndefined();

    // The provider does not assert the address: no link, and no second account with the same address either.
    const dave = await localUser(bed, 'dave', 'dave@example.com');
    bed.provider.accounts.set('dave-sub', { email: 'dave@example.com', email_verified: false, preferred_username: 'dave' });
    const daveLogin = await ssoLogin(bed, 'dave-sub');
    expect(daveLogin.location).toBe('/login?error=account_link_required');
    expect(daveLogin.browser.cookie(HOST, 'tt_session')).toBeUndefined();
    expect(await userBySubject(bed, 'dave-sub')).toBeUndefined();
    expect(
      (await bed.t.runtime.ctx.db.selectFrom('users').selectAll().where('id', '=', dave.id).executeTakeFirstOrThrow())
        .oidc_subject,
    ).toBeNull();
  });

  it('refuses deactivated users and accounts without an e-mail, with a readable code', async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('erin-sub', { email: 'erin@example.com', email_verified: true, preferred_username: 'erin' });
    const first = await ssoLogin(bed, 'erin-sub');
    expect((await sessionOf(bed, first.browser)).user?.username).toBe('erin');
    await bed.t.runtime.ctx.db.updateTable('users').set({ active: 0 }).where('oidc_subject', '=', 'erin-sub').execute();
    const refused = await ssoLogin(bed, 'erin-sub');
    expect(refused.location).toBe('/login?error=account_disabled');
    expect(refused.browser.cookie(HOST, 'tt_session')).toBeUndefined();
    expect((await sessionOf(bed, refused.browser)).user).toBeNull();

    // A deactivated local account is not reachable by linking either.
    const frank = await localUser(bed, 'frank', 'frank@example.com');
    await bed.t.runtime.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', frank.id).execute();
    bed.provider.accounts.set('frank-sub', { email: 'frank@example.com', email_verified: true });
    expect((await ssoLogin(bed, 'frank-sub')).location).toBe('/login?error=account_disabled');
    expect(
      (await bed.t.runtime.ctx.db.selectFrom('users').select('oidc_subject').where('id', '=', frank.id).executeTakeFirstOrThrow())
        .oidc_subject,
    ).toBeNull();

    bed.provider.accounts.set('no-mail', { preferred_username: 'nomail', name: 'No Mail' });
    expect((await ssoLogin(bed, 'no-mail')).location).toBe('/login?error=email_missing');
    expect(await userBySubject(bed, 'no-mail')).toBeUndefined();
  });

  it('refuses unknown users when auto-create is off, and password sign-in when AUTH_METHOD=oidc', async () => {
    bed = await startOidcTestBed({
      AUTH_METHOD: 'oidc',
      OIDC_AUTO_CREATE_USERS: 'false',
      OIDC_BUTTON_LABEL: 'Sign in with Example SSO',
    });
    const info = await bed.t.anonymous.get('/info');
    expect(info.body).toMatchObject({ auth_methods: ['oidc'], oidc_button_label: 'Sign in with Example SSO' });
    const local = await bed.t.anonymous.post('/auth/login', { username: BOOTSTRAP_ADMIN, password: TEST_PASSWORD });
    expect(local.status).toBe(403);

    bed.provider.accounts.set('gina-sub', { email: 'gina@example.com', email_verified: true, preferred_username: 'gina' });
    const refused = await ssoLogin(bed, 'gina-sub');
    expect(refused.location).toBe('/login?error=signup_disabled');
    expect(await userBySubject(bed, 'gina-sub')).toBeUndefined();

    // An existing account is still reachable: the verified e-mail links it.
    const gina = await localUser(bed, 'gina', 'gina@example.com');
    const linked = await ssoLogin(bed, 'gina-sub');
    expect((await sessionOf(bed, linked.browser)).user?.id).toBe(gina.id);
  });

  it('refuses a tampered state, a missing login cookie, and next values that leave the app', async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('hank-sub', { email: 'hank@example.com', email_verified: true, preferred_username: 'hank' });

    const tampered = await ssoLogin(bed, 'hank-sub', { tamper: (url) => url.searchParams.set('state', 'attacker-chosen-state') });
    expect(new URL(tampered.callbackUrl).searchParams.get('state')).toBe('attacker-chosen-state');
    expect(tampered.location).toBe('/login?error=state_mismatch');
    expect(tampered.browser.cookie(HOST, 'tt_session')).toBeUndefined();
    expect(await userBySubject(bed, 'hank-sub')).toBeUndefined();

    // A callback URL carried into another browser (no login cookie) is refused before the code is redeemed.
    const fresh = await ssoLogin(bed, 'hank-sub');
    const stranger = new HttpBrowser();
    const stolen = await stranger.get(fresh.callbackUrl);
    expect(stolen.headers.get('location')).toBe('/login?error=login_expired');

    for (const next of ['//evil.example/x', 'https://evil.example/x', '/\\evil.example', '/api/v1/auth/oidc/logout']) {
      const result = await ssoLogin(bed, 'hank-sub', { next });
      expect(result.location).toBe('/');
    }
    const safe = await ssoLogin(bed, 'hank-sub', { next: '/reports?range=week#top' });
    expect(safe.location).toBe('/reports?range=week#top');
  });

  it('refuses a replayed authorization code', async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('ivy-sub', { email: 'ivy@example.com', email_verified: true, preferred_username: 'ivy' });
    const first = await ssoLogin(bed, 'ivy-sub');
    expect(first.location).toBe('/');
    expect(first.loginCookie).toBeTruthy();

    // An attacker who captured both the callback URL and the login cookie replays them: the provider refuses
    // the second redemption of the code, and no session is created.
    const attacker = new HttpBrowser();
    attacker.setCookie(HOST, 'tt_oidc', first.loginCookie!, '/api/v1/auth/oidc');
    const replay = await attacker.get(first.callbackUrl);
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/login?error=code_replayed');
    expect(attacker.cookie(HOST, 'tt_session')).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one bound to the browser', async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('jack-sub', { email: 'jack@example.com', email_verified: true, preferred_username: 'jack' });
    const result = await ssoLogin(bed, 'jack-sub', { tamper: (url) => url.searchParams.set('nonce', 'nonce-of-another-login') });
    expect(result.location).toBe('/login?error=nonce_mismatch');
    expect(result.browser.cookie(HOST, 'tt_session')).toBeUndefined();
    expect(await userBySubject(bed, 'jack-sub')).toBeUndefined();
  });

  it("sends the provider's refusal to the login page as provider_error", async () => {
    bed = await startOidcTestBed();
    const browser = new HttpBrowser();
    const start = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/login`);
    const authorizationUrl = new URL(locationOf(start, bed.appUrl));
    authorizationUrl.searchParams.set('prompt', 'none'); // nobody is signed in at the provider: login_required
    let url = authorizationUrl.href;
    while (!url.startsWith(bed.callbackPrefix)) url = locationOf(await browser.get(url), url);
    expect(new URL(url).searchParams.get('error')).toBe('login_required');
    const res = await browser.get(url);
    expect(res.headers.get('location')).toBe('/login?error=provider_error');
  });

  it('keeps start-up and password sign-in working while the provider is down, and signs in once it is back', async () => {
    bed = await startOidcTestBed({}, { startProvider: false });
    const health = await bed.t.anonymous.get('/health');
    expect(health.body).toMatchObject({ status: 'ok', db: 'ok', oidc: 'unavailable' });
    expect((await bed.t.anonymous.get('/info')).body.auth_methods).toEqual(['local', 'oidc']);
    const admin = await bed.t.login(BOOTSTRAP_ADMIN, TEST_PASSWORD);
    expect((await admin.get('/auth/session')).body.user.username).toBe(BOOTSTRAP_ADMIN);

    const browser = new HttpBrowser();
    const api = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/login`, { accept: 'application/json' });
    expect(api.status).toBe(503);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('oidc_unavailable');
    expect(body.error.message).toMatch(/cannot be reached/);
    const page = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/login`, { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Single sign-on is unavailable');
    expect(browser.cookie(HOST, 'tt_oidc')).toBeUndefined();

    await bed.provider.start();
    // The background retry (with back-off) notices on its own, without any login attempt.
    const deadline = Date.now() + 20_000;
    let status: unknown;
    while (Date.now() < deadline) {
      status = (await bed.t.anonymous.get('/health')).body.oidc;
      if (status === 'ok') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('ok');

    bed.provider.accounts.set('kim-sub', { email: 'kim@example.com', email_verified: true, preferred_username: 'kim' });
    const result = await ssoLogin(bed, 'kim-sub');
    expect(result.location).toBe('/');
    expect((await sessionOf(bed, result.browser)).user?.username).toBe('kim');
  });

  it('logs out at the provider too: end-session endpoint with id_token_hint and post_logout_redirect_uri', async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('lena-sub', { email: 'lena@example.com', email_verified: true, preferred_username: 'lena' });
    const { browser } = await ssoLogin(bed, 'lena-sub');
    const { db } = bed.t.runtime.ctx;
    const idHash = sha256Hex(browser.cookie(HOST, 'tt_session')!);
    const { oidc_id_token: idToken } = await db
      .selectFrom('sessions')
      .select('oidc_id_token')
      .where('id_hash', '=', idHash)
      .executeTakeFirstOrThrow();

    // Signing out is a POST with the session's CSRF token; the answer says where to navigate.
    const { csrf_token: csrf } = await sessionOf(bed, browser);
    const out = await browser.request(`${bed.appUrl}/api/v1/auth/oidc/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf! },
    });
    expect(out.status).toBe(200);
    const { redirect_url: redirectUrl } = (await out.json()) as { redirect_url: string };
    const endSession = new URL(redirectUrl);
    expect(endSession.origin + endSession.pathname).toBe(`${bed.provider.issuer}/session/end`);
    expect(endSession.searchParams.get('id_token_hint')).toBe(idToken);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${bed.appUrl}/login`);
    expect(endSession.searchParams.get('client_id')).toBe('timetracker');
    expect(await db.selectFrom('sessions').select('id_hash').where('id_hash', '=', idHash).executeTakeFirst()).toBeUndefined();
    expect((await sessionOf(bed, browser)).user).toBeNull();

    // The provider accepts the hint, asks for confirmation, ends its session and sends the browser back.
    const confirm = await browser.get(endSession.href);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeTruthy();
    const ended = await browser.request(formAction(html, endSession.href), { form: { xsrf: xsrf!, logout: 'yes' } });
    let url = locationOf(ended, endSession.href);
    while (!url.startsWith(bed.appUrl)) url = locationOf(await browser.get(url), url);
    expect(url).toBe(`${bed.appUrl}/login`);

    // Signed out at the provider: the next SSO login in this browser asks for the password again.
    const again = await ssoLogin(bed, 'lena-sub', { browser });
    expect(again.prompts[0]).toBe('login');

    // A password session's logout just ends it here.
    const local = await bed.t.login(BOOTSTRAP_ADMIN, TEST_PASSWORD);
    const localBrowser = new HttpBrowser();
    localBrowser.setCookie(HOST, 'tt_session', local.auth.cookie!);
    const localOut = await localBrowser.request(`${bed.appUrl}/api/v1/auth/oidc/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': local.auth.csrf! },
    });
    expect(((await localOut.json()) as { redirect_url: string }).redirect_url).toBe('/login');
    expect((await sessionOf(bed, localBrowser)).user).toBeNull();
  });
});

describe('single sign-on disabled', () => {
  it('answers 404 oidc_disabled and reports no oidc state when AUTH_METHOD is local', async () => {
    const t = await startTestApp({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: TEST_PASSWORD });
    try {
      const res = await t.anonymous.get('/auth/oidc/login');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('oidc_disabled');
      const callback = await t.anonymous.get('/auth/oidc/callback?code=x&state=y');
      expect(callback.status).toBe(302);
      expect(callback.headers.location).toBe('/login?error=oidc_disabled');
      expect((await t.anonymous.get('/health')).body.oidc).toBeUndefined();
      expect((await t.anonymous.get('/info')).body).toMatchObject({ auth_methods: ['local'], oidc_button_label: null });
    } finally {
      await t.close();
    }
  });
});
