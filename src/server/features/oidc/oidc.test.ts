import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { openPendingLogin, sealPendingLogin, type PendingLogin } from './oidc.login-cookie.js';
import { claimsGrantAdmin, emailOf, groupsOf, numberedUsername, sanitiseUsername, USERNAME_PATTERN } from './oidc.rules.js';

const BASE = 'https://time.example.com';
const oidcEnv = { AUTH_METHOD: 'both', BASE_URL: BASE, OIDC_ISSUER: 'https://sso.example.com/realms/main', OIDC_CLIENT_ID: 'tt' };

describe('usernames from claims', () => {
  it('maps claim values onto the username rules', () => {
    expect(sanitiseUsername('Jürgen Müller')).toBe('Jurgen_Muller');
    expect(sanitiseUsername('alice@example.com')).toBe('alice@example.com');
    expect(sanitiseUsername('  !!  ')).toBe('user');
    expect(sanitiseUsername(undefined)).toBe('user');
    expect(sanitiseUsername('李小龍')).toBe('user');
    const long = sanitiseUsername('x'.repeat(100));
    expect(long).toHaveLength(64);
    for (const raw of ['a b/c', 'Ωmega', "o'brien", 'tab\there']) expect(sanitiseUsername(raw)).toMatch(USERNAME_PATTERN);
  });

  it('numbers taken names without exceeding 64 characters', () => {
    expect(numberedUsername('bob', 1)).toBe('bob');
    expect(numberedUsername('bob', 2)).toBe('bob2');
    const base = 'y'.repeat(64);
    expect(numberedUsername(base, 12)).toBe(`${'y'.repeat(62)}12`);
    expect(numberedUsername(base, 12)).toMatch(USERNAME_PATTERN);
  });
});

describe('claims', () => {
  it('reads e-mail and groups leniently but only accepts e-mail-like values', () => {
    const config = loadConfig(oidcEnv);
    expect(emailOf({ email: ' a@b.example ' }, config)).toBe('a@b.example');
    expect(emailOf({ email: 'not an email' }, config)).toBeUndefined();
    expect(emailOf({ email: 42 }, config)).toBeUndefined();
    expect(emailOf({ upn: 'u@corp.example' }, loadConfig({ ...oidcEnv, OIDC_EMAIL_CLAIM: 'upn' }))).toBe('u@corp.example');
    expect(groupsOf({ groups: ['a', 3, 'b'] }, config)).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, config)).toEqual(['a']);
    expect(groupsOf({}, config)).toEqual([]);
  });

  it('grants admin by group (Keycloak paths too) or by a not-unverified listed e-mail', () => {
    const byGroup = loadConfig({ ...oidcEnv, OIDC_ADMIN_GROUP: 'admins' });
    expect(claimsGrantAdmin({ groups: ['admins'] }, byGroup)).toBe(true);
    expect(claimsGrantAdmin({ groups: ['/admins'] }, byGroup)).toBe(true);
    expect(claimsGrantAdmin({ groups: ['/org/admins', 'admins-old'] }, byGroup)).toBe(false);
    const byEmail = loadConfig({ ...oidcEnv, OIDC_ADMIN_EMAILS: 'Boss@Example.com' });
    expect(claimsGrantAdmin({ email: 'boss@example.COM' }, byEmail)).toBe(true);
    expect(claimsGrantAdmin({ email: 'boss@example.com', email_verified: false }, byEmail)).toBe(false);
    expect(claimsGrantAdmin({ email: 'boss@example.com', email_verified: 'false' }, byEmail)).toBe(false);
    expect(claimsGrantAdmin({ email: 'other@example.com', email_verified: true }, byEmail)).toBe(false);
  });
});

describe('login cookie', () => {
  const key = 'k'.repeat(40);
  const login: PendingLogin = { state: 's1', nonce: 'n1', verifier: 'v'.repeat(43), next: '/x', expiresAt: 2000 };

  it('round-trips, hides its content and expires', () => {
    const sealed = sealPendingLogin(key, login);
    expect(openPendingLogin(key, sealed, 1000)).toEqual(login);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('v'.repeat(43));
    expect(openPendingLogin(key, sealed, 2000)).toBeUndefined();
    expect(sealPendingLogin(key, login)).not.toBe(sealed); // fresh IV each time
  });

  it('refuses forged, altered or foreign cookies', () => {
    const sealed = sealPendingLogin(key, login);
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(openPendingLogin(key, bytes.toString('base64url'), 1000)).toBeUndefined();
    expect(openPendingLogin('other'.repeat(10), sealed, 1000)).toBeUndefined();
    expect(openPendingLogin(key, Buffer.from(JSON.stringify(login)).toString('base64url'), 1000)).toBeUndefined();
    expect(openPendingLogin(key, 'not base64 !!', 1000)).toBeUndefined();
    expect(openPendingLogin(key, undefined, 1000)).toBeUndefined();
  });
});

describe('SSO configuration', () => {
  it('keeps the issuer verbatim (trailing slash included) and derives the callback from BASE_URL', () => {
    const config = loadConfig({ ...oidcEnv, OIDC_ISSUER: 'https://auth.example.com/application/o/timetracker/' });
    expect(config.OIDC_ISSUER).toBe('https://auth.example.com/application/o/timetracker/');
    expect(config.OIDC_REDIRECT_URI).toBe(`${BASE}/api/v1/auth/oidc/callback`);
    expect(config.OIDC_POST_LOGOUT_REDIRECT_URI).toBe(`${BASE}/login`);
    expect(config.OIDC_CLOCK_TOLERANCE_SECONDS).toBe(30);
  });

  it('names what is missing or wrong', () => {
    expect(() => loadConfig({ ...oidcEnv, BASE_URL: undefined })).toThrow(
      /BASE_URL is missing; it is required when AUTH_METHOD is both/,
    );
    expect(() => loadConfig({ ...oidcEnv, OIDC_CLIENT_ID: undefined })).toThrow(/OIDC_CLIENT_ID is missing/);
    expect(() => loadConfig({ ...oidcEnv, OIDC_SCOPES: 'profile email' })).toThrow(/OIDC_SCOPES/);
    expect(() => loadConfig({ ...oidcEnv, OIDC_ADMIN_EMAILS: 'boss@example.com, nobody' })).toThrow(/OIDC_ADMIN_EMAILS/);
    expect(() => loadConfig({ ...oidcEnv, OIDC_ISSUER: 'sso.example.com' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ AUTH_METHOD: 'local' })).not.toThrow();
  });
});
