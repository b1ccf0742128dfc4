import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { describe, expect, it } from 'vitest';
import { computeSecurityHeaders, registerSecurityHeaders, securityHeaderOptions } from './security-headers.js';

/** The headers a Fastify app answers GET / with, and how often helmet's middleware factory ran meanwhile. */
async function answerHeaders(install: (app: ReturnType<typeof Fastify>) => Promise<unknown> | unknown) {
  const app = Fastify({ logger: false });
  await install(app);
  app.get('/', async () => ({ ok: true }));
  app.get('/hijacked', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.end('raw');
  });
  const [plain, hijacked] = [await app.inject({ url: '/' }), await app.inject({ url: '/hijacked' })];
  await app.close();
  const drop = ({ date: _d, 'content-length': _l, connection: _c, ...rest }: Record<string, unknown>) => rest;
  return { plain: drop(plain.headers), hijacked: drop(hijacked.headers) };
}

describe('security headers computed once', () => {
  for (const secureBaseUrl of [false, true]) {
    it(`sets exactly what @fastify/helmet sets (BASE_URL ${secureBaseUrl ? 'https' : 'http'}), hijacked answers included`, async () => {
      const options = securityHeaderOptions({ secureBaseUrl });
      const ours = await answerHeaders((app) => registerSecurityHeaders(app, options));
      const plugin = await answerHeaders((app) => app.register(helmet, options));
      expect(ours).toEqual(plugin);
      expect(ours.plain['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(ours.plain['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(ours.hijacked['referrer-policy']).toBe('same-origin');
      expect('strict-transport-security' in ours.plain).toBe(secureBaseUrl);
    });
  }

  it('returns frozen values, so no request can change what the next one gets', () => {
    const headers = computeSecurityHeaders(securityHeaderOptions({ secureBaseUrl: false }));
    expect(Object.isFrozen(headers.set)).toBe(true);
    expect(Object.isFrozen(headers.set[0])).toBe(true);
    expect(headers.removed).toEqual(['X-Powered-By']);
  });

  it("refuses options whose values depend on the request (one computation would serve one request's value to all)", () => {
    const options = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } };
    expect(() => computeSecurityHeaders(options)).toThrow(/depend on the request/);
  });
});
