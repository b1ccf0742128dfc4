// A stand-in for PostHog's capture endpoint on 127.0.0.1 for tests: records every request (path, headers,
// JSON body — gunzipped when it comes gzipped, though the app sends plain JSON) and every TCP connection, and
// can answer normally, with HTTP 500 (or any status set in `status`), or never.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type CaptureMode = 'ok' | 'error500' | 'hang';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body as text (after gunzip, if it was gzipped): what a PII scan must look at. */
  text: string;
  body: { api_key?: string; batch?: CapturedEvent[]; sent_at?: string } | undefined;
  /** The HTTP status it was answered with; undefined while unanswered (or never, in `hang` mode). */
  status?: number;
}

export interface CapturedEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, any>;
  timestamp?: string;
  uuid?: string;
  [key: string]: unknown;
}

export interface CaptureServer {
  /** http://127.0.0.1:<port> — use as POSTHOG_HOST. */
  url: string;
  mode: CaptureMode;
  /** When set, every request is answered with this HTTP status (e.g. 503 during an outage, 400, 429). */
  status: number | undefined;
  /** Answer each request only after this many milliseconds (a slow PostHog). */
  delayMs: number;
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  connections: number;
  /** Every event of every batch received, in order. */
  events(): CapturedEvent[];
  eventsNamed(name: string): CapturedEvent[];
  /** Resolves once at least n events have arrived (or rejects after timeoutMs). */
  waitForEvents(n: number, timeoutMs?: number): Promise<CapturedEvent[]>;
  close(): Promise<void>;
}

export async function startCaptureServer(mode: CaptureMode = 'ok'): Promise<CaptureServer> {
  const sockets = new Set<Socket>();
  const state: CaptureServer = {
    url: '',
    mode,
    status: undefined,
    delayMs: 0,
    requests: [],
    connections: 0,
    events: () => state.requests.flatMap((r) => r.body?.batch ?? []),
    eventsNamed: (name) => state.events().filter((e) => e.event === name),
    waitForEvents: async (n, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      while (state.events().length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} events, got ${state.events().length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return state.events();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let text = raw.toString('utf8');
      if (req.headers['content-encoding'] === 'gzip' && raw.length > 0) text = gunzipSync(raw).toString('utf8');
      let body: RecordedRequest['body'];
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, text, body };
      state.requests.push(recorded);
      if (state.mode === 'hang') return; // never answer
      const status = state.status ?? (state.mode === 'error500' ? 500 : 200);
      const answer = () => {
        recorded.status = status;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status >= 300 ? '{"error":"boom"}' : '{"status":1}');
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  server.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A loopback URL where nothing listens (connections are refused). */
export async function refusingUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
