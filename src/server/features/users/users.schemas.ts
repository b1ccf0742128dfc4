// Request schemas for users and preferences (the response shapes live in user-dto.ts).
import { z } from 'zod';
import { emailSchema } from '../../../shared/schemas/fields.js';
import { isValidTimeZone, REPORT_ROUNDING_SCOPES, ROUNDING_METHODS, ROUNDING_MINUTES } from '../../../shared/time-math.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { preferencesSchema } from './user-dto.js';

export const usernameSchema = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits or _ . @ -');
export const fullNameSchema = z.string().trim().max(200).nullable();

/** A new password; the upper bound keeps hashing cost bounded. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');

export const roleSchema = z.enum(['admin', 'user']);

/** A BCP 47 language tag, stored in its canonical spelling (`EN-us` → `en-US`). */
export const languageSchema = z
  .string()
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical) return canonical;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as en or de-DE' });
    return z.NEVER;
  });

/**
 * An IANA time zone this runtime knows, stored under Intl's own spelling (`europe/berlin` → `Europe/Berlin`).
 * Offsets such as `+01:00` are refused: they are not zones and would silently ignore daylight saving time.
 */
export const timezoneSchema = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) && isValidTimeZone(value)) {
      return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    }
    ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Berlin' });
    return z.NEVER;
  });

const roundingMinutesSchema = z
  .number()
  .refine((n): n is (typeof ROUNDING_MINUTES)[number] => (ROUNDING_MINUTES as readonly number[]).includes(n), {
    message: `must be one of ${ROUNDING_MINUTES.join(', ')}`,
  });

/** At most this many projects are pinned (favourites) per user. */
export const MAX_PINNED_PROJECTS = 50;

/** The whole list of pinned projects in their order; a repeated id counts once. */
const pinnedProjectIdsSchema = z
  .array(z.number().int().positive())
  .max(MAX_PINNED_PROJECTS, `must hold at most ${MAX_PINNED_PROJECTS} projects`)
  .transform((ids) => [...new Set(ids)]);

/** PATCH /users/me/preferences: any subset of the preferences. */
export const preferencesPatchSchema = z.strictObject({
  theme: preferencesSchema.shape.theme.optional(),
  language: languageSchema.optional(),
  timezone: timezoneSchema.optional(),
  date_format: preferencesSchema.shape.date_format.optional(),
  time_format: preferencesSchema.shape.time_format.optional(),
  week_start: z.number().int().min(0).max(6).optional(),
  rounding_minutes: roundingMinutesSchema.optional(),
  rounding_method: z.enum(ROUNDING_METHODS).optional(),
  standard_hours_per_day: z.number().gt(0, 'must be more than 0').max(24, 'must be at most 24').optional(),
  weekly_goal_hours: z.number().gt(0, 'must be more than 0').max(168, 'must be at most 168').nullable().optional(),
  analytics_opt_out: z.boolean().optional(),
  min_timer_seconds: z.number().int().min(0, 'must be at least 0').max(3600, 'must be at most 3600').optional(),
  report_rounding: z.enum(REPORT_ROUNDING_SCOPES).optional(),
  report_rounding_minutes: roundingMinutesSchema.optional(),
  report_rounding_method: z.enum(ROUNDING_METHODS).optional(),
  pinned_project_ids: pinnedProjectIdsSchema.optional(),
});
export type PreferencesPatch = z.output<typeof preferencesPatchSchema>;

export const profilePatchSchema = z.strictObject({
  full_name: fullNameSchema.optional(),
  email: emailSchema.optional(),
});
export type ProfilePatch = z.output<typeof profilePatchSchema>;

export const passwordChangeSchema = z.strictObject({
  current_password: z.string().min(1).max(1024),
  new_password: newPasswordSchema,
});

export const passwordResetSchema = z.strictObject({ new_password: newPasswordSchema });

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  password: newPasswordSchema.optional().describe('omit to create a user who can only sign in with SSO'),
  full_name: fullNameSchema.optional(),
  email: emailSchema.optional(),
  role: roleSchema,
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const adminUserPatchSchema = z.strictObject({
  role: roleSchema.optional(),
  active: z.boolean().optional(),
  full_name: fullNameSchema.optional(),
  email: emailSchema.optional(),
});
export type AdminUserPatch = z.output<typeof adminUserPatchSchema>;
