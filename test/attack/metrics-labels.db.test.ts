// What a client sends never becomes a metric label: ids, e-mail addresses, query strings, malformed or random URLs
// and unknown methods all land on the route template (or `unmatched`), a closed set of methods, status classes and
// error codes. So neither user data reaches the monitoring system nor can a client grow the number of series.
// Loopback only; runs on SQLite and PostgreSQL.
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../harness.js';
import { listen } from '../../src/server/features/live/sse-client.test-helpers.js';
import { scrape, type Sample } from '../../src/server/features/metrics/metrics.test-helpers.js';
import { API_ERROR_CODES } from '../../src/shared/error-codes.js';

const REQUESTS = 'timetracker_http_request_duration_seconds_count';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'other'];
const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
const CODES = [...API_ERROR_CODES, 'other'];

/** Sends raw bytes on a fresh connection and waits until the server closes it. */
async function rawRequest(port: number, bytes: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.write(bytes);
  await new Promise<void>((resolve) => socket.on('close', () => resolve()).on('error', () => resolve()));
  return text;
}

describe('metric labels under hostile requests', () => {
  let t: TestApp;
  let admin: ApiClient;
  let templates: Set<string>;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_ENABLED: 'true' });
    admin = await t.setupAdmin();
    // Every route template the app has, from its OpenAPI document ({id} there, :id in Fastify).
    const doc = await t.anonymous.get('/api/docs/json');
    templates = new Set(Object.keys(doc.body.paths as object).map((p) => p.replace(/\{(\w+)\}/g, ':$1')));
    templates.add('/metrics');
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every request-derived label of the scrape is one of the closed sets. */
  function expectClosedLabels(samples: Sample[]) {
    for (const s of samples.filter((s) => s.name.startsWith('timetracker_http_request_duration_seconds'))) {
      const { route, method, status_class } = s.labels;
      expect(route === 'unmatched' || templates.has(route!) || route!.startsWith('/api/docs'), `route ${route}`).toBe(true);
      expect(METHODS).toContain(method);
      expect(CLASSES).toContain(status_class);
    }
    for (const s of samples.filter((s) => s.name === 'timetracker_http_errors_total')) expect(CODES).toContain(s.labels.code);
  }

  it('ids, e-mail addresses, query strings, NULs, bad encodings and unknown methods never become label values', async () => {
    const project = await admin.post('/projects', { name: 'Client X secret project', billable: false });
    expect(project.status).toBe(201);
    const id = project.body.id as number;
    expect((await admin.get('/time-entries/123456')).status).toBe(404);
    expect((await admin.get(`/projects/${id}?email=someone@example.com&token=secret-value`)).status).toBe(200);
    expect((await admin.get('/users/me?email=a@b')).status).toBe(200);
    const inject = (method: string, url: string) => t.runtime.app.inject({ method: method as 'GET', url });
    expect((await inject('GET', '/%00weird?email=a@b')).statusCode).toBe(400);
    expect((await inject('GET', '/api/v1/time-entries/%E0%A4%A')).statusCode).toBe(400);
    expect((await inject('GET', `/api/v1/time-entries/${'9'.repeat(600)}`)).statusCode).toBe(414);
    expect((await inject('PROPFIND', '/api/v1/users/me/secret-folder')).statusCode).toBe(404);
    expect((await inject('DELETE', '/api/v1/time-entries/424242?why=because')).statusCode).toBeGreaterThanOrEqual(400);
    // Answered by Node's HTTP server before a request exists: counted by its code, timed nowhere.
    const port = Number(new URL(await listen(t.runtime)).port);
    expect(await rawRequest(port, 'GET /api/v1/users/777777?e=x@y HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n')).toContain(
      '"bad_request"',
    );

    const { samples } = await scrape(t.runtime);
    expectClosedLabels(samples);
    // Names and labels of every series (the values are numbers that may well contain 999).
    const text = samples.map((s) => `${s.name}${JSON.stringify(s.labels)}`).join('\n');
    for (const leak of [
      '123456',
      '424242',
      '777777',
      `/${id}`,
      'someone',
      'example.com',
      'a@b',
      'x@y',
      'secret',
      'weird',
      '%',
      '999',
      'PROPFIND',
      'because',
    ]) {
      expect(text, leak).not.toContain(leak);
    }
    expect(
      samples.find((s) => s.name === REQUESTS && s.labels.route === '/api/v1/time-entries/:id' && s.labels.method === 'GET')
        ?.value,
    ).toBe(1);
    expect(samples.find((s) => s.name === REQUESTS && s.labels.method === 'other')?.labels.route).toBe('unmatched');
    const errors = Object.fromEntries(
      samples.filter((s) => s.name === 'timetracker_http_errors_total').map((s) => [s.labels.code, s.value]),
    );
    // not found: the entry id, PROPFIND; unauthenticated: the DELETE without a session; the NUL, the bad
    // percent-encoding (the router or the id's schema refuses it) and the malformed request are 400s.
    const { not_found, unauthenticated, uri_too_long, bad_request = 0, validation_failed = 0, ...rest } = errors;
    expect({ not_found, unauthenticated, uri_too_long, refused: bad_request + validation_failed, rest }).toEqual({
      not_found: 2,
      unauthenticated: 1,
      uri_too_long: 1,
      refused: 3,
      rest: {},
    });
  });

  it('keeps the number of series bounded after 1,000 random URLs', async () => {
    const segment = fc.oneof(fc.webSegment(), fc.nat().map(String), fc.emailAddress(), fc.uuid());
    const url = fc.oneof(
      fc
        .tuple(fc.constantFrom('/api/v1/time-entries/', '/api/v1/projects/', '/api/v1/users/', '/'), segment)
        .map(([a, b]) => a + b),
      fc.tuple(fc.webPath(), fc.webQueryParameters()).map(([p, q]) => `/api/v1${p}?${q}`),
      fc.tuple(fc.webPath(), fc.webFragments()).map(([p, f]) => `${p || '/'}#${f}`),
      fc.webUrl({ withQueryParameters: true }).map((u) => new URL(u).pathname + new URL(u).search),
    );
    const method = fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'PROPFIND', 'MKCOL', 'SEARCH');
    const requests = fc.sample(fc.tuple(method, url), { numRuns: 1000, seed: 17 });

    const seriesCount = async () => {
      const { samples } = await scrape(t.runtime);
      expectClosedLabels(samples);
      return { samples, series: samples.filter((s) => s.name === REQUESTS || s.name === 'timetracker_http_errors_total').length };
    };
    const before = await seriesCount();
    let sent = 0;
    for (const [verb, path] of requests) {
      const res = await t.runtime.app
        .inject({
          method: verb as 'GET',
          url: path,
          headers: admin.auth.cookie ? { cookie: `tt_session=${admin.auth.cookie}` } : {},
        })
        .catch(() => undefined);
      if (res) sent++;
    }
    expect(sent).toBeGreaterThan(900);
    const after = await seriesCount();
    // New series can only be known routes (here: the three :id templates and `unmatched`) × 8 methods × 5 status
    // classes, and error codes; 1,000 random URLs add a few dozen at most, not one per URL.
    expect(after.series - before.series).toBeLessThan(50);
    const routes = new Set(after.samples.filter((s) => s.name === REQUESTS).map((s) => s.labels.route));
    expect(routes.size).toBeLessThan(15);
    const labelValues = after.samples.flatMap((s) => Object.values(s.labels));
    for (const [, path] of requests.slice(0, 200)) {
      const tail = path.split('/').pop()!.split('?')[0]!;
      if (tail.length >= 6 && !/^[a-z-]+$/.test(tail))
        expect(
          labelValues.some((v) => v.includes(tail)),
          tail,
        ).toBe(false);
    }
  });
});
