import type { AppContext } from '../../app-context.js';
import type { UserRow } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
// eslint-disable-next-line no-restricted-imports -- the wizard's telemetry choice must take effect at once, as from the telemetry page.
import { refreshAnalyticsSettings } from '../analytics/analytics.service.js';
import { track } from '../analytics/track.js';
import { insertUser } from '../users/users.queries.js';
import { hashPassword } from '../auth/passwords.js';
import { isSetupComplete } from './setup.queries.js';
import { fixedLimit } from '../../db/limits.js';

export interface SetupInput {
  admin_username: string;
  admin_password: string;
  telemetry_enabled: boolean;
}

/**
 * Creates the first admin and records the installation-telemetry consent, exactly once: the conditional
 * update on `setup_complete` makes a second (even concurrent) setup fail with setup_already_complete.
 */
export async function completeSetup(ctx: AppContext, input: SetupInput, signupMethod: 'setup' = 'setup'): Promise<UserRow> {
  const passwordHash = await hashPassword(input.admin_password);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('installation')
      .set({ setup_complete: 1, telemetry_consent: input.telemetry_enabled ? 1 : 0 })
      .where('id', '=', 1)
      .where('setup_complete', '=', 0)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      throw new AppError(409, 'setup_already_complete', 'TimeTracker is already set up.');
    }
    const existing = await trx.selectFrom('users').select('id').limit(fixedLimit(1)).executeTakeFirst();
    if (existing) throw new AppError(409, 'setup_already_complete', 'TimeTracker is already set up.');
    return insertUser(trx, ctx.config, {
      username: input.admin_username,
      password_hash: passwordHash,
      role: 'admin',
      signup_method: signupMethod,
      auth_method: 'local',
    });
  });
  await refreshAnalyticsSettings(ctx); // the consent just stored applies at once
  track('user.signed_up', { signup_method: signupMethod }, { user });
  return user;
}

/** Headless first start: ADMIN_USERNAME + ADMIN_PASSWORD create the admin when no user exists yet. */
export async function bootstrapAdminFromConfig(ctx: AppContext): Promise<UserRow | null> {
  const { ADMIN_USERNAME, ADMIN_PASSWORD } = ctx.config;
  if (!ADMIN_USERNAME || !ADMIN_PASSWORD) return null;
  if (await isSetupComplete(ctx.db)) return null;
  try {
    return await completeSetup(ctx, { admin_username: ADMIN_USERNAME, admin_password: ADMIN_PASSWORD, telemetry_enabled: false });
  } catch (error) {
    if (error instanceof AppError && error.code === 'setup_already_complete') return null; // another process won
    throw error;
  }
}
