import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browserContext, pageContext } from './event-context.js';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const SAFARI_IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const SAFARI_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

describe('browserContext', () => {
  it('parses browser, major version, OS and device type', () => {
    expect(browserContext(CHROME_LINUX)).toEqual({ $browser: 'Chrome', $browser_version: 124, $os: 'Linux', $device_type: 'Desktop' });
    expect(browserContext(FIREFOX_WINDOWS)).toEqual({ $browser: 'Firefox', $browser_version: 125, $os: 'Windows', $device_type: 'Desktop' });
    expect(browserContext(SAFARI_IPHONE)).toEqual({ $browser: 'Safari', $browser_version: 17, $os: 'iOS', $device_type: 'Mobile' });
    expect(browserContext(SAFARI_IPAD)).toMatchObject({ $browser: 'Safari', $os: 'iOS', $device_type: 'Tablet' });
    expect(browserContext(SAFARI_MAC)).toMatchObject({ $browser: 'Safari', $os: 'Mac OS X', $device_type: 'Desktop' });
  });

  it('omits what it cannot name from a known list, so no User-Agent text is echoed', () => {
    expect(browserContext(undefined)).toEqual({});
    expect(browserContext('curl/8.5.0')).toEqual({});
    expect(browserContext('alice-canary-7f3a/1.0 (secret details; alice@example.com)')).toEqual({});
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (junk) => {
        const out = browserContext(`canary${junk}/1.0 (${junk})`);
        return !JSON.stringify(out).includes('canary');
      }),
      { numRuns: 300 },
    );
  });
});

describe('pageContext', () => {
  it('uses a same-origin Referer, without query or fragment', () => {
    expect(pageContext({ url: 'http://time.example.com/api/v1/analytics/events', referer: 'http://time.example.com/reports?from=2026-01-01&q=alice#top' })).toEqual({
      $current_url: 'http://time.example.com/reports',
      $pathname: '/reports',
      $host: 'time.example.com',
    });
  });

  it('falls back to the request URL when the Referer is missing or from another site', () => {
    const own = { url: 'https://time.example.com:8443/api/v1/timer/start?debug=1' };
    expect(pageContext(own)?.$current_url).toBe('https://time.example.com:8443/api/v1/timer/start');
    expect(pageContext({ ...own, referer: 'https://evil.example.org/phish?u=alice' })?.$current_url).toBe('https://time.example.com:8443/api/v1/timer/start');
    expect(pageContext({ ...own, referer: 'http://time.example.com:8443/entries' })?.$host).toBe('time.example.com:8443');
    expect(pageContext({ ...own, referer: 'not a url' })?.$pathname).toBe('/api/v1/timer/start');
  });

  it('replaces an IP-address host and drops credentials', () => {
    expect(pageContext({ url: 'http://192.168.1.20:8080/api/v1/timer/start' })).toEqual({
      $current_url: 'http://redacted-ip:8080/api/v1/timer/start',
      $pathname: '/api/v1/timer/start',
      $host: 'redacted-ip:8080',
    });
    expect(pageContext({ url: 'http://[::1]:8080/x' })?.$host).toBe('redacted-ip:8080');
    expect(pageContext({ url: 'http://alice:pw@time.example.com/x' })?.$current_url).toBe('http://time.example.com/x');
  });

  it('never reports a query string or fragment (property-based)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.option(fc.webUrl({ withQueryParameters: true, withFragments: true })), (url, referer) => {
        const page = pageContext({ url, referer: referer ?? undefined });
        return page === undefined || (!page.$current_url.includes('?') && !page.$current_url.includes('#') && page.$current_url.endsWith(page.$pathname));
      }),
      { numRuns: 500 },
    );
  });
});
