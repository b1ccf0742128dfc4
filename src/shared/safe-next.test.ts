// Examples of the sign-in redirect rule; the generated hostile inputs are in test/attack/redirects.test.ts.
import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next.js';

const BASE = 'https://time.example.com';

describe('safeNextPath', () => {
  it('keeps same-origin paths with query and fragment', () => {
    expect(safeNextPath('/', BASE)).toBe('/');
    expect(safeNextPath('/entries?week=3#today', BASE)).toBe('/entries?week=3#today');
    expect(safeNextPath('/reports/../settings', BASE)).toBe('/settings');
  });

  it('ignores anything that could leave the app or loop into the API', () => {
    for (const next of [
      undefined,
      '',
      'entries',
      '//evil.example/x',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\tevil',
      '/a\nb',
      '/api/v1/auth/oidc/logout',
      '/.//evil.example/x',
      '/..//evil.example',
      '/%2e//evil.example',
      '/login?next=/x',
      `/${'a'.repeat(2001)}`,
    ]) {
      expect(safeNextPath(next, BASE), String(next)).toBe('/');
    }
  });
});
