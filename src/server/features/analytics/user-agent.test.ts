// The values posthog-js computes for real User-Agents. Expectations are taken from posthog-js's own tests and
// source (packages/browser/src/__tests__/utils/user-agent-utils.test.ts and the user-agent-utils it tests, now in
// @posthog/core); each row names its source. Where a row's User-Agent is not one of their test cases, the value
// follows their rules as quoted, checked against @posthog/core 1.67.3's detectBrowser / detectBrowserVersion /
// detectOS / detectDeviceType (with the navigator.vendor the real browser reports).
//
// Known, deliberate differences: crawlers get no $browser (posthog-js does not send events of known bots at all,
// and its rules would name GPTBot "Firefox" or Googlebot-smartphone "Chrome"); DuckDuckGo and Brave on iOS are
// Mobile Safari (bowser does not tell them apart); Opera Mini on Presto is Opera.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browserContext, type BrowserContext } from './user-agent.js';

const TABLE: [string, BrowserContext][] = [
  // Chrome on Windows 10 — posthog-js test "Chrome 91 on Windows" (Chrome/x.y → x.y; NT 10.0 → "10")
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // Chrome on macOS — posthog-js test "Chrome 112 on mac"; osVersion test (Mac OS X 10_9_5 → "10.9.5")
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Mac OS X', $os_version: '10.15.7', $device_type: 'Desktop' },
  ],
  // Chrome on Linux — posthog-js test "Chrome 111 on Linux"; Linux has no version
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Linux', $device_type: 'Desktop' },
  ],
  // Chrome on ChromeOS — posthog-js osVersion test (CrOS → "Chrome OS", no version)
  [
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Chrome OS', $device_type: 'Desktop' },
  ],
  // Firefox on Windows — posthog-js test "Firefox 89"
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    { $browser: 'Firefox', $browser_version: 125, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // Firefox on Ubuntu — posthog-js rules: Firefox/x.y; "Linux" matcher
  [
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
    { $browser: 'Firefox', $browser_version: 124, $os: 'Linux', $device_type: 'Desktop' },
  ],
  // Firefox on macOS — posthog-js rules: "Mac OS X 14.4" → "14.4.0" (missing patch is 0)
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0',
    { $browser: 'Firefox', $browser_version: 125, $os: 'Mac OS X', $os_version: '14.4.0', $device_type: 'Desktop' },
  ],
  // Safari on macOS — posthog-js test "Safari" (Version/17.1 → 17.1: major.minor kept)
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    { $browser: 'Safari', $browser_version: 17.4, $os: 'Mac OS X', $os_version: '10.15.7', $device_type: 'Desktop' },
  ],
  // Edge (Chromium) — posthog-js rules: "Edg/" → "Microsoft Edge", version after Edg/
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
    { $browser: 'Microsoft Edge', $browser_version: 124, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // Opera — posthog-js test "Opera" (OPR/x.y)
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0',
    { $browser: 'Opera', $browser_version: 106, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // Vivaldi — posthog-js test "Vivaldi on macOS"
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Vivaldi/6.5.3206.63',
    { $browser: 'Vivaldi', $browser_version: 6.5, $os: 'Mac OS X', $os_version: '10.15.7', $device_type: 'Desktop' },
  ],
  // Yandex — posthog-js test "Yandex Browser on Windows" (named "Yandex")
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 YaBrowser/23.5.0.2271 Yowser/2.5 Safari/537.36',
    { $browser: 'Yandex', $browser_version: 23.5, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // Internet Explorer 11 — posthog-js test "Internet Explorer" (rv:11.0)
  [
    'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
    { $browser: 'Internet Explorer', $browser_version: 11, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // Chrome on Windows 7 — posthog-js windowsVersionMap (6.1 → "7")
  [
    'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 109, $os: 'Windows', $os_version: '7', $device_type: 'Desktop' },
  ],
  // Safari on iPhone — posthog-js test "mobile safari" ("Mobile Safari", Version/17.4 → 17.4, iOS 17_4 → "17.4.0")
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    { $browser: 'Mobile Safari', $browser_version: 17.4, $os: 'iOS', $os_version: '17.4.0', $device_type: 'Mobile' },
  ],
  // Chrome on iPhone — posthog-js test "Chrome 21 iOS" (CriOS → "Chrome iOS")
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
    { $browser: 'Chrome iOS', $browser_version: 124, $os: 'iOS', $os_version: '17.4.0', $device_type: 'Mobile' },
  ],
  // Firefox on iPhone — posthog-js test "firefox for ios" (FxiOS → "Firefox iOS")
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15',
    { $browser: 'Firefox iOS', $browser_version: 125, $os: 'iOS', $os_version: '17.4.0', $device_type: 'Mobile' },
  ],
  // Edge on iPhone — posthog-js rules: EdgiOS matches no earlier rule, so Mobile Safari with Version/17.0
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/124.0.2478.50 Mobile/15E148 Safari/605.1.15',
    { $browser: 'Mobile Safari', $browser_version: 17, $os: 'iOS', $os_version: '17.4.0', $device_type: 'Mobile' },
  ],
  // Chrome on Android 14 — posthog-js rules: "Android 14" has no minor, so no $os_version
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Chrome with the reduced Android UA — posthog-js rules as above
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Samsung Internet — posthog-js test "Samsung Internet" (SamsungBrowser/x.y)
  [
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    { $browser: 'Samsung Internet', $browser_version: 24, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Firefox on Android — posthog-js rules: Firefox/x.y; device "Android" → Mobile
  [
    'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
    { $browser: 'Firefox', $browser_version: 125, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Edge on Android — posthog-js rules: "EdgA/" is neither "Edge" nor "Edg/", so Chrome
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Android stock browser — posthog-js test "Android Browser on Galaxy Nexus" ("Android Mobile", version from "Android 4.0")
  [
    'Mozilla/5.0 (Linux; U; Android 4.0.2; en-us; Galaxy Nexus Build/ICL53F) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30',
    { $browser: 'Android Mobile', $browser_version: 4, $os: 'Android', $os_version: '4.0.2', $device_type: 'Mobile' },
  ],
  // Safari on iPad — posthog-js osVersion test (iPad; CPU OS 8_4 → "8.4.0"); device iPad → Tablet
  [
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    { $browser: 'Mobile Safari', $browser_version: 17.4, $os: 'iOS', $os_version: '17.4.0', $device_type: 'Tablet' },
  ],
  // Chrome on iPad — posthog-js rules: CriOS → "Chrome iOS"; iPad → Tablet
  [
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
    { $browser: 'Chrome iOS', $browser_version: 124, $os: 'iOS', $os_version: '17.4.0', $device_type: 'Tablet' },
  ],
  // Chrome on an Android tablet — posthog-js rules: Android without "Mobile" → Tablet
  [
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Tablet' },
  ],
  // Samsung Internet on a tablet — posthog-js test "Samsung Internet" (SM-T550, 5.0.2)
  [
    'Mozilla/5.0 (Linux; Android 5.0.2; SAMSUNG SM-T550 Build/LRX22G) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/3.5 Chrome/38.0.2125.102 Safari/537.36',
    { $browser: 'Samsung Internet', $browser_version: 3.5, $os: 'Android', $os_version: '5.0.2', $device_type: 'Tablet' },
  ],
  // Silk on a Kindle Fire — posthog-js rules: Chrome/x.y → Chrome; KF…WI → Kindle Fire → Tablet
  [
    'Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/124.3.1 like Chrome/124.0.6367.82 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Tablet' },
  ],
  // Facebook in-app on iOS — posthog-js rules: FBIOS → "Facebook Mobile", no version
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.33.108;FBBV/588416574;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/590004411]',
    { $browser: 'Facebook Mobile', $os: 'iOS', $os_version: '17.4.0', $device_type: 'Mobile' },
  ],
  // Facebook in-app on Android — posthog-js rules: FB_IAB has no rule, Chrome/x.y wins
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/459.0.0.48.109;]',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Instagram in-app on iOS — posthog-js rules with navigator.vendor "Apple Computer, Inc." → Mobile Safari, no Version/
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 329.0.3.29.108 (iPhone15,2; iOS 17_4; en_US; en; scale=3.00; 1179x2556; 592069374)',
    { $browser: 'Mobile Safari', $os: 'iOS', $os_version: '17.4.0', $device_type: 'Mobile' },
  ],
  // Instagram in-app on Android — posthog-js rules: Chrome/x.y
  [
    'Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 Instagram 329.0.0.41.93 Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; en_US; 602429254)',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Android', $device_type: 'Mobile' },
  ],
  // Googlebot — posthog-js rules name nothing; device defaults to Desktop
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { $device_type: 'Desktop' }],
  // Bingbot — as Googlebot
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', { $device_type: 'Desktop' }],
  // curl (API scripts) — posthog-js rules name nothing; device defaults to Desktop
  ['curl/8.5.0', { $device_type: 'Desktop' }],
  // Opera on Android — posthog-js rules: OPR/x.y
  [
    'Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36 OPR/80.4.4244.77233',
    { $browser: 'Opera', $browser_version: 80.4, $os: 'Android', $device_type: 'Mobile' },
  ],
  // An Electron app — posthog-js rules: Chrome/x.y (Electron has no rule)
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) TimeTracker/1.0.0 Chrome/124.0.6367.60 Electron/30.0.1 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Windows', $os_version: '10', $device_type: 'Desktop' },
  ],
  // UC Browser — posthog-js test "UC Browser"
  [
    'Mozilla/5.0 (Linux; U; Android 4.2.2; en-US; Micromax A116 Build/JDQ39) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 UCBrowser/10.7.5.658 U3/0.8.0 Mobile Safari/534.30',
    { $browser: 'UC Browser', $browser_version: 10.7, $os: 'Android', $os_version: '4.2.2', $device_type: 'Mobile' },
  ],
  // Naver Whale — posthog-js test "Naver Whale on macOS"
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Whale/3.21.192.18 Safari/537.36',
    { $browser: 'Whale', $browser_version: 3.21, $os: 'Mac OS X', $os_version: '10.15.7', $device_type: 'Desktop' },
  ],
  // Slackbot — posthog-js rules name nothing
  ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', { $device_type: 'Desktop' }],
  // Chrome on Windows on ARM — posthog-js rules: any "arm" in a Windows UA → "RT"
  [
    'Mozilla/5.0 (Windows NT 10.0; ARM64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    { $browser: 'Chrome', $browser_version: 124, $os: 'Windows', $os_version: 'RT', $device_type: 'Desktop' },
  ],
];

describe('browserContext', () => {
  it.each(TABLE)('%s', (userAgent, expected) => {
    expect(browserContext(userAgent)).toEqual(expected);
  });

  it('covers desktop, mobile, tablet, in-app and crawler User-Agents', () => {
    const types = new Set(TABLE.map(([, e]) => e.$device_type));
    expect([...types].sort()).toEqual(['Desktop', 'Mobile', 'Tablet']);
    expect(TABLE.length).toBeGreaterThanOrEqual(25);
  });

  it('sends nothing without a User-Agent', () => {
    expect(browserContext(undefined)).toEqual({});
    expect(browserContext('')).toEqual({});
  });

  it('never echoes User-Agent text: names come from closed lists, versions are numbers and dotted digits', () => {
    expect(browserContext('alice-canary-7f3a/1.0 (secret details; alice@example.com)')).toEqual({ $device_type: 'Desktop' });
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom(...TABLE.map(([ua]) => ua)), (junk, real) => {
        for (const ua of [`canary${junk}/1.0 (${junk})`, real.replace(/\d+/, `canary${junk}`), `${real} canary${junk}`]) {
          const out = browserContext(ua);
          if (JSON.stringify(out).includes('canary')) return false;
          if (out.$os_version !== undefined && !/^(\d+\.\d+\.\d+|\d+(\.\d)?|XP|Vista|2000|RT)$/.test(out.$os_version))
            return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
