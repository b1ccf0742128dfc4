import type { UserRow } from '../../db/schema.js';
import type { Scope } from '../../../shared/scopes.js';

export { SCOPES, type Scope } from '../../../shared/scopes.js';

/** Scopes a route can require (the wildcards only grant). */
export type RequiredScope = Exclude<Scope, 'read:*' | 'write:*'>;

/** Who is making the request: a signed-in browser session or an API token, always with its (active) user. */
export type Principal =
  | {
      via: 'session';
      user: UserRow;
      sessionIdHash: string;
      csrfToken: string;
      /** the visit's `$session_id` */ analyticsSessionId: string;
    }
  | { via: 'token'; user: UserRow; tokenId: number; scopes: Scope[] };

export function tokenGrants(scopes: readonly Scope[], required: RequiredScope): boolean {
  if (scopes.includes('admin:all')) return true;
  if (scopes.includes(required)) return true;
  const [verb] = required.split(':');
  return (verb === 'read' && scopes.includes('read:*')) || (verb === 'write' && scopes.includes('write:*'));
}

/**
 * The scope a token needs to read its owner's profile (`GET /users/me`, the user in `GET /auth/session`): the
 * profile carries the name and e-mail address, so a token made for time entries or projects must not reveal them.
 * Sessions always may. (Preferences name nobody and stay open to every token.)
 */
export const PROFILE_SCOPE = 'read:users' satisfies RequiredScope;

export const mayReadProfile = (principal: Principal): boolean =>
  principal.via === 'session' || tokenGrants(principal.scopes, PROFILE_SCOPE);

export const isAdmin = (user: Pick<UserRow, 'role'>): boolean => user.role === 'admin';
