// Server-side context of a product event, derived from the request: the page (same-origin Referer, else the
// request URL; query and fragment always removed) and the browser (bowser). Pure: no I/O.
import Bowser, { BROWSER_MAP, OS_MAP } from 'bowser';

export interface RequestInfo {
  /** Absolute URL of the request. */
  url: string;
  referer?: string | undefined;
  userAgent?: string | undefined;
}

export interface PageContext {
  $current_url: string;
  $pathname: string;
  $host: string;
}

export interface BrowserContext {
  $browser?: string;
  $browser_version?: number;
  $os?: string;
  $device_type?: 'Desktop' | 'Mobile' | 'Tablet';
}

export const REDACTED_IP_HOST = 'redacted-ip';
const MAX_PATH = 512;

function parseUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const isIpLiteral = (hostname: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[') || hostname.includes(':');

/** The URL without query, fragment or credentials, with an IP-address host replaced (changes `url` in place). */
export function cleanUrl(url: URL): URL {
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  if (isIpLiteral(url.hostname)) url.hostname = REDACTED_IP_HOST;
  if (url.pathname.length > MAX_PATH) url.pathname = url.pathname.slice(0, MAX_PATH);
  return url;
}

/** The page the user was on: the Referer when it has the request's origin, else the request URL itself. */
export function pageContext(request: RequestInfo): PageContext | undefined {
  const own = parseUrl(request.url);
  if (!own) return undefined;
  const referer = request.referer;
  // A cheap prefix test first; only a Referer that looks same-origin is parsed (and then compared exactly).
  const sameOriginReferer =
    referer !== undefined && (referer === own.origin || referer.startsWith(`${own.origin}/`)) ? parseUrl(referer) : null;
  const page = cleanUrl(sameOriginReferer && sameOriginReferer.origin === own.origin ? sameOriginReferer : own);
  // URL.href renders an empty query/fragment as nothing; strip any trailing '?' or '#' defensively.
  const href = page.href.replace(/[?#]+$/, '');
  return { $current_url: href, $pathname: page.pathname, $host: page.host };
}

const KNOWN_BROWSERS = new Set<string>(Object.values(BROWSER_MAP));
const KNOWN_OS = new Set<string>(Object.values(OS_MAP));
// PostHog's own SDKs call macOS "Mac OS X"; keep the names comparable with browser-side data.
const OS_NAMES: Record<string, string> = { macOS: 'Mac OS X' };
const DEVICE_TYPES = { desktop: 'Desktop', mobile: 'Mobile', tablet: 'Tablet' } as const;

/**
 * Browser, major version, OS and device type. Names come only from bowser's lists of known browsers and
 * systems (bowser's catch-all would otherwise echo arbitrary User-Agent text); anything else is omitted.
 */
export function browserContext(userAgent: string | undefined): BrowserContext {
  if (!userAgent) return {};
  const result = Bowser.parse(userAgent.slice(0, 1024));
  const out: BrowserContext = {};
  const browser = result.browser.name;
  if (browser && KNOWN_BROWSERS.has(browser)) {
    out.$browser = browser;
    const major = /^(\d{1,5})(\.|$)/.exec(result.browser.version ?? '');
    if (major?.[1]) out.$browser_version = Number(major[1]);
  }
  const os = result.os.name;
  if (os && KNOWN_OS.has(os)) out.$os = OS_NAMES[os] ?? os;
  const type = result.platform.type as keyof typeof DEVICE_TYPES | undefined;
  if (out.$browser && type && type in DEVICE_TYPES) out.$device_type = DEVICE_TYPES[type];
  return out;
}
