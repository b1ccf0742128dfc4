// Issue 12, item 4 end to end: hostile `next` values through the real SSO login and callback (real provider,
// real HTTP). The callback's Location must stay on this origin for every one of them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/shared/safe-next.js';
import { startOidcTestBed, type OidcTestBed } from '../oidc-provider.js';
import { ssoLogin } from './sso.test-helpers.js';

describe('SSO sign-in redirect', () => {
  let bed: OidcTestBed;
  beforeAll(async () => {
    bed = await startOidcTestBed();
    bed.provider.accounts.set('rita-sub', { email: 'rita@example.com', email_verified: true, preferred_username: 'rita' });
  });
  afterAll(async () => bed.close());

  const sameOrigin = (location: string) => new URL(location, bed.appUrl).origin === new URL(bed.appUrl).origin;

  it('lands on / for next values that normalise to another host (raw and percent-encoded in the query)', async () => {
    for (const next of [
      '/.//evil.example/x',
      '/..//evil.example',
      '/%2e//evil.example',
      '/%2E%2E//evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
    ]) {
      for (const raw of [encodeURIComponent(next), next.replace(/\\/g, '%5C')]) {
        const { location } = await ssoLogin(bed, 'rita-sub', { rawNextQuery: raw });
        expect(location, raw).toBe('/');
      }
    }
    const kept = await ssoLogin(bed, 'rita-sub', { rawNextQuery: encodeURIComponent('/reports?range=week#top') });
    expect(kept.location).toBe('/reports?range=week#top');
  });

  it('answers the shared rule for generated hostile values', async () => {
    const piece = fc.constantFrom(
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%252e',
      '%2f',
      '%5c',
      '%09',
      'evil.example',
      '@',
      'https:',
      'x',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 6 }), async (parts) => {
        const next = `/${parts.join('')}`;
        const { location } = await ssoLogin(bed, 'rita-sub', { rawNextQuery: encodeURIComponent(next) });
        expect(sameOrigin(location), next).toBe(true);
        expect(location).toBe(safeNextPath(next, bed.appUrl));
      }),
      { numRuns: 12 },
    );
  });
});
