// What the rest of the app needs from analytics: enqueue-only calls that never block or throw.
// The implementation lives in this feature folder; the app holds one sink per process.
import type { UserRow } from '../../db/schema.js';

export interface AnalyticsSink {
  /** Enqueue a product or telemetry event; properties are checked against the catalog. */
  track(event: string, properties: Record<string, unknown>): void;
  /** Enqueue the user's `$identify` with person properties, on every successful login (local and SSO). */
  identifyUser(user: UserRow, authMethod: 'local' | 'oidc'): void;
}

export const silentSink: AnalyticsSink = { track: () => undefined, identifyUser: () => undefined };
