import type { AppContext } from '../../app-context.js';
import type { UserRow } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { identifyUser, track } from '../analytics/track.js';
import { signalCredentialsChanged, signalUserChanged } from '../live/credentials-signal.js';
import { findUserByUsername } from './auth.queries.js';
import { accountBucket, deviceBucket, issueDeviceCookie, readDeviceCookie } from './device-cookie.js';
import { clearLoginBucket, reserveLoginAttempt, throttleRule } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import { createSession, deleteSession, type NewSession } from './sessions.js';

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'The username or password is wrong.');
const accountDeactivated = () =>
  new AppError(403, 'account_deactivated', 'This account has been deactivated; an administrator can reactivate it.');

export interface LoginResult {
  user: UserRow;
  session: NewSession;
  /** The new device cookie's value (rotated at every successful sign-in). */
  deviceCookie: string;
}

export async function loginWithPassword(
  ctx: AppContext,
  input: { username: string; password: string; deviceCookie?: string },
): Promise<LoginResult> {
  const { db, config } = ctx;
  if (!config.localLoginEnabled) {
    throw new AppError(403, 'forbidden', 'Password sign-in is disabled on this installation; use single sign-on.');
  }
  // A browser that signed in to this account before is throttled on its own (login-throttle.ts).
  const device = readDeviceCookie(ctx.secretKey, input.deviceCookie);
  const bucket = device && device.username === input.username.toLowerCase() ? deviceBucket(device) : accountBucket(input.username);
  await reserveLoginAttempt(db, throttleRule(config), bucket);
  const user = await findUserByUsername(db, input.username);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  // Unknown user and wrong password get the same answer; the attempt stays counted.
  if (!user || !passwordOk) throw invalidCredentials();
  // Only someone who knows the password learns that the account is deactivated (so this enumerates nothing); the
  // attempt stays counted, so the answer cannot be used to test passwords beyond the throttle either.
  if (user.active !== 1) throw accountDeactivated();
  await clearLoginBucket(db, bucket);
  const loggedIn = await recordLogin(ctx, user);
  const session = await createSession(db, { userId: user.id, authMethod: 'local', lifetimeHours: config.SESSION_LIFETIME_HOURS });
  identifyUser(loggedIn, 'local');
  trackFirstSignIn(user);
  track('auth.login', { auth_method: 'local' });
  return { user: loggedIn, session, deviceCookie: issueDeviceCookie(ctx.secretKey, user.username).value };
}

/**
 * A user's first sign-in (password or SSO, `before` is the row before recordLogin) is their own sign-up event:
 * an account an admin created, or one their first SSO login just created. The setup wizard's admin was tracked
 * when the wizard ran.
 */
export function trackFirstSignIn(before: UserRow): void {
  if (before.first_login_at === null && before.signup_method !== 'setup') track('user.signed_up', { signup_method: before.signup_method });
}

/**
 * Stamps last (and first) login; shared by password and SSO logins. The user's other sessions and tokens see the
 * new row (and, for SSO, what the sign-in refreshed from the provider's claims) at their next request.
 */
export async function recordLogin(ctx: AppContext, user: UserRow): Promise<UserRow> {
  const now = nowSeconds();
  const updated = await ctx.db
    .updateTable('users')
    .set({ last_login_at: now, first_login_at: user.first_login_at ?? now })
    .where('id', '=', user.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await signalUserChanged(ctx, user.id);
  return updated;
}

export async function logout(ctx: AppContext, sessionIdHash: string): Promise<void> {
  const ended = await deleteSession(ctx.db, sessionIdHash);
  if (ended) await signalCredentialsChanged(ctx, ended.user_id);
  track('auth.logout', {});
}
