// Which account an SSO identity opens (issue 12: never one that merely has the same, self-typed address), and
// what the provider's claims change on it at each sign-in. Called by oidc.service.ts once the tokens are valid.
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { UserRow, UserUpdate } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { findUserByEmail, insertUser, updateUser } from '../users/users.queries.js';
import { OidcLoginError } from './oidc.errors.js';
import { demoteUnlessLastAdmin, findUserByOidcIdentity, linkOidcIdentity, usernameTaken } from './oidc.queries.js';
import {
  adminRoleManaged,
  claimsGrantAdmin,
  emailOf,
  emailVerified,
  fullNameOf,
  groupsOf,
  numberedUsername,
  sanitiseUsername,
  stringClaim,
  type Claims,
} from './oidc.rules.js';

export interface MatchedUser {
  user: UserRow;
  created: boolean;
  linked: boolean;
}

/**
 * (issuer, subject) first. Else the e-mail: when no account has it, a new user (OIDC_AUTO_CREATE_USERS); when
 * one has it, that account is linked only if the provider asserts `email_verified` AND the account's address is
 * verified (set by an admin, the CLI or an earlier SSO login), once: the identity is stored on it. Anything else
 * is refused with account_link_required (an admin links the accounts). An address a user typed themselves never
 * links: that was the takeover of issue 12. Deactivated users are refused.
 */
export async function resolveUser(
  ctx: AppContext,
  issuer: string,
  subject: string,
  claims: Claims,
  log: FastifyBaseLogger,
): Promise<MatchedUser> {
  const { db, config } = ctx;
  const known = await findUserByOidcIdentity(db, issuer, subject);
  if (known) {
    if (known.active !== 1) throw new OidcLoginError('account_disabled', `user ${known.id}`);
    return { user: known, created: false, linked: false };
  }

  const email = emailOf(claims, config);
  if (!email) throw new OidcLoginError('email_missing', `claim "${config.OIDC_EMAIL_CLAIM}" is missing or not an e-mail address`);

  const candidate = await findUserByEmail(db, email);
  if (candidate) {
    const identity = `issuer ${issuer}, subject ${subject}`;
    if (candidate.oidc_subject !== null)
      throw new OidcLoginError('account_conflict', `user ${candidate.id} is linked to another SSO identity (${identity})`);
    if (candidate.active !== 1) throw new OidcLoginError('account_disabled', `user ${candidate.id}`);
    if (!emailVerified(claims) || candidate.email_verified !== 1) {
      const why = emailVerified(claims) ? "the account's address is unverified" : 'the provider does not assert email_verified';
      throw new OidcLoginError('account_link_required', `user ${candidate.id} has this address but ${why} (${identity})`);
    }
    const linked = await linkOidcIdentity(db, candidate.id, issuer, subject);
    if (linked) {
      log.info({ user_id: linked.id }, 'SSO identity linked to an existing account by verified e-mail');
      return { user: linked, created: false, linked: true };
    }
    // Someone linked it in the meantime: the same person signing in twice at once, or a conflict.
    const now = await findUserByOidcIdentity(db, issuer, subject);
    if (now) return { user: now, created: false, linked: false };
    throw new OidcLoginError('account_conflict', `user ${candidate.id} was linked to another SSO identity`);
  }

  if (!config.OIDC_AUTO_CREATE_USERS) throw new OidcLoginError('signup_disabled');
  return createUser(ctx, issuer, subject, email, claims);
}

/** A new SSO user: username from OIDC_USERNAME_CLAIM (else the e-mail's local part), made unique with 2, 3, … */
async function createUser(ctx: AppContext, issuer: string, subject: string, email: string, claims: Claims): Promise<MatchedUser> {
  const { db, config } = ctx;
  const base = sanitiseUsername(stringClaim(claims, config.OIDC_USERNAME_CLAIM) ?? email.split('@')[0]);
  const role = adminRoleManaged(config) && claimsGrantAdmin(claims, config) ? 'admin' : 'user';
  for (let n = 1; n <= 1000; n++) {
    const username = numberedUsername(base, n);
    if (await usernameTaken(db, username)) continue;
    try {
      const user = await insertUser(db, config, {
        username,
        password_hash: null,
        role,
        signup_method: 'oidc',
        auth_method: 'oidc',
        full_name: fullNameOf(claims, config) ?? null,
        email,
        email_verified: emailVerified(claims),
        oidc_issuer: issuer,
        oidc_subject: subject,
      });
      return { user, created: true, linked: false };
    } catch (error) {
      // The address was taken by an account created in the meantime: that account needs an admin to link it.
      if (error instanceof AppError && error.code === 'email_taken') {
        const same = await findUserByOidcIdentity(db, issuer, subject);
        if (same) return { user: same, created: false, linked: false };
        throw new OidcLoginError('account_link_required', 'an account with this address was created meanwhile');
      }
      if (!(error instanceof AppError && error.code === 'username_taken')) throw error;
      // A concurrent first sign-in of the same person created the user: use it. Otherwise the name was taken
      // in the meantime: try the next number.
      const same = await findUserByOidcIdentity(db, issuer, subject);
      if (same) return { user: same, created: false, linked: false };
    }
  }
  throw new Error(`no free username for "${base}"`);
}

/**
 * Name and e-mail from the provider on every sign-in; the admin role too when SSO manages it. The user here is
 * always the owner of the asserted identity (matched by issuer and subject, or just linked), so the provider's
 * groups apply to them. The provider's address is taken unless another account has it (then it is kept and
 * logged); it counts as verified when the provider says email_verified.
 */
export async function refreshFromClaims(
  ctx: AppContext,
  user: UserRow,
  claims: Claims,
  log: FastifyBaseLogger,
): Promise<UserRow> {
  const { db, config } = ctx;
  const changes: UserUpdate = {};
  const fullName = fullNameOf(claims, config);
  const email = emailOf(claims, config);
  if (fullName !== undefined && fullName !== user.full_name) changes.full_name = fullName;
  if (email !== undefined) {
    const verified = emailVerified(claims) ? 1 : 0;
    const owner = email.toLowerCase() === user.email?.toLowerCase() ? user : await findUserByEmail(db, email);
    if (owner && owner.id !== user.id) {
      log.warn({ user_id: user.id, other_user_id: owner.id }, 'SSO e-mail belongs to another account; keeping the old address');
    } else {
      const sameAddress = owner?.id === user.id;
      if (email !== user.email) changes.email = email;
      // A new address is as verified as the provider says; the same address is never downgraded (an admin may have verified it).
      const nextVerified = sameAddress ? (Math.max(verified, user.email_verified) as 0 | 1) : verified;
      if (nextVerified !== user.email_verified) changes.email_verified = nextVerified;
    }
  }
  const managed = adminRoleManaged(config);
  const admin = managed && claimsGrantAdmin(claims, config);
  if (admin && user.role !== 'admin') changes.role = 'admin';
  let current = Object.keys(changes).length > 0 ? await updateSsoFields(ctx, user, changes, log) : user;
  if (changes.role === 'admin') log.info({ user_id: user.id }, 'SSO granted the admin role');

  if (managed && !admin && current.role === 'admin') {
    const result = await demoteUnlessLastAdmin(db, ctx.dbKind, current.id);
    current = result.user;
    if (result.demoted) {
      log.info({ user_id: user.id }, 'SSO removed the admin role');
    } else {
      log.warn(
        { user_id: user.id, groups: groupsOf(claims, config).length },
        'SSO says this user is no longer an admin, but they are the last active admin; keeping the admin role',
      );
    }
  }
  return current;
}

/** Writes the refreshed fields; an address another account took meanwhile (unique index) is left out. */
async function updateSsoFields(ctx: AppContext, user: UserRow, changes: UserUpdate, log: FastifyBaseLogger): Promise<UserRow> {
  try {
    return await updateUser(ctx.db, user.id, changes);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'email_taken')) throw error;
    log.warn({ user_id: user.id }, 'SSO e-mail belongs to another account; keeping the old address');
    const { email: _email, email_verified: _verified, ...rest } = changes;
    return Object.keys(rest).length > 0 ? updateUser(ctx.db, user.id, rest) : user;
  }
}
