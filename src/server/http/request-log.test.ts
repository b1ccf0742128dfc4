import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLinePerRequest } from './request-log.js';

async function logLinesOf(path: string) {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = Fastify({
    logger: { level: 'info', stream },
    logController: new OneLinePerRequest(),
    requestIdHeader: 'x-request-id',
  });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.inject({ url: path, headers: { 'x-request-id': 'req-1' } });
  await app.close();
  return lines.filter((l) => l.reqId === 'req-1');
}

describe('request log', () => {
  it('writes one line per request, with the request id, the request, the status and the time', async () => {
    const lines = await logLinesOf('/ok?x=1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/ok?x=1' },
      res: { statusCode: 200 },
    });
    expect(lines[0]!.responseTime).toBeTypeOf('number');
    expect(lines[0]!.req).toHaveProperty('remoteAddress');
  });

  it('still logs a failing request with its error', async () => {
    const lines = await logLinesOf('/boom');
    expect(lines.some((l) => l.level === 50 && l.err?.message === 'boom')).toBe(true);
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({ req: { url: '/boom' }, res: { statusCode: 500 } });
  });
});
