// What the rest of the app needs from analytics: enqueue-only calls that never block or throw.
// The implementation is analytics.ts (one per runtime); silentSink is for code paths without analytics.
import type { UserRow } from '../../db/schema.js';

export interface TrackOptions {
  /**
   * The user the event is about when the request has no signed-in principal yet (setup creating the first
   * admin, an SSO callback creating an account). Otherwise the principal of the request context is used.
   */
  user?: UserRow;
  /** `$pageview` only: `internal` when an earlier page view of the same visit was reported (else `$direct`). */
  referrer?: 'entry' | 'internal';
}

export interface AnalyticsSink {
  /** Enqueue a product or telemetry event; properties are checked against the catalog. */
  track(event: string, properties: Record<string, unknown>, options?: TrackOptions): void;
  /**
   * Enqueue the user's `$identify` now: at every successful login (`authMethod`: local or SSO) and when an admin
   * changes the user's role, sign-in identity or status. (A user's first event of each analytics session and UTC
   * day sends one by itself.)
   */
  identifyUser(user: UserRow, authMethod?: 'local' | 'oidc'): void;
}

export const silentSink: AnalyticsSink = { track: () => undefined, identifyUser: () => undefined };
