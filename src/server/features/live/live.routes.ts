// GET /api/v1/events: a server-sent-events stream of the caller's own timer and entry changes.
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { credentialState } from './live.queries.js';
import type { LiveEvent, ReadyEvent, SessionEndedEvent } from '../../../shared/live-events.js';
import { StreamRegistry } from './stream-registry.js';

/** How long EventSource waits before reconnecting after the stream drops (ms), sent as `retry:`. */
const CLIENT_RETRY_MS = 3000;
/** A client that stops reading gets disconnected once this much is queued for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** A stream pushed out by a newer one asks its browser to wait this long before reconnecting (ms). */
const EVICTED_RETRY_MS = 60_000;
/** Longest single wait of the expiry timer (setTimeout's limit is ~24.8 days); it re-checks and waits again. */
const MAX_EXPIRY_WAIT_MS = 24 * 3600 * 1000;

const DESCRIPTION = `A [server-sent events](https://html.spec.whatwg.org/multipage/server-sent-events.html) stream
(\`text/event-stream\`) of **your own** changes, from every tab, device and app process: open it with
\`new EventSource('/api/v1/events')\` (session cookie) or send \`Authorization: Bearer tt_…\` with the
\`read:time_entries\` scope. Events (each \`data:\` is one JSON object):

- \`ready\` — \`{"heartbeat_seconds": 25}\` once the stream is subscribed; fetch what you show *after* this.
- \`timer.changed\` — \`{"timer": null}\` or \`{"timer": {id, project_id, task_id, start_time, paused, paused_at, break_seconds}}\`
  (started, stopped, paused, resumed or edited; notes and tags via \`GET /timer\`).
- \`time_entry.changed\` — \`{"ids": [..]}\` entries created, changed or restored (refetch them).
- \`time_entry.deleted\` — \`{"ids": [..]}\` entries deleted (restorable until purged).
- \`resync\` — \`{"reason": "listener_reconnected" | "entries_imported"}\` events may have been missed, or an import
  added many entries; refetch what is on screen.

- \`session.ended\` — \`{}\` the last event: the session or token stopped being valid; the stream closes.

A comment line (\`: heartbeat\`) arrives every ~25 s so proxies keep the connection open. The stream ends within a
second when the session or token stops being valid (logout, revocation, deactivation, a password change for the
user's other sessions, expiry), after a \`session.ended\` event; a reconnect then gets 401. Each user may hold
\`LIVE_MAX_STREAMS_PER_USER\` streams per server process and each process \`LIVE_MAX_STREAMS\`: one more stream
closes the oldest one (which is told to wait a minute before it reconnects).`;

interface Stream {
  close(reason?: 'evicted'): void;
}

export const liveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app.ctx;
  const open = new StreamRegistry<Stream>({ perUser: config.LIVE_MAX_STREAMS_PER_USER, perProcess: config.LIVE_MAX_STREAMS });
  const heartbeatSeconds = config.LIVE_HEARTBEAT_SECONDS;

  // Streams never end by themselves; end them before the server waits for open connections to drain.
  app.addHook('preClose', async () => {
    for (const stream of open.values()) stream.close();
  });

  app.get('/events', {
    config: { auth: { scope: 'read:time_entries' } },
    schema: {
      tags: ['live'],
      summary: 'Live updates of your timer and time entries (server-sent events)',
      description: DESCRIPTION,
      response: {
        200: {
          description: 'An endless text/event-stream (see the description for the events).',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        401: errorResponse,
        403: errorResponse,
      },
    },
    handler: async (request, reply) => {
      const principal: Principal = principalOf(request);
      const userId = principal.user.id;
      // Fastify's own reply is bypassed from here on: the route writes the stream to the socket itself.
      reply.hijack();
      const raw = reply.raw;
      // Keep what the hooks already set (security headers from helmet, x-request-id).
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        // no-store like every authenticated answer (cache-policy.ts); no-transform keeps proxies from compressing (and so buffering) it.
        'cache-control': 'no-store, no-transform',
        // nginx: do not buffer this response even when proxy_buffering is on.
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      raw.socket?.setNoDelay(true);
      raw.socket?.setTimeout(0);

      let closed = false;
      const write = (chunk: string) => {
        if (closed || raw.destroyed || raw.writableEnded) return;
        raw.write(chunk);
        if (raw.writableLength > MAX_BUFFERED_BYTES) stream.close();
      };
      const send = (event: LiveEvent | ReadyEvent | SessionEndedEvent) => write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);

      let expiryTimer: NodeJS.Timeout | undefined;
      const unsubscribe = app.ctx.live.subscribe(userId, send);
      // A credential ending anywhere (logout, revocation, deactivation, password change) is signalled at once.
      const unwatch = app.ctx.live.watchCredentials(userId, () => void recheck());
      const heartbeat = setInterval(() => {
        write(': heartbeat\n\n');
        // The fallback for changes no signal announced (e.g. made by hand in the database).
        void recheck();
      }, heartbeatSeconds * 1000);
      heartbeat.unref();
      const stream: Stream = {
        close: (reason) => {
          if (closed) return;
          if (reason === 'evicted') write(`: closed, too many streams\nretry: ${EVICTED_RETRY_MS}\n\n`);
          closed = true;
          open.delete(stream);
          unsubscribe();
          unwatch();
          clearInterval(heartbeat);
          clearTimeout(expiryTimer);
          if (!raw.destroyed && !raw.writableEnded) raw.end();
        },
      };
      for (const old of open.add(userId, stream)) old.close('evicted');
      raw.on('close', () => stream.close());
      raw.on('error', () => stream.close());

      // Re-checks the credential against the database; a request arriving while a check runs queues one more, so
      // a signal sent just after a check started is never lost.
      let checking: Promise<void> | undefined;
      let again = false;
      const recheck = async (): Promise<void> => {
        if (closed) return;
        if (checking) {
          again = true;
          return checking;
        }
        checking = (async () => {
          do {
            again = false;
            try {
              const state = await credentialState(app.ctx.db, principal);
              if (!state) {
                send({ type: 'session.ended', data: {} });
                return stream.close();
              }
              scheduleExpiry(state.expiresAt);
            } catch {
              // Database unreachable: keep the stream; the next heartbeat checks again.
            }
          } while (again && !closed);
        })().finally(() => {
          checking = undefined;
        });
        return checking;
      };
      // The stream must not outlive its session's or token's expiry: wake up then and re-check.
      const scheduleExpiry = (expiresAt: number | null) => {
        clearTimeout(expiryTimer);
        if (expiresAt === null || closed) return;
        const wait = Math.min(MAX_EXPIRY_WAIT_MS, Math.max(0, expiresAt * 1000 - Date.now()) + 20);
        expiryTimer = setTimeout(() => void recheck(), wait);
        expiryTimer.unref();
      };

      write(`retry: ${CLIENT_RETRY_MS}\n\n`);
      send({ type: 'ready', data: { heartbeat_seconds: heartbeatSeconds } });
      await recheck();
    },
  });
};
