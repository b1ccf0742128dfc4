// Nothing the API answers may be kept by a browser or proxy cache: answers of signed-in users carry their data,
// and the public ones (health, info, setup state) must never show a stale state. One onSend hook covers every
// answer under /api, errors included; a route that sets its own Cache-Control (exports, SSO redirects) keeps it.
import type { FastifyInstance } from 'fastify';

export function registerApiCachePolicy(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
