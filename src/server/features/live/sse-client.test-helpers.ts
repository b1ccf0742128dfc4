// A tiny server-sent-events reader for tests: opens GET /api/v1/events over real HTTP and collects the events.
import type { Runtime } from '../../runtime.js';
import type { ApiClient } from '../../../../test/harness.js';
import http from 'node:http';

export interface SseEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, asserted by each test
  data: any;
  /** When the event arrived (Date.now()). */
  at: number;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Comment lines received (heartbeats). */
  comments: string[];
  /** Resolves with the first event (already received or future) matching the predicate; rejects after timeoutMs. */
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openSse(baseUrl: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/v1/events', baseUrl);
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters = new Set<{ predicate: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }>();
      let buffer = '';
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endedResolve = r));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let index: number;
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          let name = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length === 0) continue;
          const text = data.join('\n');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          const event = { event: name, data: parsed, at: Date.now() };
          events.push(event);
          for (const w of [...waiters]) {
            if (w.predicate(event)) {
              waiters.delete(w);
              w.resolve(event);
            }
          }
        }
      });
      response.on('end', endedResolve);
      response.on('close', endedResolve);
      response.on('error', endedResolve);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        events,
        comments,
        ended,
        waitFor: (predicate, timeoutMs = 5000) => {
          const found = events.find(predicate);
          if (found) return Promise.resolve(found);
          return new Promise((res, rej) => {
            const waiter = { predicate, resolve: (e: SseEvent) => (clearTimeout(timer), res(e)) };
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              rej(new Error(`no matching SSE event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`));
            }, timeoutMs);
            waiters.add(waiter);
          });
        },
        close: () => {
          request.destroy();
          response.destroy();
        },
      });
    });
    request.on('error', reject);
  });
}

/** A running-timer row as the timer service publishes it. */
export const runningTimerRow = {
  id: 7,
  project_id: 3,
  task_id: null,
  start_time: 1_790_000_000,
  paused_at: null,
  break_seconds: 0,
};

export async function listen(runtime: Runtime): Promise<string> {
  return runtime.app.listen({ port: 0, host: '127.0.0.1' });
}

export const cookieHeaders = (client: ApiClient) => ({ cookie: `tt_session=${client.auth.cookie}` });
