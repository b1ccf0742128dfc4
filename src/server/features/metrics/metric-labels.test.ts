import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../../shared/error-codes.js';
import { errorCodeOf, methodLabel, queryKind, routeLabel, statusClass, UNMATCHED_ROUTE } from './metric-labels.js';

describe('metric labels', () => {
  it('take the route template, and one value for requests that matched no route', () => {
    expect(routeLabel('/api/v1/time-entries/:id')).toBe('/api/v1/time-entries/:id');
    expect(routeLabel(undefined)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('')).toBe(UNMATCHED_ROUTE);
  });

  it('keep the methods the API serves and fold every other one into "other"', () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(methodLabel(method)).toBe(method);
    for (const method of ['PROPFIND', 'MKCOL', 'get', 'CONNECT', 'X'.repeat(100)]) expect(methodLabel(method)).toBe('other');
  });

  it('group statuses by class', () => {
    expect([101, 200, 204, 302, 400, 404, 429, 500, 503].map(statusClass)).toEqual([
      '1xx',
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
    ]);
  });

  it('read the error code of every code the API sends, from a string or a buffer', () => {
    for (const code of API_ERROR_CODES) {
      const body = JSON.stringify({ error: { code, message: 'm', details: { fields: { a: 'b' } } } });
      expect(errorCodeOf(body)).toBe(code);
      expect(errorCodeOf(Buffer.from(body))).toBe(code);
    }
  });

  it('answer "other" for any body that is not an error of a known code', () => {
    expect(errorCodeOf('{"error":{"code":"made_up_by_someone","message":"x"}}')).toBe('other');
    expect(errorCodeOf('{"status":"error","db":"error"}')).toBe('other');
    expect(errorCodeOf('<html>')).toBe('other');
    expect(errorCodeOf(undefined)).toBe('other');
    expect(errorCodeOf({ pipe: () => undefined })).toBe('other');
    fc.assert(
      fc.property(fc.string(), (text) => {
        const label = errorCodeOf(`{"error":{"code":"${text}"`);
        expect(label === 'other' || (API_ERROR_CODES as readonly string[]).includes(label)).toBe(true);
      }),
    );
  });

  it('name a query by its kind, and raw SQL by its first word, never by its text', () => {
    expect(queryKind('SelectQueryNode', 'select * from users where id = ?')).toBe('select');
    expect(queryKind('InsertQueryNode', 'insert into x')).toBe('insert');
    expect(queryKind('UpdateQueryNode', 'update x')).toBe('update');
    expect(queryKind('DeleteQueryNode', 'delete from x')).toBe('delete');
    expect(queryKind('RawNode', '  SELECT 1')).toBe('select');
    expect(queryKind('RawNode', 'begin')).toBe('transaction');
    expect(queryKind('RawNode', 'start transaction isolation level serializable')).toBe('transaction');
    expect(queryKind('RawNode', 'commit')).toBe('transaction');
    expect(queryKind('RawNode', 'with recent as (select 1) select * from recent')).toBe('other');
    expect(queryKind('RawNode', 'constructor')).toBe('other');
    expect(queryKind('RawNode', '__proto__')).toBe('other');
    expect(queryKind('CreateTableNode', 'create table x (id integer)')).toBe('other');
    fc.assert(
      fc.property(fc.string(), fc.string(), (node, text) => {
        expect(['select', 'insert', 'update', 'delete', 'transaction', 'other']).toContain(queryKind(node, text));
      }),
    );
  });
});
