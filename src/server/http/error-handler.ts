import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorBody } from './errors.js';
import { JSON_BODY_LIMIT_BYTES, MAX_PARAM_LENGTH } from './server-limits.js';
import type { ApiErrorCode } from '../../shared/error-codes.js';

function fieldsFromValidation(error: FastifyError): Record<string, string> {
  const fields: Record<string, string> = {};
  const where = error.validationContext ?? 'body';
  for (const issue of error.validation ?? []) {
    const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const params = issue.params as { keys?: string[] };
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
      for (const key of params.keys) fields[path ? `${path}.${key}` : key] = 'is not a known field';
      continue;
    }
    const key = path || where;
    fields[key] ??= issue.message ?? 'is not valid';
  }
  return fields;
}

const FASTIFY_CLIENT_ERRORS: Record<string, [number, ApiErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'validation_failed', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'validation_failed', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'validation_failed', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', `The request body is too large: at most ${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MiB.`],
  // Answered by the router before any hook runs; app.ts routes them here through Fastify's frameworkErrors.
  FST_ERR_BAD_URL: [400, 'bad_request', 'The URL is not valid (a malformed percent-encoding).'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', `The URL is too long: a path segment may hold at most ${MAX_PARAM_LENGTH} characters.`],
};

export interface ErrorHandlerOptions {
  /** Answer unknown non-API GETs with the web UI's index.html (client-side routes); needs @fastify/static. */
  spaFallback?: boolean;
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  retryAfterSeconds?: number;
}

/** The status and body for any error; logs the ones that are the server's fault. */
export function errorAnswer(error: FastifyError, log: FastifyBaseLogger): ErrorAnswer {
  if (error instanceof AppError) {
    const retry = error.details?.retry_after_seconds;
    return { status: error.statusCode, body: error.toBody(), ...(error.statusCode === 429 && typeof retry === 'number' ? { retryAfterSeconds: retry } : {}) };
  }
  if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
    return { status: 400, body: { error: { code: 'validation_failed', message: 'Some fields are not valid.', details: { fields: fieldsFromValidation(error) } } } };
  }
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  if (known) {
    const [status, code, message] = known;
    return { status, body: { error: { code, message } } };
  }
  if (!isResponseSerializationError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const status = error.statusCode;
    const code = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'bad_request';
    return { status, body: { error: { code, message: error.message } } };
  }
  if (isUnstorableText(error)) {
    return { status: 400, body: { error: { code: 'validation_failed', message: 'The request contains text the database cannot store.', details: { fields: {} } } } };
  }
  if (isDatabaseUnavailable(error)) {
    log.error({ err: error }, 'database unavailable');
    return { status: 503, body: { error: { code: 'database_unavailable', message: 'The database is not reachable right now. Try again shortly.' } } };
  }
  log.error({ err: error }, 'unhandled error');
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on the server. The error was logged.' } } };
}

/** Turns every error into the API's error shape; 5xx never carry internals. */
export function registerErrorHandler(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = errorAnswer(error, request.log);
    if (answer.retryAfterSeconds !== undefined) void reply.header('retry-after', String(answer.retryAfterSeconds));
    void reply.status(answer.status).type('application/json; charset=utf-8').send(answer.body);
  });

  // Fastify allows one not-found handler per prefix, so the web UI's fallback lives here too.
  app.setNotFoundHandler((request, reply) => {
    if (options.spaFallback && request.method === 'GET' && !isServerPath(request.url)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    }
    void reply.status(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });
}

/**
 * Paths the server answers itself, never the web UI: an unknown API route, or /metrics while metrics are off (or
 * on their own port), is a 404 a scraper understands, not the UI's index.html with 200.
 */
function isServerPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return path.startsWith('/api/') || path === '/metrics';
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003']);

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) ||
    /Connection terminated|not queryable|timeout exceeded when trying to connect|SQLITE_BUSY/i.test(e.message ?? '')
  );
}

/** PostgreSQL's answer to text it cannot store (e.g. invalid encodings) — the client's input, not our failure. */
function isUnstorableText(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '22021' || code === '22P05';
}
