// The one-line calls every feature uses: `track('timer.started', {...})`, `identifyUser(user, 'local')`.
// They only enqueue (never block, never throw) and pick up the acting user and page from the request context.
import type { UserRow } from '../../db/schema.js';
import { currentContext } from '../../http/request-context.js';

export function track(event: string, properties: Record<string, unknown> = {}): void {
  try {
    currentContext()?.analytics.track(event, properties);
  } catch {
    // Analytics must never break the action being tracked.
  }
}

export function identifyUser(user: UserRow, authMethod: 'local' | 'oidc'): void {
  try {
    currentContext()?.analytics.identifyUser(user, authMethod);
  } catch {
    // see track()
  }
}
