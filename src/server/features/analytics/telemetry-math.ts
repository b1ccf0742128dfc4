// Small pure functions behind telemetry and person properties: count buckets, engagement level, preferred
// tracking method, whole days. No I/O; the SQL that feeds them lives in analytics.queries.ts.
import type { Bucket } from './catalog.js';

/** `0`, `1`, `2-5`, `6-20`, `21-100`, `101-1000`, `1000+` (a count above 1000). */
export function bucket(n: number): Bucket {
  if (!Number.isFinite(n) || n <= 0) return '0';
  if (n === 1) return '1';
  if (n <= 5) return '2-5';
  if (n <= 20) return '6-20';
  if (n <= 100) return '21-100';
  if (n <= 1000) return '101-1000';
  return '1000+';
}

export type EngagementLevel = 'new' | 'inactive' | 'low' | 'medium' | 'high' | 'very_high';

/** Accounts younger than this are `new`, whatever they did: a week is too short to call anyone inactive. */
export const NEW_ACCOUNT_DAYS = 7;

/**
 * new: account younger than 7 days; inactive: no entry in 30 days; then by entries in the last 7 days: <3 low,
 * 3-9 medium, 10-24 high, 25+ very_high.
 */
export function engagementLevel(entriesLast7Days: number, entriesLast30Days: number, accountAgeDays: number): EngagementLevel {
  if (accountAgeDays < NEW_ACCOUNT_DAYS) return 'new';
  if (entriesLast30Days <= 0 && entriesLast7Days <= 0) return 'inactive';
  if (entriesLast7Days < 3) return 'low';
  if (entriesLast7Days < 10) return 'medium';
  if (entriesLast7Days < 25) return 'high';
  return 'very_high';
}

export type TrackingMethod = 'timer' | 'manual' | 'mixed' | 'none';

/** From timer vs manual entries (imports do not count): one method with ≥ 75 % wins, else mixed; none without entries. */
export function preferredTrackingMethod(timerEntries: number, manualEntries: number): TrackingMethod {
  const total = timerEntries + manualEntries;
  if (total <= 0) return 'none';
  if (timerEntries / total >= 0.75) return 'timer';
  if (manualEntries / total >= 0.75) return 'manual';
  return 'mixed';
}

/** Whole days from `from` to `to` (epoch seconds), never negative. */
export function wholeDays(fromSeconds: number, toSeconds: number): number {
  return Math.max(0, Math.floor((toSeconds - fromSeconds) / 86_400));
}
