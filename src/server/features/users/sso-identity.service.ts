// An admin links or unlinks a user's single sign-on identity (API, CLI, Administration → Users). This is how an
// SSO login refused with account_link_required is resolved: the admin, not an e-mail address anyone can type,
// says which account an identity belongs to (docs/oidc.md).
import { isUniqueViolation } from '../../db/db-errors.js';
import { identifyUser } from '../analytics/track.js';
import type { UserRow } from '../../db/schema.js';
import { conflict, notFound, validationFailed } from '../../http/errors.js';
import { signalCredentialsChanged } from '../live/credentials-signal.js';
import type { UsersContext } from './users.service.js';
import { deleteSsoSessions, findUserById, findUserIdBySsoIdentity, updateUser } from './users.queries.js';

export interface SsoIdentityInput {
  subject: string;
  /** Defaults to OIDC_ISSUER. */
  issuer?: string;
}

const identityTaken = () =>
  conflict('sso_identity_taken', 'Another account is linked to this SSO identity; unlink it there first.');

/**
 * Links (issuer, subject) to the user, replacing an identity linked before. 409 sso_identity_taken when another
 * user has it. The user's SSO sessions end when an earlier, different identity is replaced.
 */
export async function linkSsoIdentity(ctx: UsersContext, id: number, input: SsoIdentityInput): Promise<UserRow> {
  const issuer = input.issuer ?? ctx.config.OIDC_ISSUER;
  if (!issuer) throw validationFailed({ issuer: 'is required when single sign-on is not configured (OIDC_ISSUER)' });
  try {
    let changed = false;
    const user = await ctx.db.transaction().execute(async (trx) => {
      const target = await findUserById(trx, id);
      if (!target) throw notFound('user');
      if (target.oidc_issuer === issuer && target.oidc_subject === input.subject) return target;
      if (await findUserIdBySsoIdentity(trx, issuer, input.subject)) throw identityTaken();
      const replaced = target.oidc_subject !== null;
      const updated = await updateUser(trx, id, { oidc_issuer: issuer, oidc_subject: input.subject });
      if (replaced) await deleteSsoSessions(trx, id);
      changed = true;
      return updated;
    });
    // How the user signs in changed: their person properties (auth_method) are sent at once.
    if (changed) {
      // SSO sessions may have ended, and the cached user row is out of date either way.
      await signalCredentialsChanged(ctx, id);
      identifyUser(user);
    }
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) throw identityTaken(); // a concurrent link won
    throw error;
  }
}

/** Removes the user's SSO identity and ends their SSO sessions; a user without one is returned unchanged. */
export async function unlinkSsoIdentity(ctx: UsersContext, id: number): Promise<UserRow> {
  let changed = false;
  const user = await ctx.db.transaction().execute(async (trx) => {
    const target = await findUserById(trx, id);
    if (!target) throw notFound('user');
    if (target.oidc_subject === null && target.oidc_issuer === null) return target;
    const updated = await updateUser(trx, id, { oidc_issuer: null, oidc_subject: null });
    await deleteSsoSessions(trx, id);
    changed = true;
    return updated;
  });
  if (changed) {
    await signalCredentialsChanged(ctx, id); // the user's SSO sessions ended
    identifyUser(user); // see linkSsoIdentity
  }
  return user;
}
