// Issue 12, item 4: the sign-in redirect (`next`) with generated hostile inputs. Whatever comes in, what comes
// out is a path that a browser resolves to this origin, and resolving it again changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEXT, safeNextPath } from '../../src/shared/safe-next.js';

const BASE = 'https://time.example.com';
const ORIGIN = new URL(BASE).origin;

/** What a browser does with a Location header or a link: resolve it against the page's URL. */
function browserTarget(location: string, page = `${BASE}/login?next=x`): URL {
  return new URL(location, page);
}

function assertSafe(next: string): void {
  const out = safeNextPath(next, BASE);
  expect(out.startsWith('/'), JSON.stringify(next)).toBe(true);
  expect(out.startsWith('//') || out.startsWith('/\\'), JSON.stringify(next)).toBe(false);
  // eslint-disable-next-line no-control-regex
  expect(/[\u0000-\u001f\u007f\\]/.test(out), JSON.stringify(next)).toBe(false);
  // Same origin from any page of the app, and from another origin it stays path-absolute (never a host).
  expect(browserTarget(out).origin, JSON.stringify(next)).toBe(ORIGIN);
  expect(browserTarget(out, 'https://other.example/a/b').host).toBe('other.example');
  // Stable: the checked value is the answered value.
  expect(safeNextPath(out, BASE)).toBe(out);
  expect(`${browserTarget(out).pathname}${browserTarget(out).search}${browserTarget(out).hash}`).toBe(out);
}

// Pieces attackers combine: separators, dot segments (plain, encoded, double-encoded), controls, schemes, hosts.
const piece = fc.constantFrom(
  '/',
  '//',
  '\\',
  '\\\\',
  '/\\',
  '.',
  '..',
  './',
  '../',
  '%2e',
  '%2E',
  '%2e%2e',
  '%252e',
  '%252f',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%09',
  '%0a',
  '%00',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  ' ',
  '@',
  ':',
  '?',
  '#',
  '&',
  ';',
  'evil.example',
  'evil.example:443',
  'user:pw@',
  'javascript:',
  'JaVaScRiPt:',
  'data:',
  'http:',
  'https:',
  'vbscript:',
  'file:',
  '127.0.0.1',
  '[::1]',
  'time.example.com',
  'api',
  'login',
  'setup',
  'x',
  '%',
  '%%',
  '%zz',
);
const hostile = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

describe('safeNextPath against generated hostile input', () => {
  it('always answers a same-origin, stable, path-absolute value', () => {
    fc.assert(
      fc.property(hostile, (next) => assertSafe(next)),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (next) => assertSafe(next)),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        hostile.map((s) => `/${s}`),
        (next) => assertSafe(next),
      ),
      { numRuns: 5000 },
    );
  });

  it('refuses every prefix that leads elsewhere once normalised', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          '/.//',
          '/..//',
          '/%2e//',
          '/%2E//',
          '/%2e%2e//',
          '/././/',
          '/a/..//',
          '/a/%2e%2e//',
          '//',
          '/\\',
          '\\\\',
          '/\t/',
          '/\n/',
          '/%2e/%2e//',
        ),
        fc.constantFrom('evil.example', 'evil.example/x', 'evil.example:8443/x?y#z', 'user@evil.example'),
        (prefix, rest) => {
          expect(safeNextPath(`${prefix}${rest}`, BASE)).toBe(DEFAULT_NEXT);
        },
      ),
    );
    for (const scheme of [
      'javascript:alert(1)',
      'https://evil.example',
      'http:evil.example',
      'data:text/html,x',
      'HTTPS://evil.example',
    ]) {
      expect(safeNextPath(scheme, BASE)).toBe(DEFAULT_NEXT);
    }
  });

  it('refuses API and sign-in paths however they are spelt', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          '/api/v1/auth/oidc/logout',
          '/API/v1/x',
          '/%61pi/v1/x',
          '/a/../api/v1',
          '/%2e/api/v1',
          '/login',
          '/LOGIN?next=/',
          '/setup',
          '/%6cogin',
        ),
        (next) => {
          expect(safeNextPath(next, BASE)).toBe(DEFAULT_NEXT);
        },
      ),
    );
  });

  it('keeps ordinary app paths exactly', () => {
    const segment = fc
      .stringMatching(/^[A-Za-z0-9_-]{1,12}$/)
      .filter((s) => !['api', 'login', 'setup'].includes(s.toLowerCase()));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(segment), fc.option(segment), (parts, q, h) => {
        const path = `/${parts.join('/')}${q ? `?q=${q}` : ''}${h ? `#${h}` : ''}`;
        expect(safeNextPath(path, BASE)).toBe(path);
      }),
    );
  });
});
