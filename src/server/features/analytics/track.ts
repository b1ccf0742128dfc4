// The one-line call every feature uses: `track('timer.started', {...})`. It only enqueues (never blocks, never
// throws) and picks up the acting user and page from the request context.
import { currentContext } from '../../http/request-context.js';

export function track(event: string, properties: Record<string, unknown> = {}): void {
  try {
    currentContext()?.analytics.track(event, properties);
  } catch {
    // Analytics must never break the action being tracked.
  }
}
