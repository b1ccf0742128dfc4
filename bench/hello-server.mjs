// The framework's own ceiling for bench/ceiling.ts: a bare Fastify 5 server answering one small JSON object,
// with the logger our server uses (pino at info, request logging on). Plain JavaScript so that it runs with the
// same Node flags as the production build (`node dist/server/main.js`), without a TypeScript loader.
import process from 'node:process';
import Fastify from 'fastify';

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
const close = () => app.close().then(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
