// Per-request context carried through async calls (AsyncLocalStorage), so services and the analytics module
// can see who is acting and from which page without route code passing it along by hand.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../features/auth/principal.js';
import type { AnalyticsSink } from '../features/analytics/sink.js';

export interface RequestContext {
  requestId: string;
  analytics: AnalyticsSink;
  principal: Principal | null;
  /** Absolute URL of the request (path and query as received). */
  url: string;
  /** Referer header, if any. */
  referer: string | undefined;
  userAgent: string | undefined;
  host: string | undefined;
  /**
   * The analytics session (PostHog `$session_id`) of a browser visit, set after authentication for requests
   * made with a login session (and by the login that creates one: its own events belong to the new visit); never
   * for API tokens or anonymous requests. Kept on the session row: features/auth/analytics-session.ts.
   */
  analyticsSessionId?: string | undefined;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return requestContext.getStore();
}
