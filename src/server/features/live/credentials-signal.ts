// The calls services make after a change to a user has committed, so every process stops relying on what it
// knew of the user: `signalCredentialsChanged` after a change that may end sessions or tokens (logout, token
// revocation, deactivation, password change or reset, an unlinked SSO identity) — the user's open event streams
// re-check their credential at once and close when it is gone, and cached principals are dropped;
// `signalUserChanged` after any other change to the user's row (profile, preferences, role, a sign-in), which
// requests read from the principal — cached principals are dropped, streams are left alone. Neither throws.
import type { AppContext } from '../../app-context.js';
import { CREDENTIALS_ENDED, USER_CHANGED, notifyUserSignal, type UserSignal } from './event-bus.js';

export type CredentialSignalContext = Pick<AppContext, 'db' | 'dbKind'> & Partial<Pick<AppContext, 'live'>>;

export function signalCredentialsChanged(ctx: CredentialSignalContext, userId: number): Promise<void> {
  return send(ctx, userId, CREDENTIALS_ENDED);
}

export function signalUserChanged(ctx: CredentialSignalContext, userId: number): Promise<void> {
  return send(ctx, userId, USER_CHANGED);
}

async function send(ctx: CredentialSignalContext, userId: number, signal: UserSignal): Promise<void> {
  try {
    if (ctx.live) await (signal === CREDENTIALS_ENDED ? ctx.live.credentialsChanged(userId) : ctx.live.userChanged(userId));
    // The CLI has no bus; on PostgreSQL it reaches the servers' listeners directly. (On SQLite the server's
    // streams notice at their next heartbeat, and its cached principals expire within seconds.)
    else if (ctx.dbKind === 'postgres') await notifyUserSignal(ctx.db, userId, signal);
  } catch {
    // The change itself is committed; streams still re-check at their next heartbeat, cached principals expire.
  }
}
