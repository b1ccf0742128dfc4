// $session_id and $referrer end to end, through the real posthog-node and the capture server: one visit's page
// views and server events share an id; it rotates after 30 idle minutes and after 24 hours (the clock is moved);
// token requests carry none; the visit's first page view is `$direct`, later ones come from the app itself.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapturedEvent } from '../../../../test/capture-server.js';
import { uuidv7Time } from '../../lib/uuidv7.js';
import { byEvent, startWithCapture, type AnalyticsTestApp } from './analytics.test-helpers.js';

const PAGE = { referer: 'http://localhost/entries' };
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MINUTE = 60_000;

let t: AnalyticsTestApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.close();
  t = undefined;
});

/** Moves the clock the server reads (Date only: timers and I/O keep real time). */
function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

const sessionIds = (events: CapturedEvent[]) => events.map((e) => e.properties.$session_id as string | undefined);

describe('$session_id', { timeout: 60_000 }, () => {
  it('is shared by a visit’s page views and server events, and rotates after 30 idle minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    t = await startWithCapture();
    const admin = await t.setupAdmin();
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    advance(10 * MINUTE);
    await admin.post('/projects', { name: 'Visit one' }, PAGE);
    advance(29 * MINUTE); // 29 minutes since the last request: the same visit
    await admin.post('/analytics/events', { event: '$pageview' }, { referer: 'http://localhost/projects' });
    let events = await t.flushed();
    const first = sessionIds([...byEvent(events, '$pageview'), ...byEvent(events, 'project.created')]);
    expect(first).toHaveLength(3);
    expect(new Set(first).size).toBe(1);
    expect(first[0]).toMatch(UUID_V7);
    // setup's user.signed_up is tracked before its session exists; $identify carries person properties, not a
    // visit; nothing else lacks the id.
    expect(events.filter((e) => e.event !== 'user.signed_up' && e.event !== '$identify').every((e) => e.properties.$session_id === first[0])).toBe(true);

    advance(31 * MINUTE); // idle for more than 30 minutes: a new visit
    await admin.post('/projects', { name: 'Visit two' }, PAGE);
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    events = await t.flushed();
    const second = byEvent(events, 'project.created')[1]!.properties.$session_id as string;
    expect(second).toMatch(UUID_V7);
    expect(second).not.toBe(first[0]);
    expect(byEvent(events, '$pageview')[2]!.properties.$session_id).toBe(second);
    expect(uuidv7Time(second)).toBeGreaterThan(uuidv7Time(first[0]!)); // v7: the id carries the visit's start
  });

  it('rotates after 24 hours even while the visit stays active', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    t = await startWithCapture();
    const admin = await t.setupAdmin();
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    for (let elapsed = 0; elapsed < 24 * 60; elapsed += 25) {
      advance(25 * MINUTE); // never idle for 30 minutes
      await admin.get('/auth/session');
    }
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    const pageviews = byEvent(await t.flushed(), '$pageview');
    expect(pageviews).toHaveLength(2);
    expect(pageviews[1]!.properties.$session_id).not.toBe(pageviews[0]!.properties.$session_id);
  });

  it('agrees on one new id when requests race at the end of a visit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    t = await startWithCapture();
    const admin = await t.setupAdmin();
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    advance(45 * MINUTE);
    await Promise.all([
      admin.post('/analytics/events', { event: '$pageview' }, PAGE),
      admin.post('/projects', { name: 'Race A' }, PAGE),
      admin.post('/projects', { name: 'Race B' }, PAGE),
      admin.post('/analytics/events', { event: '$pageview' }, PAGE),
    ]);
    const events = await t.flushed();
    const raced = sessionIds([...byEvent(events, '$pageview').slice(1), ...byEvent(events, 'project.created')]);
    expect(raced).toHaveLength(4);
    expect(new Set(raced).size).toBe(1);
    expect(raced[0]).not.toBe(byEvent(events, '$pageview')[0]!.properties.$session_id);
  });

  it('is never sent for API-token requests', async () => {
    t = await startWithCapture();
    const admin = await t.setupAdmin();
    const token = await t.tokenClient(admin, ['write:projects', 'read:projects']);
    await token.post('/projects', { name: 'By token' }, PAGE);
    await admin.post('/projects', { name: 'By session' }, PAGE);
    const [byToken, bySession] = byEvent(await t.flushed(), 'project.created');
    expect(byToken!.properties).not.toHaveProperty('$session_id');
    expect(bySession!.properties.$session_id).toMatch(UUID_V7);
  });
});

describe('$referrer of page views', { timeout: 60_000 }, () => {
  it('is $direct for a visit’s first page view and the app’s origin afterwards; a new visit starts over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    t = await startWithCapture({ ANALYTICS_SEND_HOST: 'true', BASE_URL: 'http://localhost' });
    const admin = await t.setupAdmin();
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    await admin.post('/analytics/events', { event: '$pageview' }, { referer: 'http://localhost/reports' });
    advance(31 * MINUTE);
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    // Dropped (no page of the app) and so it does not use up the new visit's entry.
    advance(31 * MINUTE);
    await admin.post('/analytics/events', { event: '$pageview' }, { referer: 'https://elsewhere.example.org/' });
    await admin.post('/analytics/events', { event: '$pageview' }, PAGE);
    const pick = (e: CapturedEvent) => [
      e.properties.$referrer,
      e.properties.$referring_domain,
      e.properties.$current_url,
      e.properties.$host,
    ];
    const pageviews = byEvent(await t.flushed(), '$pageview');
    expect(pageviews.map(pick)).toEqual([
      ['$direct', '$direct', 'http://localhost/entries', 'localhost'],
      ['http://localhost', 'localhost', 'http://localhost/reports', 'localhost'],
      ['$direct', '$direct', 'http://localhost/entries', 'localhost'],
      ['$direct', '$direct', 'http://localhost/entries', 'localhost'],
    ]);
    expect((await admin.get('/admin/telemetry')).body.counters.suppressed).toBe(1);
  });
});
