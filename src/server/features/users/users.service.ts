// Rules for users: profile and preferences of the caller, password changes, and admin user management
// (with the guarantee that an installation always keeps at least one active admin).
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { UserRow, UserUpdate } from '../../db/schema.js';
import { AppError, conflict, notFound, validationFailed } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../http/wire.js';
import { identifyUser, track } from '../analytics/track.js';
import { clearUserFailures } from '../auth/login-throttle.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { deleteUserSessions } from '../auth/sessions.js';
import { signalCredentialsChanged, signalUserChanged } from '../live/credentials-signal.js';
import { toPreferences, type Preferences } from './user-dto.js';
import { deleteUserTokens } from '../tokens/tokens.queries.js';
import { projectStatuses } from '../projects/projects.queries.js';
import { activeAdminIds, findUserById, insertUser, listUsers, updateUser } from './users.queries.js';
import type { AdminUserPatch, CreateUserInput, PreferencesPatch, ProfilePatch } from './users.schemas.js';

/** What these rules need from the app; the CLI provides it without an HTTP server. */
export type UsersContext = Pick<AppContext, 'db' | 'config' | 'dbKind'> & Partial<Pick<AppContext, 'live'>>;

/** An empty name is no name. */
const blankToNull = (value: string | null | undefined) => (value === '' ? null : value);

/** Whether two addresses are the same ignoring case (a change of case only keeps an address verified). */
const sameAddress = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/**
 * The caller changes their own name or address. An address the user typed is unverified: it never links an SSO
 * identity (docs/oidc.md). 409 email_taken when another account has it in any case.
 */
export async function updateProfile(ctx: UsersContext, user: UserRow, patch: ProfilePatch): Promise<UserRow> {
  const changes: UserUpdate = {};
  if (patch.full_name !== undefined) changes.full_name = blankToNull(patch.full_name);
  if (patch.email !== undefined) {
    changes.email = patch.email;
    if (!sameAddress(patch.email, user.email)) changes.email_verified = 0;
  }
  if (Object.keys(changes).length === 0) return user;
  const updated = await updateUser(ctx.db, user.id, changes);
  await signalUserChanged(ctx, user.id);
  return updated;
}

/** Applies any subset of the preferences; tracks the names (never the values) of those that really changed. */
export async function updatePreferences(ctx: UsersContext, user: UserRow, patch: PreferencesPatch): Promise<Preferences> {
  const current = toPreferences(user);
  const changed = (Object.keys(patch) as (keyof PreferencesPatch)[]).filter(
    (key) => patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(current[key]),
  );
  if (changed.length === 0) return current;
  if (patch.pinned_project_ids && changed.includes('pinned_project_ids')) {
    await checkPinnable(ctx, patch.pinned_project_ids, current.pinned_project_ids);
  }
  const changes: UserUpdate = {};
  for (const key of changed) {
    if (key === 'analytics_opt_out') changes.analytics_opt_out = patch.analytics_opt_out ? 1 : 0;
    else if (key === 'pinned_project_ids') changes.pinned_project_ids = JSON.stringify(patch.pinned_project_ids);
    else Object.assign(changes, { [key]: patch[key] });
  }
  const updated = await updateUser(ctx.db, user.id, changes);
  // Requests read the preferences (rounding, time zone…) from the principal's user row, which processes cache.
  await signalUserChanged(ctx, user.id);
  track('preferences.updated', { fields: changed });
  return toPreferences(updated);
}

/**
 * Pinned projects must be projects the user may book time on: existing and active. A project pinned before it was
 * archived may stay pinned (so unpinning another one still works), but is not newly pinned.
 */
async function checkPinnable(ctx: UsersContext, ids: number[], pinnedBefore: number[]): Promise<void> {
  const statuses = await projectStatuses(ctx.db, ids);
  const before = new Set(pinnedBefore);
  const refused = ids.filter((id) => {
    const status = statuses.get(id);
    return status === undefined || (status !== 'active' && !before.has(id));
  });
  if (refused.length > 0) {
    throw validationFailed(
      { pinned_project_ids: `holds ids that are not active projects: ${refused.slice(0, 10).join(', ')}` },
      'Only active projects can be pinned.',
    );
  }
}

/**
 * Changes the caller's password. A wrong current password is a 400 on `current_password` (not a 403: the
 * caller is authenticated, the field is simply wrong). Every other session of the user ends; this one stays.
 */
export async function changePassword(
  ctx: UsersContext,
  user: UserRow,
  currentSessionIdHash: string,
  input: { current_password: string; new_password: string },
): Promise<void> {
  if (!user.password_hash) {
    throw new AppError(400, 'validation_failed', 'This account signs in with single sign-on and has no password to change.', {
      fields: { current_password: 'this account has no password' },
    });
  }
  if (!(await verifyPassword(user.password_hash, input.current_password))) {
    throw validationFailed({ current_password: 'is not your current password' }, 'The current password is wrong.');
  }
  const passwordHash = await hashPassword(input.new_password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: passwordHash });
    await deleteUserSessions(trx, user.id, currentSessionIdHash);
  });
  await signalCredentialsChanged(ctx, user.id);
}

export async function listUsersPage(ctx: UsersContext, query: { limit: number; cursor?: string }): Promise<Page<UserRow>> {
  const after = decodeCursor(query.cursor, z.tuple([z.number().int()]));
  const rows = await listUsers(ctx.db, { limit: query.limit + 1, afterId: after?.[0] });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

export async function getUser(ctx: UsersContext, id: number): Promise<UserRow> {
  const user = await findUserById(ctx.db, id);
  if (!user) throw notFound('user');
  return user;
}

/** An admin (API or CLI) creates a user; without a password the user can only sign in with SSO. */
export async function createUser(ctx: UsersContext, input: CreateUserInput): Promise<UserRow> {
  const user = await insertUser(ctx.db, ctx.config, {
    username: input.username,
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
    role: input.role,
    signup_method: 'admin',
    auth_method: input.password === undefined ? 'oidc' : 'local',
    full_name: blankToNull(input.full_name),
    email: input.email,
    email_verified: true, // an admin (or the operator at the CLI) vouches for it
  });
  // The admin's action, under the admin's id; the new user's own first sign-in sends their user.signed_up.
  track('user.created', { signup_method: 'admin' });
  return user;
}

/**
 * An admin changes another user's role, status or profile. Refuses to leave the installation without an
 * active admin (409 last_admin) and refuses self-deactivation (409 cannot_deactivate_self). Deactivation
 * ends the user's sessions and revokes their tokens (for good: re-activation does not revive them), and their open
 * event streams close at once.
 */
export async function updateUserAsAdmin(ctx: UsersContext, actor: UserRow, id: number, patch: AdminUserPatch): Promise<UserRow> {
  let before: UserRow | undefined;
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const target = await findUserById(trx, id);
    if (!target) throw notFound('user');
    before = target;
    if (patch.active === false && target.id === actor.id) {
      throw conflict('cannot_deactivate_self', 'You cannot deactivate your own account; ask another administrator.');
    }
    const losesAdmin = target.role === 'admin' && target.active === 1 && (patch.role === 'user' || patch.active === false);
    if (losesAdmin) {
      const admins = await activeAdminIds(trx, ctx.dbKind === 'postgres');
      if (!admins.some((adminId) => adminId !== target.id)) {
        throw conflict('last_admin', 'This is the last active administrator; make another user an admin first.');
      }
    }
    const changes: UserUpdate = {};
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.active !== undefined) changes.active = patch.active ? 1 : 0;
    if (patch.full_name !== undefined) changes.full_name = blankToNull(patch.full_name);
    if (patch.email !== undefined) {
      changes.email = patch.email;
      changes.email_verified = patch.email === null ? 0 : 1; // the admin vouches for the address they save
    }
    if (Object.keys(changes).length === 0) return target;
    const changed = await updateUser(trx, target.id, changes);
    if (patch.active === false) {
      await deleteUserSessions(trx, target.id);
      // Revoked for good: re-activating the user must not bring back tokens that were cut off.
      await deleteUserTokens(trx, target.id);
    }
    return changed;
  });
  if (patch.active === false) await signalCredentialsChanged(ctx, updated.id);
  else if (updated !== before) await signalUserChanged(ctx, updated.id); // role or profile: cached principals carry both
  // The user's person properties (role, is_active) change now, not at their next event (which may never come).
  if (before && (before.role !== updated.role || before.active !== updated.active)) identifyUser(updated);
  return updated;
}

/**
 * Sets a new password (CLI reset-password, an admin's POST /users/{id}/password): ends every session of the user
 * but `keepSessionIdHash` (an admin resetting their own stays signed in) and lifts a login lockout of the name.
 */
export async function resetPassword(
  ctx: UsersContext,
  user: UserRow,
  newPassword: string,
  keepSessionIdHash?: string,
): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: passwordHash });
    await deleteUserSessions(trx, user.id, keepSessionIdHash);
    await clearUserFailures(trx, user.username);
  });
  await signalCredentialsChanged(ctx, user.id);
}
