import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_FOUND_PAGE, PAGES } from '../../../shared/routes.js';
import { HIDDEN_HOST, pageContext, referrerContext } from './event-context.js';

const API = 'http://time.example.com/api/v1/analytics/events';
const HIDDEN = { baseUrl: 'http://time.example.com', sendHost: false };
const SHOWN = { baseUrl: 'https://time.example.com', sendHost: true };

describe('pageContext', () => {
  it('names the page by its route template, without query or fragment, and hides the host by default', () => {
    expect(pageContext({ url: API, referer: 'http://time.example.com/reports?from=2026-01-01&q=alice#top' }, HIDDEN)).toEqual({
      $current_url: `http://${HIDDEN_HOST}/reports`,
      $pathname: '/reports',
    });
    expect(pageContext({ url: API, referer: 'http://time.example.com/entries/' }, HIDDEN)?.$pathname).toBe('/entries');
    expect(pageContext({ url: API, referer: 'http://time.example.com/' }, HIDDEN)?.$pathname).toBe('/');
  });

  it('reports BASE_URL’s host only with ANALYTICS_SEND_HOST, never the Host header', () => {
    const request = {
      url: 'http://evil-canary.example.org/api/v1/timer/start',
      referer: 'http://evil-canary.example.org/admin/users',
    };
    expect(pageContext(request, SHOWN)).toEqual({
      $current_url: 'https://time.example.com/admin/users',
      $pathname: '/admin/users',
      $host: 'time.example.com',
    });
    expect(
      pageContext(
        { url: API, referer: 'http://192.168.1.20:8080/entries' },
        { baseUrl: 'http://192.168.1.20:8080', sendHost: true },
      ),
    ).toEqual({
      $current_url: 'http://redacted-ip:8080/entries',
      $pathname: '/entries',
      $host: 'redacted-ip:8080',
    });
  });

  it('reports an unknown path as /:not_found, nothing of it', () => {
    for (const path of [
      '/clients/ACME%20Secret%20Client/bob@example.com',
      '/projects/42',
      '/Entries',
      '/api/v1/projects',
      '/admin/users/7',
    ]) {
      expect(pageContext({ url: API, referer: `http://time.example.com${path}` }, HIDDEN)?.$pathname, path).toBe(NOT_FOUND_PAGE);
    }
  });

  it('has no page without a Referer of this app (cross-origin, missing, not http)', () => {
    for (const referer of [
      undefined,
      'https://evil.example.org/entries',
      'not a url',
      'ftp://time.example.com/entries',
      'http://time.example.com.evil.org/entries',
    ]) {
      expect(pageContext({ url: API, referer }, HIDDEN), String(referer)).toBeUndefined();
    }
    // BASE_URL's origin counts as the app's too (behind a proxy that rewrites Host).
    expect(
      pageContext({ url: 'http://10.0.0.5:8080/api/v1/x', referer: 'https://time.example.com/tasks' }, SHOWN)?.$pathname,
    ).toBe('/tasks');
  });

  it('never reports anything of a path, query or fragment (property-based)', () => {
    const templates = new Set([...Object.values(PAGES).map((p) => p.path), NOT_FOUND_PAGE]);
    fc.assert(
      fc.property(fc.webPath(), fc.webQueryParameters(), fc.webFragments(), fc.boolean(), (path, query, fragment, sendHost) => {
        const referer = `http://time.example.com${path}?${query}#${fragment}`;
        const page = pageContext({ url: API, referer }, { ...HIDDEN, sendHost });
        if (page === undefined) return false; // same origin: always a page
        return templates.has(page.$pathname) && page.$current_url.endsWith(page.$pathname) && !/[?#]/.test(page.$current_url);
      }),
      { numRuns: 500 },
    );
  });
});

describe('referrerContext', () => {
  it('is $direct for a visit’s entry page, else the app’s own (reported) origin', () => {
    expect(referrerContext(true, SHOWN)).toEqual({ $referrer: '$direct', $referring_domain: '$direct' });
    expect(referrerContext(false, SHOWN)).toEqual({
      $referrer: 'https://time.example.com',
      $referring_domain: 'time.example.com',
    });
    expect(referrerContext(false, HIDDEN)).toEqual({ $referrer: `http://${HIDDEN_HOST}`, $referring_domain: HIDDEN_HOST });
  });
});
