import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/harness.js';
import { startCaptureServer, type CaptureServer } from '../../../../test/capture-server.js';
import { cookieHeaders, listen, openSse, type SseStream } from '../live/sse-client.test-helpers.js';
import { parseMetrics, samplesOf, scrape, valueOf } from './metrics.test-helpers.js';

const REQUESTS = 'timetracker_http_request_duration_seconds_count';
const TOKEN = 'a-metrics-token-0123456789';

describe('GET /metrics with METRICS_ENABLED', () => {
  let t: TestApp;
  let cap: CaptureServer;
  let stream: SseStream | undefined;
  beforeEach(async () => {
    cap = await startCaptureServer();
    // random 0: every job is due at the first tick; a key and a host: analytics really sends, to the stand-in.
    t = await startTestApp(
      { METRICS_ENABLED: 'true', POSTHOG_API_KEY: 'phc_metrics_test', POSTHOG_HOST: cap.url },
      { jobs: { random: () => 0 } },
    );
  });
  afterEach(async () => {
    stream?.close();
    await t.close();
    await cap.close();
  });

  it('exports requests by route template, errors by code, the database, streams, jobs and analytics', async () => {
    const admin = await t.setupAdmin();
    const created = await admin.post('/projects', { name: 'Metered', billable: false });
    expect(created.status).toBe(201);
    expect((await admin.get(`/projects/${created.body.id}`)).status).toBe(200);
    expect((await admin.get('/projects/987654')).body.error.code).toBe('not_found');
    expect((await admin.post('/projects', { name: '' })).body.error.code).toBe('validation_failed');
    expect((await t.anonymous.get('/no-such-thing')).status).toBe(404);
    expect((await t.runtime.app.inject({ method: 'GET', url: '/api/v1/projects/%zz' })).statusCode).toBe(400);

    stream = await openSse(await listen(t.runtime), cookieHeaders(admin));
    await stream.waitFor((e) => e.event === 'ready');

    t.runtime.jobs.register({
      name: 'metrics_test_failing',
      periodSeconds: 3600,
      jitterSeconds: 0,
      leaseSeconds: 60,
      run: async () => {
        throw new Error('this job always fails');
      },
    });
    const ran = await t.runtime.jobs.tick();
    expect(ran).toContain('metrics_test_failing');
    await t.runtime.analytics.flush();
    expect(t.runtime.analytics.counters.sent).toBeGreaterThan(0);

    const { status, contentType, samples, text } = await scrape(t.runtime);
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');

    // Requests: by route template, method and status class; one value for every request no route matched.
    const route = '/api/v1/projects/:id';
    expect(valueOf(samples, REQUESTS, { route, method: 'GET', status_class: '2xx' })).toBe(1);
    expect(valueOf(samples, REQUESTS, { route, method: 'GET', status_class: '4xx' })).toBe(1);
    expect(valueOf(samples, REQUESTS, { route: '/api/v1/projects', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(valueOf(samples, REQUESTS, { route: '/api/v1/projects', method: 'POST', status_class: '4xx' })).toBe(1);
    // the unknown path and the malformed URL (answered by the router before any hook)
    expect(valueOf(samples, REQUESTS, { route: 'unmatched', method: 'GET', status_class: '4xx' })).toBe(2);
    const buckets = samplesOf(samples, 'timetracker_http_request_duration_seconds_bucket', {
      route,
      method: 'GET',
      status_class: '2xx',
    });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(1);

    // Errors by the API's error code.
    expect(valueOf(samples, 'timetracker_http_errors_total', { code: 'not_found' })).toBe(2);
    expect(valueOf(samples, 'timetracker_http_errors_total', { code: 'validation_failed' })).toBe(1);
    expect(valueOf(samples, 'timetracker_http_errors_total', { code: 'bad_request' })).toBe(1);

    // The database: statements by kind, and the pool.
    for (const kind of ['select', 'insert', 'update']) {
      expect(valueOf(samples, 'timetracker_db_query_duration_seconds_count', { kind })).toBeGreaterThan(0);
    }
    expect(valueOf(samples, 'timetracker_info', { database: t.runtime.database.kind, version: t.runtime.ctx.version })).toBe(1);
    expect(valueOf(samples, 'timetracker_db_pool_max')).toBe(t.runtime.database.kind === 'sqlite' ? 1 : 10);
    // (exact values while a transaction holds a connection: the next test)
    const inUse = valueOf(samples, 'timetracker_db_pool_connections', { state: 'in_use' })!;
    const idle = valueOf(samples, 'timetracker_db_pool_connections', { state: 'idle' })!;
    expect(inUse).toBeGreaterThanOrEqual(0);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(inUse + idle).toBeGreaterThan(0);
    expect(valueOf(samples, 'timetracker_db_pool_waiting')).toBeGreaterThanOrEqual(0);

    // The open event stream, the jobs of this tick, and analytics delivery as the analytics module counts it.
    expect(valueOf(samples, 'timetracker_live_streams')).toBe(1);
    for (const job of ran) expect(valueOf(samples, 'timetracker_job_runs_total', { job })).toBe(1);
    expect(ran.length).toBeGreaterThan(1);
    expect(valueOf(samples, 'timetracker_job_failures_total', { job: 'metrics_test_failing' })).toBe(1);
    expect(samplesOf(samples, 'timetracker_job_failures_total').map((s) => s.labels.job)).toEqual(['metrics_test_failing']);
    const counters = t.runtime.analytics.counters;
    expect(valueOf(samples, 'timetracker_analytics_sent_events_total')).toBe(counters.sent);
    expect(valueOf(samples, 'timetracker_analytics_queued_events_total')).toBe(counters.queued);
    expect(valueOf(samples, 'timetracker_analytics_failed_events_total')).toBe(0);
    expect(valueOf(samples, 'timetracker_analytics_dropped_events_total')).toBe(0);
    expect(valueOf(samples, 'timetracker_analytics_queue_length')).toBe(t.runtime.analytics.queueLength);

    // The process: event-loop lag, CPU, memory, GC (prom-client's defaults, prefixed).
    for (const name of [
      'timetracker_nodejs_eventloop_lag_seconds',
      'timetracker_process_cpu_seconds_total',
      'timetracker_nodejs_heap_size_used_bytes',
    ]) {
      expect(samplesOf(samples, name).length, name).toBeGreaterThan(0);
    }
    // Nobody's data: not the admin's name, not the project's, not the ids asked for.
    for (const secret of ['admin', 'Metered', '987654', `/${created.body.id}`, '%zz']) expect(text).not.toContain(secret);

    // Counters only grow: once the stream is gone the gauge drops, the counters stay.
    stream.close();
    await t.runtime.analytics.flush();
    // the server sees the stream end a moment later
    for (let tries = 0; t.runtime.ctx.live.subscriberCount() > 0 && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 20));
    const later = (await scrape(t.runtime)).samples;
    expect(valueOf(later, 'timetracker_live_streams')).toBe(0);
    expect(valueOf(later, 'timetracker_analytics_sent_events_total')).toBe(t.runtime.analytics.counters.sent);
    expect(valueOf(later, REQUESTS, { route: '/metrics', method: 'GET', status_class: '2xx' })).toBe(1);
  });
});

describe('database pool metrics', () => {
  it('show a connection held by a transaction, and on SQLite the statement waiting for it', async () => {
    const t = await startTestApp({ METRICS_ENABLED: 'true' });
    let release = () => undefined as void;
    try {
      const { db } = t.runtime.ctx;
      const sqlite = t.runtime.database.kind === 'sqlite';
      const pool = async () => {
        const { samples } = await scrape(t.runtime);
        return {
          inUse: valueOf(samples, 'timetracker_db_pool_connections', { state: 'in_use' }),
          waiting: valueOf(samples, 'timetracker_db_pool_waiting'),
        };
      };
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const transaction = db.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('id').execute();
        started();
        await held;
      });
      await inside;
      const queued = db.selectFrom('users').select('id').execute();
      // SQLite has one connection: the statement waits for the transaction. PostgreSQL runs it on a second one.
      if (sqlite) {
        for (let tries = 0; (await pool()).waiting !== 1 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
      } else {
        await queued;
      }
      expect(await pool()).toEqual(sqlite ? { inUse: 1, waiting: 1 } : { inUse: 1, waiting: 0 });
      release();
      await transaction;
      await queued;
      expect(await pool()).toEqual({ inUse: 0, waiting: 0 });
    } finally {
      // A transaction still open would keep the pool, and so the close, waiting.
      release();
      await t.close();
    }
  });
});

describe('GET /metrics: off, token, own port', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is an unknown path when METRICS_ENABLED is not set', async () => {
    t = await startTestApp();
    const res = await t.runtime.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(t.runtime.ctx.metrics).toBeUndefined();
  });

  it('with METRICS_TOKEN answers only the bearer of that token', async () => {
    t = await startTestApp({ METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN });
    for (const authorization of [
      undefined,
      'Bearer wrong-token-0123456789ab',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      `Basic ${TOKEN}`,
      'Bearer ',
    ]) {
      const res = await scrape(t.runtime, authorization === undefined ? {} : { authorization });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.contentType).toContain('application/json');
      expect(JSON.parse(res.text)).toEqual({
        error: { code: 'unauthenticated', message: expect.stringContaining('METRICS_TOKEN') },
      });
    }
    const unauthorized = await t.runtime.app.inject({ method: 'GET', url: '/metrics' });
    expect(unauthorized.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(unauthorized.body).not.toContain(TOKEN);

    const ok = await scrape(t.runtime, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(valueOf(ok.samples, 'timetracker_http_errors_total', { code: 'unauthenticated' })).toBe(8);
    expect((await scrape(t.runtime, { authorization: `bearer  ${TOKEN} ` })).status).toBe(200);
  });

  it('with METRICS_PORT is served there (on HOST) and not on the main port', async () => {
    t = await startTestApp({ METRICS_ENABLED: 'true', METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    const server = t.runtime.metricsServer;
    expect(server).toBeDefined();
    const address = server!.server.address();
    if (address === null || typeof address === 'string') throw new Error('the metrics server does not listen');
    expect(address.address).toBe('127.0.0.1');
    const base = `http://127.0.0.1:${address.port}`;

    expect((await t.anonymous.get('/health')).status).toBe(200);
    const main = await t.runtime.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(main.statusCode).toBe(404);

    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = parseMetrics(await res.text());
    expect(valueOf(samples, REQUESTS, { route: '/api/v1/health', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(valueOf(samples, REQUESTS, { route: 'unmatched', method: 'GET', status_class: '4xx' })).toBe(1);
    const other = await fetch(`${base}/api/v1/health`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'not_found' } });

    await t.close();
    t = undefined;
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });
});
