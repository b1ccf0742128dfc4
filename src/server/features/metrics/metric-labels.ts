// Label values of the Prometheus metrics, each from a closed set: a label value that came from the request (a raw
// URL with ids, a query string, an unknown method, an error code we never send) would both leak user data into
// the monitoring system and let any client create new time series without end. Pure, no I/O.
import { API_ERROR_CODES, type ApiErrorCode } from '../../../shared/error-codes.js';

/** The route label of a request that matched no route (404s, the web UI's client-side routes). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Fastify's route template (e.g. /api/v1/time-entries/:id), never the URL; undefined when nothing matched. */
export function routeLabel(template: string | undefined): string {
  return template === undefined || template === '' ? UNMATCHED_ROUTE : template;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Node accepts some thirty methods (PROPFIND, MKCOL, …); the ones we serve keep their name, the rest are one. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'other';
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export function statusClass(status: number): StatusClass {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  if (status >= 200) return '2xx';
  return '1xx';
}

const ERROR_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);
/** Every error body starts like this (errors.ts builds it; JSON.stringify keeps the key order). */
const ERROR_BODY = /^\{"error":\{"code":"([a-z_]{1,64})"/;

/**
 * The `error.code` of an answer's serialized body: one of the API's codes, or `other` for a body that is not the
 * error shape. Reads only the first bytes of the text, so it costs next to nothing on an error answer.
 */
export function errorCodeOf(payload: unknown): ApiErrorCode | 'other' {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8', 0, 100) : '';
  const code = ERROR_BODY.exec(text)?.[1];
  return code !== undefined && ERROR_CODES.has(code) ? (code as ApiErrorCode) : 'other';
}

export type QueryKind = 'select' | 'insert' | 'update' | 'delete' | 'transaction' | 'other';

const NODE_KINDS = new Map<string, QueryKind>([
  ['SelectQueryNode', 'select'],
  ['InsertQueryNode', 'insert'],
  ['UpdateQueryNode', 'update'],
  ['DeleteQueryNode', 'delete'],
]);
const LEADING_WORD = /^\s*([a-z]+)/i;
// A Map, not an object literal: a word like `constructor` must not find Object.prototype's.
const RAW_KINDS = new Map<string, QueryKind>([
  ['select', 'select'],
  ['insert', 'insert'],
  ['update', 'update'],
  ['delete', 'delete'],
  ['begin', 'transaction'],
  ['commit', 'transaction'],
  ['rollback', 'transaction'],
  ['savepoint', 'transaction'],
  ['release', 'transaction'],
  ['start', 'transaction'],
]);

/**
 * The kind of a query Kysely ran: from the kind of its query tree, or for raw SQL (sql`…`, transaction control)
 * from its first word. Never the text itself.
 */
export function queryKind(nodeKind: string, sqlText: string): QueryKind {
  const fromNode = NODE_KINDS.get(nodeKind);
  if (fromNode) return fromNode;
  if (nodeKind !== 'RawNode') return 'other';
  const word = LEADING_WORD.exec(sqlText.slice(0, 20))?.[1]?.toLowerCase();
  return (word !== undefined && RAW_KINDS.get(word)) || 'other';
}
