// Limits of the Node HTTP server Fastify creates. Sizes are fixed; the time limits come from the configuration: a
// client that sends its headers or body too slowly, or holds a kept-alive connection without asking anything, is
// cut off. Live event streams are complete requests (no request limit applies) and send heartbeats.
import http from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/config.js';

/** Largest JSON body (imports have their own upload limit). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Longest path parameter (Fastify's default, stated here so the 414 answer can name it). */
export const MAX_PARAM_LENGTH = 100;
/** Node's limit for the request line and all headers together (16 KiB unless --max-http-header-size says otherwise). */
export const MAX_HEADER_BYTES = http.maxHeaderSize;

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** How often Node checks open requests against the header and request timeouts. */
  checkIntervalMs: number;
}

export function connectionLimits(config: Config): ConnectionLimits {
  const headersTimeoutMs = config.HTTP_HEADERS_TIMEOUT_SECONDS * 1000;
  return {
    headersTimeoutMs,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    // Node checks every 30 s by default, so a 20 s header limit would really be up to 50 s. Checking every second
    // (or twice per header limit when that is shorter) walks a list of open requests: cheap at any count.
    checkIntervalMs: Math.min(1000, Math.ceil(headersTimeoutMs / 2)),
  };
}

type TimeoutOptions = Required<Pick<FastifyServerOptions, 'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'>>;

/** The Fastify options that carry the limits to the server it creates. */
export function serverTimeoutOptions(limits: ConnectionLimits): TimeoutOptions & { http: http.ServerOptions } {
  return {
    // No socket inactivity limit (server.setTimeout): it would also cut downloads whose client reads slowly, which
    // the export stall guard (EXPORT_STALL_SECONDS) handles.
    connectionTimeout: 0,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node's own request limit also expired streaming answers (exports) on Node 20; the body limit is enforced by
    // raw-answers.ts instead, per request, only while the body is still arriving.
    requestTimeout: 0,
    // The header limit and the checking interval exist only as options of http.createServer.
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
  };
}
