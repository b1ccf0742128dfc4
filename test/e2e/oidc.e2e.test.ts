// Single sign-on in a real browser: Chromium starts the SSO login (from the API endpoint, and from the login
// page's SSO button), signs in with the provider's login form, consents, and ends up signed in to the app. The app runs under the host name app.test (mapped to
// 127.0.0.1 inside Chromium) while the provider runs on 127.0.0.1, so the round trip really is cross-site and
// the SameSite=Lax login cookie is exercised as in production.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../harness.js';
import { BOOTSTRAP_ADMIN, startOidcTestBed, type OidcTestBed } from '../oidc-provider.js';
import { insertUser } from '../../src/server/features/users/users.queries.js';
import { ensureWebBuild } from './support.js';

const WEB_ROOT = path.resolve('dist/web');
const BUTTON_LABEL = 'Sign in with Example SSO';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP app.test 127.0.0.1',
];

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(); // consent
}

async function sessionIn(page: Page): Promise<{ user: Record<string, unknown> | null; csrf_token: string | null }> {
  return page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
}

describe('single sign-on in Chromium', () => {
  let bed: OidcTestBed;
  let browser: Browser;

  beforeAll(async () => {
    bed = await startOidcTestBed({ OIDC_BUTTON_LABEL: BUTTON_LABEL }, { publicHost: 'app.test' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await bed?.close();
  });

  it("signs in through the provider's login form and out again at the provider", async () => {
    bed.provider.accounts.set('mia-sub', {
      email: 'mia@example.com',
      email_verified: true,
      name: 'Mia Muster',
      preferred_username: 'mia',
    });
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${bed.appUrl}/api/v1/auth/oidc/login?next=${encodeURIComponent('/entries')}`);
    await page.waitForURL((url) => url.origin === bed.provider.issuer);
    await signInAtProvider(page, 'mia-sub');
    await page.waitForURL(`${bed.appUrl}/entries`);

    const session = await sessionIn(page);
    expect(session.user).toMatchObject({
      username: 'mia',
      email: 'mia@example.com',
      full_name: 'Mia Muster',
      auth_method: 'oidc',
    });
    expect(session.csrf_token).toBeTruthy();
    const cookies = await context.cookies(bed.appUrl);
    expect(cookies.find((c) => c.name === 'tt_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'tt_oidc')).toBeUndefined();

    // Navigating to the logout endpoint (a link from any site could) signs nobody out.
    const get = await page.goto(`${bed.appUrl}/api/v1/auth/oidc/logout`);
    expect(get?.status()).toBe(404);
    expect((await sessionIn(page)).user).toMatchObject({ username: 'mia' });

    // The POST (with CSRF) ends the session and answers the provider's end-session URL, which ends the
    // provider session too and comes back to the login page.
    const answer = await page.evaluate(
      async (csrf) =>
        (await fetch('/api/v1/auth/oidc/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } })).json() as Promise<{
          redirect_url: string;
        }>,
      session.csrf_token as string,
    );
    expect((await sessionIn(page)).user).toBeNull();
    await page.goto(answer.redirect_url);
    await page.waitForURL((url) => url.origin === bed.provider.issuer);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${bed.appUrl}/login`);
    expect((await sessionIn(page)).user).toBeNull();
    await context.close();
  });

  it('lands on the login page with the error code when the sign-in is refused', async () => {
    bed.provider.accounts.set('nomail-sub', { preferred_username: 'nomail' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${bed.appUrl}/api/v1/auth/oidc/login`);
    await signInAtProvider(page, 'nomail-sub');
    await page.waitForURL(`${bed.appUrl}/login?error=email_missing`);
    expect((await sessionIn(page)).user).toBeNull();
    await context.close();
  });

  it("starts from the login page's SSO button of the web UI", async () => {
    await ensureWebBuild();
    const ui = await startOidcTestBed(
      { OIDC_BUTTON_LABEL: BUTTON_LABEL },
      { publicHost: 'app.test', runtime: { webRoot: WEB_ROOT } },
    );
    try {
      ui.provider.accounts.set('noah-sub', { email: 'noah@example.com', email_verified: true, preferred_username: 'noah' });
      const context = await browser.newContext();
      const page = await context.newPage();
      // A hostile next on the login page: the SSO button carries the checked value, the sign-in lands on /.
      await page.goto(`${ui.appUrl}/login?next=${encodeURIComponent('/.//evil.example/x')}`);
      const button = page.getByRole('link', { name: BUTTON_LABEL });
      expect(await button.getAttribute('href')).toBe(`/api/v1/auth/oidc/login?next=${encodeURIComponent('/')}`);
      await button.click();
      await page.waitForURL((url) => url.origin === ui.provider.issuer);
      await signInAtProvider(page, 'noah-sub');
      await page.waitForURL(`${ui.appUrl}/`);
      expect((await sessionIn(page)).user).toMatchObject({ username: 'noah', auth_method: 'oidc' });

      // The UI's sign-out: POST, then on to the provider's end-session page, and back to the login page.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.origin === ui.provider.issuer);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${ui.appUrl}/login`);
      expect((await sessionIn(page)).user).toBeNull();

      // An account whose owner typed the address is not linked: the login page says what to do.
      const { db, config } = ui.t.runtime.ctx;
      await insertUser(db, config, {
        username: 'lena',
        password_hash: null,
        role: 'user',
        signup_method: 'admin',
        auth_method: 'local',
        email: 'lena@example.com',
        email_verified: false,
      });
      ui.provider.accounts.set('lena-sub', { email: 'lena@example.com', email_verified: true, preferred_username: 'lena' });
      await page.getByRole('link', { name: BUTTON_LABEL }).click();
      await page.waitForURL((url) => url.origin === ui.provider.issuer);
      await signInAtProvider(page, 'lena-sub');
      await page.waitForURL(`${ui.appUrl}/login?error=account_link_required`);
      await page.getByRole('alert').getByText('Ask your administrator to link the accounts').waitFor();
      expect((await sessionIn(page)).user).toBeNull();

      // The admin links the identity on the users page; then lena's SSO sign-in opens her account.
      await page.getByLabel('Username').fill(BOOTSTRAP_ADMIN);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await page.goto(`${ui.appUrl}/admin/users`);
      await page.getByRole('button', { name: 'Link an SSO identity to lena' }).click();
      const linkDialog = page.getByRole('dialog', { name: 'Link single sign-on for lena' });
      // Empty is said beside the field; the subject from the server log links.
      await linkDialog.getByRole('button', { name: 'Link SSO' }).click();
      await linkDialog.getByText('Enter the subject the server log names.').waitFor();
      await linkDialog.getByLabel('Subject (sub)').fill('  lena-sub ');
      await linkDialog.getByRole('button', { name: 'Link SSO' }).click();
      await linkDialog.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Unlink the SSO identity of lena' }).waitFor();
      const lena = await db.selectFrom('users').selectAll().where('username', '=', 'lena').executeTakeFirstOrThrow();
      expect(lena).toMatchObject({ oidc_issuer: ui.provider.issuer, oidc_subject: 'lena-sub' });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${ui.appUrl}/login`);
      // Lena is still signed in at the provider from the refused attempt: straight back into the app.
      await page.getByRole('link', { name: BUTTON_LABEL }).click();
      await page.waitForURL(`${ui.appUrl}/`);
      expect((await sessionIn(page)).user).toMatchObject({ id: lena.id, username: 'lena', email_verified: true });
      await context.close();
    } finally {
      await ui.close();
    }
  });
});
