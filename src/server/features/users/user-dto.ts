// How a user and their preferences look on the wire (API spec: Users, preferences).
import { z } from 'zod';
import type { UserRow } from '../../db/schema.js';
import { apiTime, toApiTime } from '../../http/wire.js';
import { DATE_FORMATS } from '../../../shared/date-format.js';
import { REPORT_ROUNDING_SCOPES, ROUNDING_METHODS } from '../../../shared/time-math.js';

const roundingMinutesSchema = z.union([
  z.literal(1),
  z.literal(5),
  z.literal(6),
  z.literal(10),
  z.literal(15),
  z.literal(30),
  z.literal(60),
]);

export const preferencesSchema = z.object({
  theme: z.enum(['light', 'dark', 'system']),
  language: z.string(),
  timezone: z.string(),
  date_format: z.enum(DATE_FORMATS),
  time_format: z.enum(['24h', '12h']),
  week_start: z.number().int().min(0).max(6),
  rounding_minutes: roundingMinutesSchema.describe('rounding of timer stops (see min_timer_seconds)'),
  rounding_method: z.enum(['nearest', 'up', 'down']).describe('rounding of timer stops'),
  standard_hours_per_day: z.number(),
  weekly_goal_hours: z.number().nullable(),
  analytics_opt_out: z.boolean(),
  min_timer_seconds: z
    .number()
    .int()
    .describe('minimum duration to keep: a timer stopped with less worked time is stored unrounded, and the web UI asks'),
  report_rounding: z
    .enum(REPORT_ROUNDING_SCOPES)
    .describe('rounding of reports and exports: none, each entry, or each day; stored times never change'),
  report_rounding_minutes: roundingMinutesSchema,
  report_rounding_method: z.enum(ROUNDING_METHODS),
  pinned_project_ids: z
    .array(z.number().int())
    .describe('favourite projects, listed first in the project picker, in the order they were pinned (at most 50)'),
});
z.globalRegistry.add(preferencesSchema, { id: 'Preferences' });
export type Preferences = z.infer<typeof preferencesSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  full_name: z.string().nullable(),
  email: z.string().nullable(),
  email_verified: z
    .boolean()
    .describe('true when an admin, the CLI or the SSO provider set the address; an address the user typed is unverified'),
  sso_identity: z
    .object({ issuer: z.string(), subject: z.string() })
    .nullable()
    .describe('The single sign-on identity linked to this account, or null'),
  role: z.enum(['admin', 'user']),
  active: z.boolean(),
  auth_method: z.enum(['local', 'oidc']),
  created_at: apiTime,
  last_login_at: apiTime.nullable(),
  preferences: preferencesSchema,
});
z.globalRegistry.add(userSchema, { id: 'User' });
export type UserDto = z.infer<typeof userSchema>;

export function toPreferences(user: UserRow): Preferences {
  return {
    theme: user.theme,
    language: user.language,
    timezone: user.timezone,
    date_format: user.date_format as Preferences['date_format'],
    time_format: user.time_format,
    week_start: user.week_start,
    rounding_minutes: user.rounding_minutes as Preferences['rounding_minutes'],
    rounding_method: user.rounding_method,
    standard_hours_per_day: user.standard_hours_per_day,
    weekly_goal_hours: user.weekly_goal_hours,
    analytics_opt_out: user.analytics_opt_out === 1,
    min_timer_seconds: user.min_timer_seconds,
    report_rounding: user.report_rounding,
    report_rounding_minutes: user.report_rounding_minutes as Preferences['report_rounding_minutes'],
    report_rounding_method: user.report_rounding_method,
    pinned_project_ids: pinnedIds(user.pinned_project_ids),
  };
}

/** The stored JSON array of pinned project ids; anything else reads as none pinned. */
function pinnedIds(stored: string): number[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}

export function toUserDto(user: UserRow): UserDto {
  return {
    id: user.id,
    username: user.username,
    full_name: user.full_name,
    email: user.email,
    email_verified: user.email !== null && user.email_verified === 1,
    sso_identity:
      user.oidc_issuer !== null && user.oidc_subject !== null ? { issuer: user.oidc_issuer, subject: user.oidc_subject } : null,
    role: user.role,
    active: user.active === 1,
    auth_method: user.auth_method,
    created_at: toApiTime(user.created_at),
    last_login_at: toApiTime(user.last_login_at),
    preferences: toPreferences(user),
  };
}
