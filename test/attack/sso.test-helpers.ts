// A browser (cookie jar over real HTTP) signing in with SSO at the real test provider, for the attack suites.
import { expect } from 'vitest';
import { authorizeAtProvider, HttpBrowser, locationOf, type OidcTestBed } from '../oidc-provider.js';

export const HOST = '127.0.0.1';

/** One SSO sign-in as the provider account `login`; returns the browser and the callback's Location. */
export async function ssoLogin(
  bed: OidcTestBed,
  login: string,
  options: { browser?: HttpBrowser; rawNextQuery?: string } = {},
): Promise<{ browser: HttpBrowser; location: string }> {
  const browser = options.browser ?? new HttpBrowser();
  const query = options.rawNextQuery === undefined ? '' : `?next=${options.rawNextQuery}`;
  const start = await browser.get(`${bed.appUrl}/api/v1/auth/oidc/login${query}`);
  expect(start.status).toBe(302);
  const { callbackUrl } = await authorizeAtProvider(browser, locationOf(start, bed.appUrl), login, bed.callbackPrefix);
  const done = await browser.get(callbackUrl);
  expect(done.status).toBe(302);
  return { browser, location: done.headers.get('location') ?? '' };
}

export async function sessionOf(
  bed: OidcTestBed,
  browser: HttpBrowser,
): Promise<{ user: Record<string, any> | null; csrf_token: string | null }> {
  const res = await browser.get(`${bed.appUrl}/api/v1/auth/session`);
  expect(res.status).toBe(200);
  return (await res.json()) as { user: Record<string, any> | null; csrf_token: string | null };
}
