import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorBody } from './errors.js';
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
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
};

export interface ErrorHandlerOptions {
  /** Answer unknown non-API GETs with the web UI's index.html (client-side routes); needs @fastify/static. */
  spaFallback?: boolean;
}

/** Turns every error into the API's error shape; 5xx never carry internals. */
export function registerErrorHandler(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status: number;
    let body: ErrorBody;
    if (error instanceof AppError) {
      status = error.statusCode;
      body = error.toBody();
      if (status === 429 && typeof error.details?.retry_after_seconds === 'number') {
        void reply.header('retry-after', String(error.details.retry_after_seconds));
      }
    } else if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      status = 400;
      body = { error: { code: 'validation_failed', message: 'Some fields are not valid.', details: { fields: fieldsFromValidation(error) } } };
    } else if (error.code && FASTIFY_CLIENT_ERRORS[error.code]) {
      const [s, code, message] = FASTIFY_CLIENT_ERRORS[error.code]!;
      status = s;
      body = { error: { code, message } };
    } else if (!isResponseSerializationError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      const code = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'bad_request';
      body = { error: { code, message: error.message } };
    } else if (isUnstorableText(error)) {
      status = 400;
      body = { error: { code: 'validation_failed', message: 'The request contains text the database cannot store.', details: { fields: {} } } };
    } else if (isDatabaseUnavailable(error)) {
      status = 503;
      body = { error: { code: 'database_unavailable', message: 'The database is not reachable right now. Try again shortly.' } };
      request.log.error({ err: error }, 'database unavailable');
    } else {
      status = 500;
      body = { error: { code: 'internal', message: 'Something went wrong on the server. The error was logged.' } };
      request.log.error({ err: error }, 'unhandled error');
    }
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  });

  // Fastify allows one not-found handler per prefix, so the web UI's fallback lives here too.
  app.setNotFoundHandler((request, reply) => {
    if (options.spaFallback && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    }
    void reply.status(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });
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
