// `$browser`, `$browser_version`, `$os`, `$os_version` and `$device_type` as posthog-js computes them in the
// browser (its user-agent-utils), so server events and any browser-side PostHog data name a browser the same way.
// bowser parses; this module only maps bowser's answer onto posthog-js's vocabulary. Every name sent comes from
// the closed lists below — nothing of the User-Agent text is echoed, only digits of versions. Pure.
import Bowser from 'bowser';

export interface BrowserContext {
  $browser?: string;
  /** major.minor as a number (`17.4`, `124`), like posthog-js */
  $browser_version?: number;
  $os?: string;
  /** `17.4.0`, `10.15.7`, `10`: posthog-js's format; omitted where posthog-js has none */
  $os_version?: string;
  $device_type?: 'Desktop' | 'Mobile' | 'Tablet';
}

// bowser's browser name → posthog-js's. Chromium builds that do not name themselves to posthog-js (Chromium,
// Electron, Amazon Silk) are its `Chrome`, with Chrome's version.
const BROWSERS: Readonly<Record<string, string>> = {
  Chrome: 'Chrome',
  Chromium: 'Chrome',
  Electron: 'Chrome',
  'Amazon Silk': 'Chrome',
  Firefox: 'Firefox',
  Safari: 'Safari',
  'Microsoft Edge': 'Microsoft Edge',
  Opera: 'Opera',
  'Internet Explorer': 'Internet Explorer',
  'Samsung Internet for Android': 'Samsung Internet',
  'Android Browser': 'Android Mobile',
  'UC Browser': 'UC Browser',
  Vivaldi: 'Vivaldi',
  'Yandex Browser': 'Yandex',
  'NAVER Whale Browser': 'Whale',
  'Pale Moon': 'Pale Moon',
};
const VERSION_FROM_CHROME = new Set(['Chromium', 'Electron', 'Amazon Silk']);

const OS_NAMES: Readonly<Record<string, string>> = {
  Windows: 'Windows',
  macOS: 'Mac OS X',
  Linux: 'Linux',
  iOS: 'iOS',
  Android: 'Android',
  'Chrome OS': 'Chrome OS',
  'Windows Phone': 'Windows Phone',
  BlackBerry: 'BlackBerry',
};

// Windows NT version → the release posthog-js names.
const WINDOWS_RELEASES: Readonly<Record<string, string>> = {
  'NT 5.0': '2000',
  'NT 5.1': 'XP',
  'NT 5.2': 'XP',
  'NT 6.0': 'Vista',
  'NT 6.1': '7',
  'NT 6.2': '8',
  'NT 6.3': '8.1',
  'NT 10.0': '10',
};

const MAX_UA = 1024;

/** `124.0.6367.82` → 124, `17.4` → 17.4: posthog-js keeps major and minor. */
function majorMinor(version: string | undefined): number | undefined {
  const match = /^(\d{1,6})(\.\d{1,6})?/.exec(version ?? '');
  return match ? Number(match[0]) : undefined;
}

/** The browser's name as posthog-js gives it: some depend on the system or on an in-app marker. */
function browserName(bowserName: string, os: string | undefined, ua: string): string | undefined {
  if (ua.includes('FBIOS')) return 'Facebook Mobile'; // Facebook's in-app browser on iOS
  const name = BROWSERS[bowserName];
  if (os === 'iOS') {
    // posthog-js names iOS browsers by their own markers (CriOS, FxiOS); others (Edge, in-app) are Mobile Safari.
    if (name === 'Chrome') return 'Chrome iOS';
    if (name === 'Firefox') return 'Firefox iOS';
    if (name === 'Microsoft Edge' || name === 'Safari') return 'Mobile Safari';
  }
  if (name === 'Safari' && ua.includes('Mobile')) return 'Mobile Safari';
  if (name === 'Microsoft Edge' && os === 'Android') return 'Chrome'; // EdgA carries no marker posthog-js knows
  if (name === 'Internet Explorer' && os === 'Windows Phone') return 'Internet Explorer Mobile';
  return name;
}

function browserVersion(name: string, parsed: Bowser.Parser.ParsedResult, ua: string): number | undefined {
  if (name === 'Facebook Mobile') return undefined;
  if (name === 'Android Mobile') return majorMinor(parsed.os.version); // posthog-js reads `Android x.y`
  if (name === 'Mobile Safari' || name === 'Safari') return majorMinor(/Version\/([\d.]+)/.exec(ua)?.[1]);
  if (name === 'Chrome' && (VERSION_FROM_CHROME.has(parsed.browser.name ?? '') || parsed.os.name === 'Android'))
    return majorMinor(/Chrome\/([\d.]+)/.exec(ua)?.[1]);
  return majorMinor(parsed.browser.version);
}

/** `17.4` → `17.4.0`; a bare major (`Android 14`) has no version in posthog-js. */
function dottedVersion(version: string | undefined): string | undefined {
  const match = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?/.exec(version ?? '');
  return match ? `${match[1]}.${match[2]}.${match[3] ?? '0'}` : undefined;
}

function osVersion(os: string, version: string | undefined, ua: string): string | undefined {
  if (os === 'Windows') return /arm/i.test(ua) ? 'RT' : WINDOWS_RELEASES[version ?? '']; // posthog-js: any ARM is "RT"
  if (os === 'iOS' || os === 'Mac OS X' || os === 'Android') return dottedVersion(version);
  return undefined;
}

function deviceType(type: string | undefined, ua: string): BrowserContext['$device_type'] {
  if (type === 'tablet') return 'Tablet';
  if (type === 'mobile') return 'Mobile';
  if (type === 'bot') return /Mobile/.test(ua) ? 'Mobile' : 'Desktop'; // a crawler posing as a phone
  return 'Desktop';
}

export function browserContext(userAgent: string | undefined): BrowserContext {
  if (!userAgent) return {};
  const ua = userAgent.slice(0, MAX_UA);
  const parsed = Bowser.parse(ua);
  const out: BrowserContext = {};
  const os = OS_NAMES[parsed.os.name ?? ''];
  const isBot = parsed.platform.type === 'bot';
  const name = isBot ? undefined : browserName(parsed.browser.name ?? '', os, ua);
  if (name) {
    out.$browser = name;
    const version = browserVersion(name, parsed, ua);
    if (version !== undefined) out.$browser_version = version;
  }
  if (os) {
    out.$os = os;
    const version = osVersion(os, parsed.os.version, ua);
    if (version) out.$os_version = version;
  }
  out.$device_type = deviceType(parsed.platform.type, ua);
  return out;
}
