// The web's API layer over openapi-fetch: typed paths become the right requests, unsafe methods carry the CSRF
// token, the API's error shape becomes ApiError (401 hands over to the session), a stale CSRF token is refreshed
// once, and lists follow the cursor. fetch is replaced by a recorder: this tests our wrapper, not the server.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, fetchAll, setCsrfToken, setUnauthenticatedHandler } from './client.js';

interface Sent {
  method: string;
  url: string;
  csrf: string | null;
  body: string;
}

let sent: Sent[] = [];
let answers: Response[] = [];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

beforeEach(() => {
  sent = [];
  answers = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    sent.push({
      method: request.method,
      url: new URL(request.url).pathname + new URL(request.url).search,
      csrf: request.headers.get('X-CSRF-Token'),
      body: request.body ? await request.text() : '',
    });
    const answer = answers.shift();
    if (!answer) throw new TypeError('Failed to fetch');
    return answer;
  });
  setCsrfToken('token-1');
});

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

describe('api', () => {
  it('fills path parameters and the query, and sends no CSRF token on a GET', async () => {
    answers.push(json(200, { id: 7 }));
    const entry = await api.get('/time-entries/{id}', { params: { path: { id: 7 } } });
    expect(entry).toEqual({ id: 7 });
    answers.push(json(200, { items: [], next_cursor: null }));
    await api.get('/time-entries', { params: { query: { limit: 8, q: '', tag: undefined } } });
    expect(sent.map((s) => [s.method, s.url, s.csrf])).toEqual([
      ['GET', '/api/v1/time-entries/7', null],
      ['GET', '/api/v1/time-entries?limit=8', null],
    ]);
  });

  it('sends the CSRF token and a JSON body on unsafe methods ({} when none is given)', async () => {
    answers.push(json(200, { timer: null }), new Response(null, { status: 204 }));
    await api.post('/timer/pause');
    await expect(api.delete('/tokens/{id}', { params: { path: { id: 3 } } })).resolves.toBeUndefined();
    expect(sent).toEqual([
      { method: 'POST', url: '/api/v1/timer/pause', csrf: 'token-1', body: '{}' },
      { method: 'DELETE', url: '/api/v1/tokens/3', csrf: 'token-1', body: '' },
    ]);
  });

  it("turns the API's error shape into ApiError, with the fields of validation_failed", async () => {
    const fields = { name: 'must not be empty', start_time: 'must be an ISO 8601 instant with Z or an offset' };
    answers.push(json(400, { error: { code: 'validation_failed', message: 'Invalid body', details: { fields } } }));
    const error = await api.post('/clients', { body: { name: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', serverMessage: 'Invalid body' });
    // A shared rule's message gets the UI's sentence; any other is shown in the server's words (in English).
    expect((error as ApiError).fields).toEqual({
      name: 'This field must not be empty.',
      start_time: 'Must be an ISO 8601 instant with Z or an offset',
    });
  });

  it('hands a 401 to the session, unless the call expects one', async () => {
    const ended = vi.fn(async () => false);
    setUnauthenticatedHandler(ended);
    answers.push(json(401, { error: { code: 'unauthenticated', message: 'Sign in' } }));
    await expect(api.get('/timer')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(ended).toHaveBeenCalledTimes(1);
    answers.push(json(401, { error: { code: 'invalid_credentials', message: 'Wrong' } }));
    const login = api.post('/auth/login', { body: { username: 'a', password: 'b' }, allowUnauthenticated: true });
    await expect(login).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('sends a call once more, with the new CSRF token, after the user signed in again', async () => {
    const signIn = vi.fn(async () => {
      setCsrfToken('token-2');
      return true;
    });
    setUnauthenticatedHandler(signIn);
    answers.push(json(401, { error: { code: 'unauthenticated', message: 'Sign in' } }), json(201, { id: 5 }));
    const saved = await api.post('/time-entries', { body: { project_id: 1, start_time: 'a', end_time: 'b' } as never });
    expect(saved).toEqual({ id: 5 });
    expect(signIn).toHaveBeenCalledTimes(1);
    expect(sent.map((s) => [s.method, s.url, s.csrf])).toEqual([
      ['POST', '/api/v1/time-entries', 'token-1'],
      ['POST', '/api/v1/time-entries', 'token-2'],
    ]);
    expect(sent[1]!.body).toBe(sent[0]!.body);

    // A second 401 after signing in again is not retried forever.
    answers.push(json(401, { error: { code: 'unauthenticated' } }), json(401, { error: { code: 'unauthenticated' } }));
    await expect(api.get('/timer')).rejects.toMatchObject({ status: 401 });
    expect(signIn).toHaveBeenCalledTimes(2);
    expect(sent).toHaveLength(4);
  });

  it('fetches the current CSRF token once after csrf_failed and retries with it', async () => {
    answers.push(
      json(403, { error: { code: 'csrf_failed', message: 'CSRF' } }),
      json(200, { user: null, csrf_token: 'token-2' }),
      json(200, { timer: null }),
    );
    await api.post('/timer/resume');
    expect(sent.map((s) => [s.method, s.url, s.csrf])).toEqual([
      ['POST', '/api/v1/timer/resume', 'token-1'],
      ['GET', '/api/v1/auth/session', null],
      ['POST', '/api/v1/timer/resume', 'token-2'],
    ]);
  });

  it('reports a failed connection as the network error', async () => {
    await expect(api.get('/info')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('fetchAll', () => {
  it('follows next_cursor with pages of 500 and keeps the filters', async () => {
    answers.push(json(200, { items: [{ id: 1 }], next_cursor: 'c2' }), json(200, { items: [{ id: 2 }], next_cursor: null }));
    const items = await fetchAll('/projects', { status: 'active' });
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(sent.map((s) => s.url)).toEqual([
      '/api/v1/projects?status=active&limit=500',
      '/api/v1/projects?status=active&limit=500&cursor=c2',
    ]);
  });
});
