// The security headers (Content-Security-Policy, Referrer-Policy, X-Frame-Options, …) of every answer, computed
// once at start by helmet itself and then set in one step per request. @fastify/helmet builds helmet's middleware
// anew on every request, which re-parses and re-validates the CSP directives each time: about 4 % of the CPU of an
// authenticated GET /timer (docs/performance.md, "Request pipeline ceiling"). Our headers depend on the
// configuration only, never on the request (no nonces, no per-route options), so one computation serves all.
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { FastifyHelmetOptions } from '@fastify/helmet';

type HelmetOptions = Omit<FastifyHelmetOptions, 'enableCSPNonces' | 'global'>;
type HelmetMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

// The helmet that @fastify/helmet itself uses (its dependency, not ours): same version, same header values.
const requireFromPlugin = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'));
const helmet = requireFromPlugin('helmet') as (options: HelmetOptions) => HelmetMiddleware;

export interface SecurityHeaders {
  /** [name, value] in the order helmet sets them. */
  readonly set: readonly (readonly [string, string])[];
  /** Headers helmet removes (X-Powered-By). */
  readonly removed: readonly string[];
}

/** Our helmet options: what the headers say. */
export function securityHeaderOptions({ secureBaseUrl }: { secureBaseUrl: boolean }): HelmetOptions {
  return {
    // Plain-HTTP LAN installs must keep working: no forced upgrade to https, HSTS only with an https BASE_URL.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: secureBaseUrl ? { maxAge: 15552000 } : false,
    crossOriginOpenerPolicy: secureBaseUrl ? { policy: 'same-origin' } : false,
    originAgentCluster: secureBaseUrl,
    // The page a $pageview reports is the Referer of the UI's own API call; same-origin keeps it from ever
    // reaching other sites (helmet's default, no-referrer, would leave analytics only the API URL).
    referrerPolicy: { policy: 'same-origin' },
  };
}

/** Runs helmet's middleware once against a recording response and returns what it sets and removes. */
export function computeSecurityHeaders(options: HelmetOptions): SecurityHeaders {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => set.set(name, String(value)),
    removeHeader: (name: string) => {
      set.delete(name);
      removed.push(name);
    },
  };
  // A directive given as a function computes its value per request (nonces): it cannot be computed once.
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : [];
  if (directives.flat().some((value) => typeof value === 'function')) {
    throw new Error('helmet options depend on the request; they cannot be computed once');
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return Object.freeze({ set: Object.freeze([...set].map((entry) => Object.freeze(entry))), removed: Object.freeze(removed) });
}

/**
 * Sets the headers on every answer's raw response in onRequest, as @fastify/helmet does (so hijacked answers such
 * as the live stream keep them too, and a route may still override one with reply.header).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): SecurityHeaders {
  const headers = computeSecurityHeaders(options);
  const { set, removed } = headers;
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of set) raw.setHeader(name, value);
    for (const name of removed) raw.removeHeader(name);
    done();
  });
  return headers;
}
