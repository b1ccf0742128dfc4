import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../../../../test/harness.js';
import { entriesChanged, entriesDeleted, publishLive, timerChanged } from './publish.js';
import { cookieHeaders, listen, openSse, runningTimerRow as running, type SseStream } from './sse-client.test-helpers.js';

describe('GET /events (server-sent events)', () => {
  let t: TestApp;
  let baseUrl: string;
  const streams: SseStream[] = [];
  const open = async (headers: Record<string, string>) => {
    const s = await openSse(baseUrl, headers);
    streams.push(s);
    return s;
  };

  beforeEach(async () => {
    t = await startTestApp({ LIVE_HEARTBEAT_SECONDS: '1' });
    baseUrl = await listen(t.runtime);
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await t.close();
  });

  it('streams only the caller’s own events, to every open stream of that user', async () => {
    const admin = await t.setupAdmin();
    const alice = await t.createUser(admin, 'alice');
    const bob = await t.createUser(admin, 'bob');
    const aliceId = (await alice.get('/auth/session')).body.user.id as number;

    const tab1 = await open(cookieHeaders(alice));
    const tab2 = await open(cookieHeaders(alice));
    const bobTab = await open(cookieHeaders(bob));
    expect(tab1.status).toBe(200);
    expect(tab1.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(tab1.headers['cache-control']).toContain('no-store');
    expect(tab1.headers['x-accel-buffering']).toBe('no');
    expect(tab1.headers['x-content-type-options']).toBe('nosniff');
    for (const s of [tab1, tab2, bobTab])
      expect((await s.waitFor((e) => e.event === 'ready')).data).toEqual({ heartbeat_seconds: 1 });

    await publishLive(t.runtime.ctx, aliceId, timerChanged(running));
    await publishLive(t.runtime.ctx, aliceId, timerChanged(null), entriesChanged([7]));
    await publishLive(t.runtime.ctx, aliceId, entriesDeleted([7, 8, 8]));

    for (const tab of [tab1, tab2]) {
      await tab.waitFor((e) => e.event === 'time_entry.deleted');
      expect(tab.events.filter((e) => e.event !== 'ready').map((e) => [e.event, e.data])).toEqual([
        [
          'timer.changed',
          {
            timer: {
              id: 7,
              project_id: 3,
              task_id: null,
              start_time: '2026-09-21T14:13:20Z',
              paused: false,
              paused_at: null,
              break_seconds: 0,
            },
          },
        ],
        ['timer.changed', { timer: null }],
        ['time_entry.changed', { ids: [7] }],
        ['time_entry.deleted', { ids: [7, 8] }],
      ]);
    }
    // Bob's stream is alive (heartbeats arrive) but never carries Alice's events.
    await new Promise((r) => setTimeout(r, 1200));
    expect(bobTab.comments).toContain('heartbeat');
    expect(bobTab.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('pushes timer start, pause, resume and stop made through the API', async () => {
    const admin = await t.setupAdmin();
    const project = (await admin.post('/projects', { name: 'Live' })).body as { id: number };
    const tab = await open(cookieHeaders(admin));
    await tab.waitFor((e) => e.event === 'ready');

    const started = await admin.post('/timer/start', { project_id: project.id, notes: 'secret notes' });
    expect(started.status).toBe(201);
    const id = started.body.timer.id as number;
    const onStart = await tab.waitFor((e) => e.event === 'timer.changed');
    expect(onStart.data.timer).toEqual({
      id,
      project_id: project.id,
      task_id: null,
      start_time: started.body.timer.start_time,
      paused: false,
      paused_at: null,
      break_seconds: 0,
    });
    expect(JSON.stringify(tab.events)).not.toContain('secret notes');

    expect((await admin.post('/timer/pause')).status).toBe(200);
    await tab.waitFor((e) => e.event === 'timer.changed' && e.data.timer?.paused === true);
    expect((await admin.post('/timer/resume')).status).toBe(200);
    await tab.waitFor((e) => e.event === 'timer.changed' && e.data.timer?.paused === false && e !== onStart);
    expect((await admin.post('/timer/stop', {})).status).toBe(200);
    await tab.waitFor((e) => e.event === 'timer.changed' && e.data.timer === null);
    expect(tab.events.filter((e) => e.event === 'time_entry.changed').map((e) => e.data)).toEqual([{ ids: [id] }, { ids: [id] }]);
  });

  it('asks open streams to refetch after an import, and says nothing for a dry run', async () => {
    const admin = await t.setupAdmin();
    const tab = await open(cookieHeaders(admin));
    await tab.waitFor((e) => e.event === 'ready');
    const csv = fs.readFileSync(new URL('../../../../test/fixtures/imports/toggl-detailed.csv', import.meta.url));
    const boundary = 'ttlivetest';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    // The fixture's durations are Berlin wall time (one row crosses the end of summer time).
    const dry = await admin.post('/imports/time-entries?dry_run=true&timezone=Europe/Berlin', body, headers);
    expect(dry.body.imported).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(tab.events.map((e) => e.event)).toEqual(['ready']);
    const real = await admin.post('/imports/time-entries?timezone=Europe/Berlin', body, headers);
    expect(real.status).toBe(200);
    expect((await tab.waitFor((e) => e.event === 'resync')).data).toEqual({ reason: 'entries_imported' });
    expect(tab.events.filter((e) => e.event === 'resync')).toHaveLength(1);
  });

  it('accepts tokens with read:time_entries, refuses other tokens and anonymous callers', async () => {
    const admin = await t.setupAdmin();
    const reader = await t.tokenClient(admin, ['read:time_entries']);
    const wildcard = await t.tokenClient(admin, ['read:*']);
    const projectsOnly = await t.tokenClient(admin, ['read:projects']);
    const bearer = (c: ApiClient) => ({ authorization: `Bearer ${c.auth.token}` });

    expect((await open(bearer(reader))).status).toBe(200);
    expect((await open(bearer(wildcard))).status).toBe(200);
    const refused = await open(bearer(projectsOnly));
    expect(refused.status).toBe(403);
    const anonymous = await open({});
    expect(anonymous.status).toBe(401);
  });

  it('sends heartbeats and ends the stream once the session is logged out or the token revoked', async () => {
    const admin = await t.setupAdmin();
    const alice = await t.createUser(admin, 'alice');
    const token = await t.tokenClient(alice, ['read:time_entries']);
    const viaSession = await open(cookieHeaders(alice));
    const viaToken = await open({ authorization: `Bearer ${token.auth.token}` });
    await viaSession.waitFor((e) => e.event === 'ready');
    const tokens = (await alice.get('/tokens')).body.items as { id: number }[];

    await new Promise((r) => setTimeout(r, 1200));
    expect(viaSession.comments).toContain('heartbeat');
    expect((await alice.post('/auth/logout')).status).toBe(204);
    await viaSession.ended; // at once, by the credential signal (test/attack/live-streams.db.test.ts times it)
    // The tab is told why before the stream closes, so it can ask to sign in again instead of failing later.
    expect(viaSession.events.at(-1)?.event).toBe('session.ended');

    // The session is gone, so revoke through a fresh login.
    const again = await t.login('alice', 'correct horse battery');
    expect((await again.delete(`/tokens/${tokens[0]!.id}`)).status).toBe(204);
    await viaToken.ended;
    expect(viaToken.events.at(-1)?.event).toBe('session.ended');
    expect((await open({ authorization: `Bearer ${token.auth.token}` })).status).toBe(401);
  });

  it('ends open streams when the server closes, so shutdown does not hang', async () => {
    const admin = await t.setupAdmin();
    const s = await open(cookieHeaders(admin));
    await s.waitFor((e) => e.event === 'ready');
    expect(t.runtime.ctx.live.subscriberCount()).toBe(1);
    const closing = t.runtime.app.close();
    await s.ended;
    await closing;
    expect(t.runtime.ctx.live.subscriberCount()).toBe(0);
  });

  it('is documented in the OpenAPI document as text/event-stream', async () => {
    const doc = (await t.anonymous.get('/api/docs/json')).body;
    const op = doc.paths['/api/v1/events'].get;
    expect(op.description).toContain('timer.changed');
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
  });
});
