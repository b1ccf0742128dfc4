// Slow and idle clients: hundreds of connections that trickle their headers or their body, connections that go
// silent in the middle of a request, and kept-alive connections that ask nothing more are all closed within the
// configured time (HTTP_*_TIMEOUT_SECONDS, one or two seconds here) while /health keeps answering; a live event
// stream, which sends nothing for minutes when its heartbeat is long, outlives every one of those limits.
// Loopback only, a few seconds each; runs on SQLite and PostgreSQL.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness.js';
import { cookieHeaders, listen, openSse, type SseStream } from '../../src/server/features/live/sse-client.test-helpers.js';

interface RawConnection {
  socket: net.Socket;
  /** Everything the server sent. */
  received(): string;
  /** Milliseconds from opening to the server closing the connection. */
  closed: Promise<number>;
}

async function connect(port: number): Promise<RawConnection> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = performance.now();
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  return { socket, received: () => text, closed };
}

/** Writes the pieces one by one, `gapMs` apart, as long as the socket is open. */
function trickle(socket: net.Socket, pieces: string[], gapMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= pieces.length) return clearInterval(timer);
    socket.write(pieces[i++]!);
  }, gapMs);
  timer.unref();
}

/** The slowest of `count` GET /health probes made one after another while the attack runs. */
async function slowestHealth(port: number, count: number, gapMs: number): Promise<number> {
  let slowest = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/v1/health', agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return slowest;
}

function bodyOf(response: string): { error: { code: string; message: string } } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
}

const ATTACKERS = 300;
// /health answers in a few milliseconds on an idle machine; the bound leaves room for a test machine shared with
// other work, and still fails when attackers hold the event loop or the connection queue.
const HEALTH_BOUND_MS = 1500;

describe('slow clients', () => {
  let t: TestApp;
  let port: number;
  const open: net.Socket[] = [];
  const start = async (env: Record<string, string>) => {
    t = await startTestApp(env);
    port = Number(new URL(await listen(t.runtime)).port);
    await t.setupAdmin();
  };
  afterEach(async () => {
    for (const s of open.splice(0)) s.destroy();
    await t.close();
  });

  const attackers = async (n: number) => {
    const all = await Promise.all(Array.from({ length: n }, () => connect(port)));
    open.push(...all.map((c) => c.socket));
    return all;
  };

  it('closes hundreds of connections that trickle their headers once the header limit has passed', async () => {
    await start({ HTTP_HEADERS_TIMEOUT_SECONDS: '1', HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
    const conns = await attackers(ATTACKERS);
    // A header line every 200 ms: never idle, never finished.
    const lines = [
      'GET /api/v1/health HTTP/1.1\r\n',
      'Host: 127.0.0.1\r\n',
      ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: 1\r\n`),
    ];
    for (const c of conns) trickle(c.socket, lines, 200);
    const slowest = await slowestHealth(port, 8, 100);
    const closedAfter = await Promise.all(conns.map((c) => c.closed));
    expect(slowest).toBeLessThan(HEALTH_BOUND_MS);
    // The limit is 1 s; Node checks twice a second, and a busy test machine adds its share.
    expect(Math.max(...closedAfter)).toBeLessThan(3000);
    expect(Math.min(...closedAfter)).toBeGreaterThan(900);
    const answer = conns[0]!.received();
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.toLowerCase()).toContain('cache-control: no-store');
    expect(bodyOf(answer).error.code).toBe('request_timeout');
  });

  it('closes hundreds of connections that trickle a request body once the request limit has passed', async () => {
    await start({ HTTP_HEADERS_TIMEOUT_SECONDS: '1', HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
    const conns = await attackers(ATTACKERS);
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":"';
    for (const c of conns) {
      c.socket.write(head);
      trickle(
        c.socket,
        Array.from({ length: 100 }, () => 'a'),
        200,
      );
    }
    // Each complete head runs the request hooks once; probe after that burst, while the bodies trickle.
    await new Promise((r) => setTimeout(r, 500));
    const slowest = await slowestHealth(port, 10, 100);
    const closedAfter = await Promise.all(conns.map((c) => c.closed));
    expect(slowest).toBeLessThan(HEALTH_BOUND_MS);
    expect(Math.max(...closedAfter)).toBeLessThan(4000);
    expect(Math.min(...closedAfter)).toBeGreaterThan(1900);
    expect(closedAfter.length).toBe(ATTACKERS);
    expect(bodyOf(conns[0]!.received()).error.code).toBe('request_timeout');
  });

  it('closes a kept-alive connection that asks nothing more once the keep-alive limit has passed', async () => {
    await start({ HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '1' });
    const [c] = await attackers(1);
    c!.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(c!.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(c!.received().toLowerCase()).toContain('keep-alive: timeout=1');
    const closedAfter = await c!.closed;
    expect(closedAfter).toBeGreaterThan(900);
    expect(closedAfter).toBeLessThan(2500);
  });

  it('closes a connection that goes silent in the middle of its body once the request limit has passed, but keeps a quiet live stream open', async () => {
    // The stream's heartbeat is five minutes, so it sends nothing while every limit passes several times.
    await start({
      HTTP_REQUEST_TIMEOUT_SECONDS: '1',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '1',
      HTTP_HEADERS_TIMEOUT_SECONDS: '1',
      LIVE_HEARTBEAT_SECONDS: '300',
    });
    const alice = await t.login('admin', 'correct horse battery');
    let stream: SseStream | undefined;
    try {
      stream = await openSse(`http://127.0.0.1:${port}`, cookieHeaders(alice));
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e.event === 'ready');
      const [silent] = await attackers(1);
      silent!.socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
      );
      const closedAfter = await silent!.closed;
      expect(closedAfter).toBeGreaterThan(900);
      expect(closedAfter).toBeLessThan(2500);

      const stillOpen = await Promise.race([
        stream.ended.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), 2500)),
      ]);
      expect(stillOpen).toBe(true);
      // And it still delivers: a timer started now reaches it.
      const projectId = (await alice.post('/projects', { name: 'Quiet' })).body.id as number;
      expect((await alice.post('/timer/start', { project_id: projectId })).status).toBe(201);
      await stream.waitFor((e) => e.event === 'timer.changed', 2000);
    } finally {
      stream?.close();
    }
  });
});
