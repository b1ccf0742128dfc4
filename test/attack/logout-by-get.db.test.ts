// Issue 12, item 10: only a POST with the session's CSRF token ends a session. A link or an image on any site
// (a GET, or a POST without the token) must leave the user signed in; no GET of the API changes state.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type ApiClient, type TestApp } from '../harness.js';
import { BOOTSTRAP_ADMIN, HttpBrowser, startOidcTestBed, type OidcTestBed } from '../oidc-provider.js';
import { HOST, sessionOf, ssoLogin } from './sso.test-helpers.js';

async function signedIn(client: ApiClient): Promise<boolean> {
  return (await client.get('/auth/session')).body.user !== null;
}

describe('logout only by POST with CSRF', () => {
  let t: TestApp | undefined;
  let bed: OidcTestBed | undefined;
  afterEach(async () => {
    await t?.close();
    await bed?.close();
    t = bed = undefined;
  });

  it('keeps a password session on GET /auth/oidc/logout and on POSTs without the token (AUTH_METHOD=local)', async () => {
    t = await startTestApp({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: TEST_PASSWORD });
    const user = await t.login('root', TEST_PASSWORD);
    const cookieOnly = { cookie: `tt_session=${user.auth.cookie!}` };
    for (const path of ['/api/v1/auth/oidc/logout', '/api/v1/auth/logout', '/api/v1/auth/oidc/logout?x=1']) {
      const res = await t.runtime.app.inject({ method: 'GET', url: path, headers: cookieOnly });
      expect(res.statusCode, path).toBe(404);
      expect(JSON.parse(res.body).error.code).toBeTruthy(); // the API's error shape
      expect(await signedIn(user)).toBe(true);
    }
    for (const path of ['/api/v1/auth/logout', '/api/v1/auth/oidc/logout']) {
      for (const csrf of [undefined, '', 'forged', `${user.auth.csrf}x`]) {
        const headers: Record<string, string> = { ...cookieOnly };
        if (csrf !== undefined) headers['x-csrf-token'] = csrf;
        const res = await t.runtime.app.inject({ method: 'POST', url: path, headers });
        expect(res.statusCode, `${path} ${csrf}`).toBe(403);
        expect(await signedIn(user)).toBe(true);
      }
    }
    // The real thing works: both POSTs end the session.
    expect((await user.post('/auth/oidc/logout')).body).toEqual({ redirect_url: '/login' });
    expect(await signedIn(user)).toBe(false);
    const again = await t.login('root', TEST_PASSWORD);
    expect((await again.post('/auth/logout')).status).toBe(204);
    expect(await signedIn(again)).toBe(false);
  });

  it("keeps an SSO session on GET, and the POST answers the provider's end-session URL", async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('olga-sub', { email: 'olga@example.com', email_verified: true, preferred_username: 'olga' });
    const { browser } = await ssoLogin(bed, 'olga-sub');
    const got = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/logout`);
    expect(got.status).toBe(404);
    expect(got.headers.get('location')).toBeNull();
    expect((await sessionOf(bed, browser)).user?.username).toBe('olga');
    expect(browser.cookie(HOST, 'tt_session')).toBeDefined();

    const { csrf_token: csrf } = await sessionOf(bed, browser);
    const out = await browser.request(`${bed.appUrl}/api/v1/auth/oidc/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf! },
    });
    expect(out.status).toBe(200);
    const url = new URL(((await out.json()) as { redirect_url: string }).redirect_url);
    expect(url.origin + url.pathname).toBe(`${bed.provider.issuer}/session/end`);
    expect((await sessionOf(bed, browser)).user).toBeNull();
  });

  it('changes nothing by any GET of the API', async () => {
    bed = await startOidcTestBed();
    const admin = await bed.t.login(BOOTSTRAP_ADMIN, TEST_PASSWORD);
    const { db } = bed.t.runtime.ctx;
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of [
        'users',
        'sessions',
        'api_tokens',
        'time_entries',
        'projects',
        'clients',
        'tasks',
        'settings',
      ] as const) {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        out[table] = Number(row.n);
      }
      return out;
    };
    const spec = (await admin.get('/api/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(spec.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path.replace(/\{[^}]+\}/g, '1'))
      // The event stream never ends; the SSO login and callback are the provider's redirect flow (state-bound, tested elsewhere).
      .filter((path) => !/\/events$|\/auth\/oidc\/(login|callback)$/.test(path));
    expect(gets.length).toBeGreaterThan(15);
    const before = await counts();
    const browser = new HttpBrowser();
    browser.setCookie(HOST, 'tt_session', admin.auth.cookie!);
    for (const path of gets) {
      const res = await browser.get(`${bed.appUrl}${path}`);
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
    expect(await counts()).toEqual(before);
    expect(await signedIn(admin)).toBe(true);
  });
});
