// The one-line calls every feature uses: `track('timer.started', {...})`, `identifyUser(user, 'local')`.
// They only enqueue (never block, never throw) and pick up the acting user and page from the request context.
// Event names and property types come from the catalog (catalog.ts), so a typo does not compile; at run time
// anything the catalog does not declare is dropped before it leaves the process.
import type { UserRow } from '../../db/schema.js';
import { currentContext } from '../../http/request-context.js';
import type { EventProperties, ProductEventName } from './catalog.js';
import type { TrackOptions } from './sink.js';

/**
 * Property values as callers hold them: `null` means "absent" (unless the catalog allows null), and lists of
 * names are typed as string lists (each name is checked against the catalog's list at run time).
 */
type Widen<T> = T extends readonly (infer U)[] ? (U extends string ? readonly string[] : T) : T;
type Loose<T> = { [K in keyof T]?: Widen<T[K]> | null };

export function track<E extends ProductEventName>(event: E, properties: Loose<EventProperties<E>> = {}, options?: TrackOptions): void {
  try {
    currentContext()?.analytics.track(event, properties as Record<string, unknown>, options);
  } catch {
    // Analytics must never break the action being tracked.
  }
}

/** At a login (`authMethod`), or when an admin changed the user's role, sign-in identity or status (none). */
export function identifyUser(user: UserRow, authMethod?: 'local' | 'oidc'): void {
  try {
    currentContext()?.analytics.identifyUser(user, authMethod);
  } catch {
    // see track()
  }
}
