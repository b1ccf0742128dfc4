// The page of a product event, derived from the request: the same-origin Referer (the web UI's page that made
// the API call), named by its template in the UI's route table (src/shared/routes.ts) — `/projects/:id`, or
// `/:not_found` for a path no route declares. Nothing of the path itself, no query and no fragment is ever sent.
// The host is the configured BASE_URL's, and only with ANALYTICS_SEND_HOST (an organisation's internal host name
// is identifying); otherwise a fixed placeholder stands in. Pure: no I/O.
import { pageTemplate } from '../../../shared/routes.js';

export interface RequestInfo {
  /** Absolute URL of the request. */
  url: string;
  referer?: string | undefined;
}

export interface PageOptions {
  /** The app's public address (BASE_URL); the only host ever reported. */
  baseUrl: string;
  /** ANALYTICS_SEND_HOST: report BASE_URL's host instead of the placeholder. */
  sendHost: boolean;
}

export interface PageContext {
  $current_url: string;
  $pathname: string;
  $host?: string;
}

export interface ReferrerContext {
  $referrer: string;
  $referring_domain: string;
}

/** Stands in for the app's host unless ANALYTICS_SEND_HOST is on (`.invalid` can never be a real host). */
export const HIDDEN_HOST = 'timetracker.invalid';
export const REDACTED_IP_HOST = 'redacted-ip';
/** PostHog's value for "no referrer". */
export const DIRECT = '$direct';

function parseUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const isIpLiteral = (hostname: string): boolean =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[') || hostname.includes(':');

/** The origin events report: BASE_URL's (an IP address replaced) with ANALYTICS_SEND_HOST, else the placeholder. */
export function reportedOrigin(options: PageOptions): { origin: string; host: string } {
  const base = parseUrl(options.baseUrl);
  const protocol = base?.protocol ?? 'http:';
  if (!options.sendHost || !base) return { origin: `${protocol}//${HIDDEN_HOST}`, host: HIDDEN_HOST };
  const host = isIpLiteral(base.hostname) ? `${REDACTED_IP_HOST}${base.port ? `:${base.port}` : ''}` : base.host;
  return { origin: `${protocol}//${host}`, host };
}

/** The Referer when it is a page of this app (the request's own origin or BASE_URL's), else null. */
function sameOriginReferer(request: RequestInfo, options: PageOptions): URL | null {
  const referer = parseUrl(request.referer);
  if (!referer) return null;
  const origins = [parseUrl(request.url)?.origin, parseUrl(options.baseUrl)?.origin];
  return origins.includes(referer.origin) ? referer : null;
}

/** The page the user was on, or undefined when the request names no page of this app (API tokens, scripts). */
export function pageContext(request: RequestInfo, options: PageOptions): PageContext | undefined {
  const referer = sameOriginReferer(request, options);
  if (!referer) return undefined;
  const pathname = pageTemplate(referer.pathname);
  const { origin, host } = reportedOrigin(options);
  return { $current_url: `${origin}${pathname}`, $pathname: pathname, ...(options.sendHost ? { $host: host } : {}) };
}

/**
 * Where a page view came from, as PostHog reads it: the visit's entry page came from outside (`$direct` — a
 * third-party referrer is never sent), every later one from the app itself (its reported origin).
 */
export function referrerContext(entry: boolean, options: PageOptions): ReferrerContext {
  if (entry) return { $referrer: DIRECT, $referring_domain: DIRECT };
  const { origin, host } = reportedOrigin(options);
  return { $referrer: origin, $referring_domain: host };
}
