// Export storms: slow-reading clients (raw HTTP with paused responses), clients that disconnect mid-export,
// many exports at once, and a page read that fails while its client is away. The process must refuse work
// beyond the heavy-work limits (429 + Retry-After), give back slots, threads and connections, keep answering
// /health, and never crash on a rejected read-ahead. Loopback only; a few seconds each.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startTestApp, testDbKind, tokenFor, type TestApp } from '../harness.js';

const ENTRIES = 11_000; // three export pages of 5,000
// About 2 kB of incompressible text a row (XLSX is zipped): one page is far more than the socket buffers hold.
const NOTE_LENGTH = 2000;
const note = () => randomBytes((NOTE_LENGTH * 3) / 4).toString('base64');

interface OpenExport {
  status: number;
  headers: http.IncomingHttpHeaders;
  response: http.IncomingMessage;
  /** Read the rest; resolves with the byte count and whether the response ended cleanly. */
  drain(): Promise<{ bytes: number; complete: boolean }>;
  abort(): void;
}

/** GET over its own connection; the response is paused at once (a client that does not read). */
function openRaw(port: number, path: string, token: string): Promise<OpenExport> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: `/api/v1${path}`, agent: false, headers: { authorization: `Bearer ${token}` } });
    request.on('error', reject);
    request.on('response', (response) => {
      response.pause();
      request.removeListener('error', reject);
      request.on('error', () => undefined);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        response,
        abort: () => request.destroy(),
        drain: () =>
          new Promise((done) => {
            let bytes = 0;
            response.on('data', (chunk: Buffer) => (bytes += chunk.length));
            response.on('end', () => done({ bytes, complete: response.complete }));
            response.on('error', () => done({ bytes, complete: false }));
            response.on('aborted', () => done({ bytes, complete: false }));
            response.on('close', () => done({ bytes, complete: response.complete }));
            response.resume();
          }),
      });
    });
  });
}

async function json(port: number, path: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json() };
}

const CSV = '/exports/time-entries.csv?user_id=all';
const CSV_IN_REQUEST_THREAD = `${CSV}&from=2023-06-01T00:00:00Z`;
const XLSX = '/exports/time-entries.xlsx?user_id=all';

describe(`export storms (${testDbKind()})`, () => {
  let t: TestApp;
  let port: number;
  const tokens: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ HEAVY_WORK_PER_USER: '2', HEAVY_WORK_PER_PROCESS: '3', EXPORT_STALL_SECONDS: '2' });
    const admin = await t.setupAdmin();
    const project = (await admin.post('/projects', { name: 'Storm' })).body.id as number;
    const adminId = (await admin.get('/auth/session')).body.user.id as number;
    const { db } = t.runtime.ctx;
    const start = Date.UTC(2024, 0, 1) / 1000;
    for (let i = 0; i < ENTRIES; i += 500) {
      await db
        .insertInto('time_entries')
        .values(
          Array.from({ length: Math.min(500, ENTRIES - i) }, (_, k) => {
            const s = start + (i + k) * 3600;
            return { user_id: adminId, project_id: project, task_id: null, start_time: s, end_time: s + 1800, duration_seconds: 1800, break_seconds: 0, paused_at: null, notes: note(), billable: 0 as const, source: 'manual' as const, created_at: s, updated_at: s };
          }),
        )
        .execute();
    }
    // One entry long ago: exports without `from` then look large enough for a reader thread
    // (exports.service.ts, worthAReaderThread); with `from` they are read in the request's thread.
    await db
      .insertInto('time_entries')
      .values({ user_id: adminId, project_id: project, task_id: null, start_time: start - 20 * 365 * 86_400, end_time: start - 20 * 365 * 86_400 + 60, duration_seconds: 60, break_seconds: 0, paused_at: null, notes: null, billable: 0, source: 'manual', created_at: start, updated_at: start })
      .execute();
    for (const name of ['storm-a', 'storm-b', 'storm-c', 'storm-d']) {
      const { id } = await addUser(t, name, 'admin');
      tokens.push((await tokenFor(t, id, ['read:time_entries', 'read:reports'])).auth.token!);
    }
    await t.runtime.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.runtime.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  const heavy = () => t.runtime.ctx.heavyWork.inUse();

  it('refuses exports beyond the per-user and per-process limits with 429 and Retry-After, and frees slots when clients leave', async () => {
    const [a, b, c] = tokens as [string, string, string];
    const a1 = await openRaw(port, CSV, a);
    const a2 = await openRaw(port, CSV, a);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    const a3 = await openRaw(port, CSV, a);
    expect(a3.status).toBe(429);
    expect(a3.headers['retry-after']).toMatch(/^\d+$/);
    const a3Body = JSON.parse((await new Promise<string>((r) => { let s = ''; a3.response.on('data', (d) => (s += d)); a3.response.on('end', () => r(s)); a3.response.resume(); })));
    expect(a3Body.error).toMatchObject({ code: 'rate_limited', details: { limit: 'per_user' } });
    // The PDF and long reports share the same slots.
    expect((await json(port, '/exports/summary.pdf', a)).status).toBe(429);
    expect((await json(port, '/reports/summary?from=2024-01-01T00:00:00Z&to=2025-06-01T00:00:00Z', a)).status).toBe(429);
    // A short report is not heavy work.
    expect((await json(port, '/reports/summary?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z', a)).status).toBe(200);
    const b1 = await openRaw(port, CSV, b);
    expect(b1.status).toBe(200);
    const c1 = await openRaw(port, CSV, c);
    expect(c1.status).toBe(429);
    expect(c1.headers['retry-after']).toBeDefined();
    c1.abort();
    // The stalled exports still let the process answer.
    expect((await json(port, '/health')).status).toBe(200);
    expect(heavy()).toBe(3);
    // Clients that disconnect mid-export give their slots back.
    a1.abort();
    b1.abort();
    await expect.poll(heavy, { timeout: 5000 }).toBe(1);
    const c2 = await openRaw(port, CSV, c);
    expect(c2.status).toBe(200);
    const rest = await c2.drain();
    expect(rest.complete).toBe(true);
    expect(rest.bytes).toBeGreaterThan(ENTRIES * NOTE_LENGTH);
    a2.abort();
    await expect.poll(heavy, { timeout: 5000 }).toBe(0);
  });

  it.each([
    ['CSV', CSV],
    ['XLSX', XLSX],
  ])('cuts a %s export whose client reads nothing, and gives back its slot and reader thread', async (_name, path) => {
    const stalled = await openRaw(port, path, tokens[3]!);
    expect(stalled.status).toBe(200);
    expect(heavy()).toBe(1);
    // EXPORT_STALL_SECONDS=2: the slot and thread come back while the client still holds its connection.
    await expect.poll(heavy, { timeout: 8000, interval: 100 }).toBe(0);
    await expect.poll(() => t.runtime.ctx.exportReaders.busy, { timeout: 5000 }).toBe(0);
    const rest = await stalled.drain();
    expect(rest.complete).toBe(false);
  });

  it('gives back the reader thread of an XLSX export whose client disconnects', async () => {
    const open = await openRaw(port, XLSX, tokens[3]!);
    expect(open.status).toBe(200);
    await expect.poll(() => t.runtime.ctx.exportReaders.busy, { timeout: 5000 }).toBe(1);
    open.abort();
    await expect.poll(() => t.runtime.ctx.exportReaders.busy, { timeout: 5000 }).toBe(0);
    await expect.poll(heavy, { timeout: 5000 }).toBe(0);
  });

  it('survives a storm of parallel exports and disconnects: bounded slots and threads, /health answers, all given back', async () => {
    const opened = await Promise.all(Array.from({ length: 24 }, (_, i) => openRaw(port, CSV, tokens[i % tokens.length]!)));
    const ok = opened.filter((o) => o.status === 200);
    const refused = opened.filter((o) => o.status === 429);
    expect(ok.length).toBeLessThanOrEqual(3);
    expect(ok.length + refused.length).toBe(opened.length);
    for (let i = 0; i < 5; i++) expect((await json(port, '/health')).status).toBe(200);
    expect(t.runtime.ctx.exportReaders.size).toBeLessThanOrEqual(t.runtime.ctx.config.EXPORT_READER_THREADS);
    for (const o of opened) o.abort();
    await expect.poll(heavy, { timeout: 5000 }).toBe(0);
    await expect.poll(() => t.runtime.ctx.exportReaders.busy, { timeout: 5000 }).toBe(0);
    // The next export is served in full.
    const again = await openRaw(port, CSV, tokens[0]!);
    expect(again.status).toBe(200);
    expect((await again.drain()).complete).toBe(true);
  });

  it.each([
    ['read ahead in the request thread', CSV_IN_REQUEST_THREAD],
    ['read by a reader thread', CSV],
  ])('ends only the export whose page read fails while its client is away (%s); the process serves the next request', async (_name, path) => {
    const { db } = t.runtime.ctx;
    const open = await openRaw(port, path, tokens[0]!);
    expect(open.status).toBe(200);
    // Let the export fill the connection and wait for the client, then break the table its next pages need.
    await new Promise((r) => setTimeout(r, 300));
    await db.schema.alterTable('time_entry_tags').renameTo('time_entry_tags_gone').execute();
    try {
      const rest = await open.drain();
      expect(rest.complete).toBe(false);
      expect(rest.bytes).toBeLessThan(ENTRIES * NOTE_LENGTH);
      expect((await json(port, '/health')).status).toBe(200);
      await expect.poll(heavy, { timeout: 5000 }).toBe(0);
      await expect.poll(() => t.runtime.ctx.exportReaders.busy, { timeout: 5000 }).toBe(0);
    } finally {
      await db.schema.alterTable('time_entry_tags_gone').renameTo('time_entry_tags').execute();
    }
    const next = await openRaw(port, path, tokens[0]!);
    expect(next.status).toBe(200);
    expect((await next.drain()).complete).toBe(true);
  });
});
