// Builds the Fastify app from an AppContext: plugins, hooks (request context, setup gate, authentication),
// feature routes under /api/v1, the OpenAPI document, and the web UI's static build.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.js';
import { registerErrorHandler } from './http/error-handler.js';
import { AppError } from './http/errors.js';
import { registerNulGuard } from './http/nul-guard.js';
import { registerApiCachePolicy } from './http/cache-policy.js';
import { clientErrorHandler, frameworkErrors, registerRawAnswers } from './http/raw-answers.js';
import { connectionLimits, JSON_BODY_LIMIT_BYTES, MAX_PARAM_LENGTH, serverTimeoutOptions } from './http/server-limits.js';
import { requestContext } from './http/request-context.js';
import { registerSecurityHeaders, securityHeaderOptions } from './http/security-headers.js';
import { stdoutLogDestination } from './http/log-destination.js';
import { OneLinePerRequest } from './http/request-log.js';
import { registerAuthentication } from './features/auth/authenticate.js';
import { registerSetupGate } from './features/setup/setup-gate.js';
import { API_FEATURES } from './features/index.js';
import {
  countClientError,
  measureFrameworkError,
  registerMetricsRoute,
  registerRequestMetrics,
} from './features/metrics/metrics.routes.js';

export interface BuildAppOptions {
  /** Folder with the built web UI (index.html); served at / when it exists. */
  webRoot?: string;
  /** Pino logger options or false (tests). */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = ctx;
  const limits = connectionLimits(config);
  const timeouts = serverTimeoutOptions(limits);
  const app = Fastify({
    logger: options.logger ?? { level: config.LOG_LEVEL, stream: stdoutLogDestination() },
    // A number (hop count) is accepted at run time although the type does not list it.
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // One log line per request instead of Fastify's two (request-log.ts).
    logController: new OneLinePerRequest(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    ...timeouts,
    // Node's own empty 400 for a missing Host header becomes the API's (raw-answers.ts).
    http: { ...timeouts.http, requireHostHeader: false },
    // What Node and the router answer without the error handler, in the API's error shape (raw-answers.ts).
    clientErrorHandler: clientErrorHandler(limits, ctx.metrics && countClientError(ctx.metrics)),
    frameworkErrors: frameworkErrors(ctx.metrics && measureFrameworkError(ctx.metrics)),
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  registerRawAnswers(app, limits);
  // Before the hooks and handlers below, so that every answer is measured, 404s and errors included.
  if (ctx.metrics) registerRequestMetrics(app, ctx.metrics);

  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  // Responses are checked against their schemas outside production, so the OpenAPI document cannot drift
  // from what the code sends; production skips the check for speed.
  app.setSerializerCompiler(config.NODE_ENV === 'production' ? () => (data) => JSON.stringify(data) : serializerCompiler);
  const webRoot = options.webRoot && fs.existsSync(`${options.webRoot}/index.html`) ? options.webRoot : undefined;
  registerErrorHandler(app, { spaFallback: webRoot !== undefined });
  // The API speaks JSON only (multipart is added where uploads are accepted); anything else is a 415.
  app.removeContentTypeParser('text/plain');
  registerNulGuard(app);
  registerApiCachePolicy(app);

  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const host = request.headers.host;
    requestContext.run(
      {
        requestId: request.id,
        analytics: ctx.analytics,
        principal: null,
        url: `${request.protocol}://${host ?? 'localhost'}${request.url}`,
        referer: request.headers.referer,
        userAgent: request.headers['user-agent'],
        host,
      },
      done,
    );
  });

  await app.register(cookie, { secret: ctx.secretKey });
  registerSecurityHeaders(app, securityHeaderOptions({ secureBaseUrl: config.BASE_URL.startsWith('https://') }));
  await app.register(rateLimit, {
    global: false,
    // The plugin throws what this returns: an AppError gets the API's error shape from the error handler
    // (a plain object has no message and failed the 429 response schemas with a 500).
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.ceil(context.ttl / 1000);
      return new AppError(429, 'rate_limited', `Too many requests. Try again in ${seconds} s.`, { retry_after_seconds: seconds });
    },
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'TimeTracker API', version: ctx.version, description: 'HTTP API v1 of TimeTracker.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (tt_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'tt_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas named in zod's global registry (`z.globalRegistry.add(schema, { id })`) become components/schemas:
    // the API docs name them, and so do the web's types generated from this document (scripts/generate-api-types.ts).
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerSetupGate(app);
  registerAuthentication(app);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.auth) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no auth requirement`);
    }
  });

  await app.register(
    async (api) => {
      for (const feature of API_FEATURES) await api.register(feature);
    },
    { prefix: '/api/v1' },
  );

  // With METRICS_PORT the metrics have a server of their own (runtime.ts) and this port has no /metrics.
  if (ctx.metrics && config.METRICS_PORT === undefined) registerMetricsRoute(app, ctx.metrics, config);

  if (webRoot) await registerWebUi(app, webRoot);
  return app;
}

async function registerWebUi(app: FastifyInstance, root: string): Promise<void> {
  // Client-side routes (/entries, /reports, …) load index.html through the not-found handler (error-handler.ts);
  // unknown API paths stay JSON 404s.
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    // Vite writes .br/.gz next to each asset; serve them to browsers that accept them.
    preCompressed: true,
    cacheControl: false,
    // Hashed assets never change; index.html must be revalidated so an upgrade reaches browsers at once.
    setHeaders: (res, filePath) => {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
