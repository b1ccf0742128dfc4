// Pure rules of SSO sign-in (where the browser goes afterwards is src/shared/safe-next.ts): how claims become a username, an
// e-mail, a name and the admin role. No I/O, tested in oidc.test.ts.
import type { Config } from '../../config/config.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
const USERNAME_MAX = 64;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** Maps any claim value onto the username rules: accents dropped, other characters become "_", 1-64 long. */
export function sanitiseUsername(raw: string | undefined): string {
  const cleaned = (raw ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.@-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, USERNAME_MAX);
  return cleaned.length > 0 ? cleaned : 'user';
}

/** The n-th candidate for a taken name: base, base2, base3, … shortened so that it stays within 64 characters. */
export function numberedUsername(base: string, n: number): string {
  if (n <= 1) return base.slice(0, USERNAME_MAX);
  const suffix = String(n);
  return `${base.slice(0, USERNAME_MAX - suffix.length)}${suffix}`;
}

export type Claims = Record<string, unknown>;

export function stringClaim(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** The e-mail from OIDC_EMAIL_CLAIM when it looks like one. */
export function emailOf(claims: Claims, config: Config): string | undefined {
  const email = stringClaim(claims, config.OIDC_EMAIL_CLAIM);
  return email && EMAIL_PATTERN.test(email) && email.length <= 320 ? email : undefined;
}

/** email_verified as providers send it: true, or "true" (some send a string). Anything else is unverified. */
export function emailVerified(claims: Claims): boolean {
  return claims.email_verified === true || claims.email_verified === 'true';
}

export function fullNameOf(claims: Claims, config: Config): string | undefined {
  return stringClaim(claims, config.OIDC_NAME_CLAIM)?.slice(0, 200);
}

/** Groups from OIDC_GROUPS_CLAIM: an array of strings, or one string. */
export function groupsOf(claims: Claims, config: Config): string[] {
  const value = claims[config.OIDC_GROUPS_CLAIM];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return [];
}

/** Whether admin is managed by SSO at all (OIDC_ADMIN_GROUP or OIDC_ADMIN_EMAILS set). */
export function adminRoleManaged(config: Config): boolean {
  return config.OIDC_ADMIN_GROUP !== undefined || config.oidcAdminEmails.length > 0;
}

/**
 * Whether the claims make the user an admin: member of OIDC_ADMIN_GROUP (Keycloak's full group path "/admins"
 * matches "admins" too), or an e-mail in OIDC_ADMIN_EMAILS that the provider does not mark unverified.
 */
export function claimsGrantAdmin(claims: Claims, config: Config): boolean {
  const group = config.OIDC_ADMIN_GROUP;
  if (group !== undefined) {
    const wanted = group.replace(/^\//, '');
    if (groupsOf(claims, config).some((g) => g === group || g.replace(/^\//, '') === wanted)) return true;
  }
  const email = emailOf(claims, config)?.toLowerCase();
  const explicitlyUnverified = claims.email_verified === false || claims.email_verified === 'false';
  return email !== undefined && !explicitlyUnverified && config.oidcAdminEmails.includes(email);
}
