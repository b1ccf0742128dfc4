// The answers Node and Fastify give on their own, before a request reaches the error handler, in the API's error
// shape: broken or oversized HTTP and slow clients (the server's clientError), Expect headers other than
// 100-continue, a missing Host header, malformed or overlong URLs (the router) and requests that arrive while the
// server is closing. The error handler (error-handler.ts) owns everything that happens inside a request.
import http from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { errorAnswer } from './error-handler.js';
import { AppError, type ErrorBody } from './errors.js';
import { MAX_HEADER_BYTES, type ConnectionLimits } from './server-limits.js';

import type { ApiErrorCode } from '../../shared/error-codes.js';

const KIB = 1024;

function jsonError(code: ApiErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } } satisfies ErrorBody);
}

/** What Node reports on a connection before a request exists, as the status and body to write. */
export function clientErrorAnswer(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  limits: ConnectionLimits,
): [number, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [
      408,
      jsonError(
        'request_timeout',
        `The request did not arrive in time: headers must arrive within ${limits.headersTimeoutMs / 1000} s, the whole request within ${limits.requestTimeoutMs / 1000} s.`,
      ),
    ];
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const limit = `the request line and headers may hold at most ${MAX_HEADER_BYTES / KIB} KiB together`;
    // Node counts the request line with the headers. When the packet that overflowed starts the request and its
    // first line alone is over the limit, it is the URL that is too long.
    const packet = error.rawPacket;
    const lineEnd = packet ? packet.indexOf('\r\n') : -1;
    if (packet && /^[A-Z]+ /.test(packet.subarray(0, 16).toString('latin1')) && (lineEnd === -1 || lineEnd > MAX_HEADER_BYTES)) {
      return [414, jsonError('uri_too_long', `The URL is too long: ${limit}.`)];
    }
    return [431, jsonError('headers_too_large', `The request header fields are too large: ${limit}.`)];
  }
  return [400, jsonError('bad_request', 'The request is not valid HTTP/1.1.')];
}

function rawResponse(status: number, body: string): string {
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
    'content-type: application/json; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'cache-control: no-store\r\nconnection: close\r\n\r\n' +
    body
  );
}

/**
 * Fastify's clientErrorHandler: answers in the error shape, then closes the connection. `onAnswer` is told the
 * error code of each answer it writes (metrics).
 */
export function clientErrorHandler(
  limits: ConnectionLimits,
  onAnswer?: (code: ApiErrorCode) => void,
): NonNullable<FastifyServerOptions['clientErrorHandler']> {
  return function onClientError(this: FastifyInstance, error, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // An answer already under way on this socket must not be corrupted by a second status line (Node's rule).
    const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      // Node's error carries the packet as a Buffer; Fastify's type describes its JSON form.
      const [status, body] = clientErrorAnswer(error as unknown as Parameters<typeof clientErrorAnswer>[0], limits);
      this.log.debug({ err: error, status }, 'client error');
      if (onAnswer) onAnswer((JSON.parse(body) as ErrorBody).error.code);
      socket.end(rawResponse(status, body), () => socket.destroy());
      // A client that never reads must not keep the socket: give the answer a moment, then drop it.
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    socket.destroy();
  };
}

/**
 * Fastify's frameworkErrors: the router's 400 (bad URL encoding) and 414 (overlong path segment). No hook runs for
 * these requests, so `onAnswer` is told of each answer sent (metrics).
 */
export function frameworkErrors(
  onAnswer?: (request: FastifyRequest, reply: FastifyReply, code: ApiErrorCode) => void,
): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error, request, generic) => {
    const answer = errorAnswer(error, request.log);
    const reply = generic as FastifyReply;
    void reply
      .status(answer.status)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(answer.body);
    onAnswer?.(request, reply, answer.body.error.code);
  };
}

/** Hooks and server listeners for the answers that come from no route. Call right after creating the app. */
export function registerRawAnswers(app: FastifyInstance, limits: ConnectionLimits): void {
  // The whole request, body included, must arrive within the request limit (counted from its headers' arrival,
  // which the header limit bounds): a body still arriving then is answered 408 and its connection closed.
  app.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw;
    // Only a real connection can trickle a body; requests injected in-process (tests, light-my-request) have a
    // stand-in socket that cannot be answered this way.
    if (!raw.complete && raw.socket instanceof Socket) {
      const timer = setTimeout(() => {
        if (raw.complete || raw.socket.destroyed) return;
        const answer = clientErrorAnswer(
          Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }),
          limits,
        );
        const response = (raw.socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
        if (response?.headersSent) raw.socket.destroy();
        else raw.socket.end(rawResponse(...answer), () => raw.socket.destroy());
      }, limits.requestTimeoutMs);
      timer.unref();
      const clear = () => clearTimeout(timer);
      raw.once('end', clear);
      raw.once('close', clear);
      raw.once('aborted', clear);
    }
    done();
  });

  // Node answers an unknown Expect with an empty 417 unless someone listens.
  app.server.on('checkExpectation', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const body = jsonError(
      'expectation_failed',
      `Expect: ${String(request.headers.expect)} is not supported; only 100-continue is.`,
    );
    response.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    response.end(body);
  });

  // Fastify answers requests arriving during close with its own 503 body unless return503OnClosing is false
  // (app.ts); this gives them the error shape instead.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (closing) {
      // Sent as is: a route's own 503 schema (health) must not turn this into a serialization error.
      const body = JSON.parse(jsonError('shutting_down', 'The server is shutting down. Try again in a moment.')) as ErrorBody;
      void reply
        .status(503)
        .header('connection', 'close')
        .type('application/json; charset=utf-8')
        .serializer(JSON.stringify)
        .send(body);
      return;
    }
    // Node answers this itself with an empty 400 unless requireHostHeader is off (app.ts).
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return done(new AppError(400, 'bad_request', 'An HTTP/1.1 request must send a Host header.'));
    }
    done();
  });
}
