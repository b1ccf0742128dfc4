// Oversized, broken and unusual requests get the API's error shape {"error":{"code","message"}} with a status and
// message that say what is wrong — also where Node's HTTP server or Fastify's router answer on their own, before
// any route or error handler runs: overlong URLs (414), oversized headers (431), bodies and uploads over their
// limits (413), malformed multipart (400, never 500), invalid HTTP, a missing Host, an unknown Expect, and requests
// that arrive while the server closes (503). Loopback only; runs on SQLite and PostgreSQL.
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../harness.js';
import { listen } from '../../src/server/features/live/sse-client.test-helpers.js';

interface RawAnswer {
  status: number;
  headers: string;
  body: { error: { code: string; message: string } };
}

/** Sends the bytes over a fresh connection and reads the one answer until the server closes or it is complete. */
async function raw(port: number, ...chunks: (string | Buffer)[]): Promise<RawAnswer> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  const done = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.slice(0, head))?.[1];
      if (head >= 0 && length !== undefined && text.length >= head + 4 + Number(length)) resolve();
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  for (const chunk of chunks) socket.write(chunk);
  await done;
  socket.destroy();
  const head = text.indexOf('\r\n\r\n');
  return {
    status: Number(text.slice(9, 12)),
    headers: text.slice(0, head).toLowerCase(),
    body: JSON.parse(text.slice(head + 4)) as RawAnswer['body'],
  };
}

function expectShape(answer: { status: number; body: RawAnswer['body'] }, status: number, code: string, message: RegExp): void {
  expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status, code });
  expect(answer.body.error.message).toMatch(message);
  expect(Object.keys(answer.body)).toEqual(['error']);
}

const BOUNDARY = '----ttattack0123456789';
const CSV = 'date,start,end,duration_seconds,break_seconds,project,notes\n';
const multipartBody = (file: string, boundary = BOUNDARY) =>
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`,
  );

describe('oversized and broken requests', () => {
  let t: TestApp;
  let port: number;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    port = Number(new URL(await listen(t.runtime)).port);
    admin = await t.setupAdmin();
  });
  afterAll(async () => {
    await t.close();
  });

  it('414 for a path segment over the router limit and for a request line over the header limit', async () => {
    const segment = await admin.get(`/time-entries/${'9'.repeat(200)}`);
    expectShape(segment, 414, 'uri_too_long', /URL is too long.*100 characters/);
    const line = await raw(port, `GET /api/v1/health?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expectShape(line, 414, 'uri_too_long', /URL is too long.*16 KiB/);
    expect(line.headers).toContain('cache-control: no-store');
  });

  it('431 for header fields over the limit', async () => {
    const answer = await raw(port, `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectShape(answer, 431, 'headers_too_large', /header fields are too large.*16 KiB/);
    // Cookies count as headers too, however the request is split into packets.
    const split = await raw(
      port,
      'GET /api/v1/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      `Cookie: tt_session=${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expectShape(split, 431, 'headers_too_large', /16 KiB/);
  });

  it('413 with the limit for a JSON body over 1 MiB, announced or sent', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });
    expectShape(await admin.post('/clients', big), 413, 'payload_too_large', /at most 1 MiB/);
    const announced = await raw(
      port,
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{`,
    );
    expectShape(announced, 413, 'payload_too_large', /at most 1 MiB/);
  });

  it('413 with the limit for an upload over the import limit, and for too many parts', async () => {
    const huge = await admin.post('/imports/time-entries?dry_run=true', multipartBody(CSV + 'x'.repeat(21 * 1024 * 1024)), {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    });
    expectShape(huge, 413, 'payload_too_large', /at most one file of 20 MiB/);
    const fields = Array.from(
      { length: 12 },
      (_, i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`,
    ).join('');
    const many = await admin.post(
      '/imports/time-entries?dry_run=true',
      Buffer.concat([Buffer.from(fields), multipartBody(CSV)]),
      {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
    );
    expectShape(many, 413, 'payload_too_large', /too many parts/);
  });

  it('400, never 500, for multipart without a boundary or with an empty one', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; charset=utf-8']) {
      const answer = await admin.post('/imports/time-entries?dry_run=true', multipartBody(CSV), { 'content-type': type });
      expectShape(answer, 400, 'validation_failed', /multipart/);
    }
  });

  it('400, never 500, for every truncation of a multipart upload and for a boundary cut short', async () => {
    const full = multipartBody(`${CSV}2026-01-05,09:00,10:00,3600,0,Nowhere,\n`);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length - 5 }), async (cut) => {
        const answer = await admin.post('/imports/time-entries?dry_run=true', full.subarray(0, cut), {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        });
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('validation_failed');
        expect(answer.body.error.message).toMatch(/multipart|no file/);
      }),
      // The import route allows 30 uploads a minute per address; this file stays below that.
      { numRuns: 20, examples: [[0], [full.length - 10]] },
    );
    // The body's boundary is a prefix of the announced one: no delimiter is ever found.
    const short = await admin.post('/imports/time-entries?dry_run=true', multipartBody(CSV, BOUNDARY.slice(0, -4)), {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    });
    expectShape(short, 400, 'validation_failed', /multipart|file/);
  });

  it('400 for a URL with a malformed percent-encoding, for invalid HTTP, and for HTTP/1.1 without Host', async () => {
    expectShape(await admin.get('/time-entries/%zz'), 400, 'bad_request', /not valid/);
    expectShape(await raw(port, 'BREW /api/v1/health HTCPCP/1.0\r\n\r\n'), 400, 'bad_request', /not valid HTTP/);
    expectShape(await raw(port, 'GET /api/v1/health HTTP/1.1\r\n\r\n'), 400, 'bad_request', /Host header/);
  });

  it('417 in the error shape for an Expect other than 100-continue', async () => {
    const answer = await raw(port, 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 200-ok\r\n\r\n');
    expectShape(answer, 417, 'expectation_failed', /only 100-continue/);
  });
});

describe('a request arriving while the server closes', () => {
  it('gets 503 shutting_down in the error shape', async () => {
    const t = await startTestApp();
    try {
      const port = Number(new URL(await listen(t.runtime)).port);
      await t.setupAdmin();
      // The request is under way (half its headers sent) when close begins, so it is not an idle connection.
      const socket = net.connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const ended = new Promise<void>((resolve) => socket.once('close', resolve));
      socket.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await new Promise((r) => setTimeout(r, 100));
      const closing = t.runtime.app.close();
      await new Promise((r) => setTimeout(r, 100));
      socket.write('\r\n');
      await ended;
      await closing;
      expect(text).toMatch(/^HTTP\/1\.1 503 /);
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as RawAnswer['body'];
      expect(body.error.code).toBe('shutting_down');
    } finally {
      await t.close();
    }
  });
});
