// GET /metrics in Prometheus' text format, when METRICS_ENABLED: on the app's own port, or with METRICS_PORT on a
// port of its own (so it can stay off the reverse proxy). METRICS_TOKEN, when set, must come as a bearer token.
// Also the hooks that measure every request of the app.
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteHandlerMethod,
} from 'fastify';
import type { Config } from '../../config/config.js';
import type { ErrorBody } from '../../http/errors.js';
import { errorAnswer } from '../../http/error-handler.js';
import { errorCodeOf, methodLabel, routeLabel, statusClass, UNMATCHED_ROUTE } from './metric-labels.js';
import type { ApiErrorCode } from '../../../shared/error-codes.js';
import type { AppMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/** Measures every request the app answers: one histogram observe each, one counter more for an error. */
export function registerRequestMetrics(app: FastifyInstance, metrics: AppMetrics): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    // The body is already serialized here: its first bytes name the error code, whoever produced the answer.
    if (reply.statusCode >= 400) metrics.countError(errorCodeOf(payload));
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      routeLabel(request.routeOptions.url),
      methodLabel(request.method),
      statusClass(reply.statusCode),
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** Answers Node's HTTP server gives before a request exists (raw-answers.ts): no request to time, an error to count. */
export function countClientError(metrics: AppMetrics): (code: ApiErrorCode) => void {
  return (code) => metrics.countError(code);
}

/** Requests the router refuses before any hook runs (a malformed URL; raw-answers.ts), measured like the others. */
export function measureFrameworkError(
  metrics: AppMetrics,
): (request: FastifyRequest, reply: FastifyReply, code: ApiErrorCode) => void {
  return (request, reply, code) => {
    metrics.countError(code);
    metrics.observeRequest(UNMATCHED_ROUTE, methodLabel(request.method), statusClass(reply.statusCode), reply.elapsedTime / 1000);
  };
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether the Authorization header carries the token. Digests are compared, not the texts: the comparison takes
 * the same time whatever was sent and tells nothing about the token's length.
 */
export function bearerMatches(header: string | undefined, tokenDigest: Buffer): boolean {
  const sent = header === undefined ? undefined : BEARER.exec(header)?.[1];
  const equal = timingSafeEqual(digest(sent ?? ''), tokenDigest);
  return equal && sent !== undefined;
}

const unauthorized: ErrorBody = {
  error: { code: 'unauthenticated', message: 'The metrics need the header "Authorization: Bearer <METRICS_TOKEN>".' },
};

function metricsHandler(metrics: AppMetrics, token: string | undefined): RouteHandlerMethod {
  const tokenDigest = token === undefined ? undefined : digest(token);
  return async (request, reply) => {
    if (tokenDigest && !bearerMatches(request.headers.authorization, tokenDigest)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .send(unauthorized);
    }
    const text = await metrics.scrape();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  };
}

/** Serves /metrics on the app itself (no METRICS_PORT). Outside /api/v1: no session, no setup gate. */
export function registerMetricsRoute(app: FastifyInstance, metrics: AppMetrics, config: Config): void {
  app.get(METRICS_PATH, { schema: { hide: true } }, metricsHandler(metrics, config.METRICS_TOKEN));
}

/**
 * The server of METRICS_PORT: /metrics and nothing else, answering in the API's error shape. Not listening yet;
 * the runtime starts it beside the app and closes it with it.
 */
export function buildMetricsServer(metrics: AppMetrics, config: Config, log: FastifyBaseLogger): FastifyInstance {
  // Not a line per scrape (every 15 s or so) in the log; errors are still logged.
  const server = Fastify({ loggerInstance: log, disableRequestLogging: true, return503OnClosing: false });
  server.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = errorAnswer(error, request.log);
    void reply.status(answer.status).send(answer.body);
  });
  server.setNotFoundHandler((_request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'not_found', message: `Only ${METRICS_PATH} is served on this port.` } } satisfies ErrorBody);
  });
  server.get(METRICS_PATH, metricsHandler(metrics, config.METRICS_TOKEN));
  return server;
}
