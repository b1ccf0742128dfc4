// The login page follows the server's sign-in methods (/api/v1/info): SSO only hides the password form, both
// show both; with SSO enabled, signing out goes through the server's SSO logout and lands on /login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuild, launchBrowser, openPage, startServer, type TestServer } from './support.js';
import { setupAdmin } from './seed.js';

const PASSWORD = 'correct horse battery';
// Discovery of this issuer fails quietly in the background; the login page only needs /api/v1/info.
const SSO = {
  BASE_URL: 'http://127.0.0.1:1',
  OIDC_ISSUER: 'http://127.0.0.1:9',
  OIDC_CLIENT_ID: 'timetracker',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_BUTTON_LABEL: 'Sign in with Example SSO',
};

let browser: Browser;
const servers: TestServer[] = [];

describe('sign-in methods', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  it('shows only the SSO button when SSO is the only method, keeping where the user wanted to go', async () => {
    const server = await startServer({ AUTH_METHOD: 'oidc', ...SSO });
    servers.push(server);
    await setupAdmin(server.url, 'admin', PASSWORD);
    const { page, context, problems } = await openPage(browser, server.url);
    await page.goto('/reports?range=this_month');
    await page.waitForURL('**/login?next=*');
    const sso = page.getByRole('link', { name: 'Sign in with Example SSO' });
    await sso.waitFor();
    expect(await sso.getAttribute('href')).toBe(
      `/api/v1/auth/oidc/login?next=${encodeURIComponent('/reports?range=this_month')}`,
    );
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('offers both when both are enabled, and signs out through the SSO logout', async () => {
    const server = await startServer({ AUTH_METHOD: 'both', ...SSO });
    servers.push(server);
    await setupAdmin(server.url, 'admin', PASSWORD);
    const { page, context, problems } = await openPage(browser, server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Example SSO' }).waitFor();
    await page.getByText('or', { exact: true }).waitFor();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    const logout = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/oidc/logout') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await logout;
    await page.waitForURL(`${server.url}/login`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
    expect(session.user).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
