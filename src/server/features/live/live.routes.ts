// GET /api/v1/events: a server-sent-events stream of the caller's own timer and entry changes.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { stillAuthorized } from './live.queries.js';
import type { LiveEvent } from './live-events.js';

/** How long EventSource waits before reconnecting after the stream drops (ms), sent as `retry:`. */
const CLIENT_RETRY_MS = 3000;
/** A client that stops reading gets disconnected once this much is queued for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const DESCRIPTION = `A [server-sent events](https://html.spec.whatwg.org/multipage/server-sent-events.html) stream
(\`text/event-stream\`) of **your own** changes, from every tab, device and app process: open it with
\`new EventSource('/api/v1/events')\` (session cookie) or send \`Authorization: Bearer tt_…\` with the
\`read:time_entries\` scope. Events (each \`data:\` is one JSON object):

- \`ready\` — \`{"heartbeat_seconds": 25}\` once the stream is subscribed; fetch what you show *after* this.
- \`timer.changed\` — \`{"timer": null}\` or \`{"timer": {id, project_id, task_id, start_time, paused, paused_at, break_seconds}}\`
  (started, stopped, paused, resumed or edited; notes and tags via \`GET /timer\`).
- \`time_entry.changed\` — \`{"ids": [..]}\` entries created or changed (refetch them).
- \`time_entry.deleted\` — \`{"ids": [..]}\` entries deleted.
- \`resync\` — \`{"reason": "listener_reconnected" | "entries_imported"}\` events may have been missed, or an import
  added many entries; refetch what is on screen.

A comment line (\`: heartbeat\`) arrives every ~25 s so proxies keep the connection open. The stream ends when
the session or token stops being valid (logout, revocation, deactivation); the browser then reconnects and gets 401.`;

interface Stream {
  raw: ServerResponse;
  close(): void;
}

export const liveRoutes: FastifyPluginAsyncZod = async (app) => {
  const open = new Set<Stream>();
  const heartbeatSeconds = app.ctx.config.LIVE_HEARTBEAT_SECONDS;

  // Streams never end by themselves; end them before the server waits for open connections to drain.
  app.addHook('preClose', async () => {
    for (const stream of [...open]) stream.close();
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
      const principal = principalOf(request);
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
        'cache-control': 'no-cache, no-transform',
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
      const send = (event: LiveEvent | { type: 'ready'; data: unknown }) => write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);

      const unsubscribe = app.ctx.live.subscribe(userId, send);
      const heartbeat = setInterval(() => void beat(), heartbeatSeconds * 1000);
      heartbeat.unref();
      const stream: Stream = {
        raw,
        close: () => {
          if (closed) return;
          closed = true;
          open.delete(stream);
          unsubscribe();
          clearInterval(heartbeat);
          if (!raw.destroyed && !raw.writableEnded) raw.end();
        },
      };
      open.add(stream);
      raw.on('close', stream.close);
      raw.on('error', stream.close);

      // Each heartbeat also re-checks the credentials: a stream must not outlive its logout or revocation.
      let checking = false;
      const beat = async () => {
        write(': heartbeat\n\n');
        if (checking) return;
        checking = true;
        try {
          if ((await stillAuthorized(app.ctx.db, principal as Principal)) === false) stream.close();
        } catch {
          // Database unreachable: keep the stream; the next heartbeat checks again.
        } finally {
          checking = false;
        }
      };

      write(`retry: ${CLIENT_RETRY_MS}\n\n`);
      send({ type: 'ready', data: { heartbeat_seconds: heartbeatSeconds } });
    },
  });
};
