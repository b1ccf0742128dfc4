// The one call services make after a change that may end a user's sessions or tokens has committed (logout,
// token revocation, deactivation, password change or reset): the user's open event streams, in every process,
// re-check their own credential at once and close when it is gone. It never throws.
import type { AppContext } from '../../app-context.js';
import { notifyCredentialsChanged } from './event-bus.js';

export type CredentialSignalContext = Pick<AppContext, 'db' | 'dbKind'> & Partial<Pick<AppContext, 'live'>>;

export async function signalCredentialsChanged(ctx: CredentialSignalContext, userId: number): Promise<void> {
  try {
    if (ctx.live) await ctx.live.credentialsChanged(userId);
    // The CLI has no bus; on PostgreSQL it reaches the servers' listeners directly. (On SQLite the server's
    // streams notice at their next heartbeat.)
    else if (ctx.dbKind === 'postgres') await notifyCredentialsChanged(ctx.db, userId);
  } catch {
    // The change itself is committed; streams still re-check at their next heartbeat.
  }
}
