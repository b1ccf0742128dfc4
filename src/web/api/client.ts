// The one way the UI calls the API: openapi-fetch over the types generated from the server's OpenAPI document
// (schema.gen.ts), so a path, its parameters, its body and its answer are checked against the server's own schemas.
// Ours on top: the session's CSRF token on unsafe methods, the API's error shape turned into ApiError with a sentence
// in the UI's language, and 401s handed to the session, which asks the user to sign in again in place and then
// lets the call run once more (so a save in progress is not lost when the session ended meanwhile).
import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type MaybeOptionalInit,
  type MethodResponse,
} from 'openapi-fetch';
import { apiErrorMessage, fieldMessage } from '../i18n/errors.js';
import type { paths } from './schema.gen.js';

export class ApiError extends Error {
  /**
   * `message` is the UI's own sentence for the error code, in the UI's language (i18n/errors.ts);
   * `serverMessage` is what the server said (English), for logs and heuristics, never shown in other languages.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(apiErrorMessage(status, code, details));
    this.name = 'ApiError';
  }

  /** Field → message (ready to show, see fieldMessage) for `validation_failed` answers. */
  get fields(): Record<string, string> {
    const fields = this.details.fields;
    if (fields && typeof fields === 'object') {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields as Record<string, unknown>)) out[k] = fieldMessage(String(v));
      return out;
    }
    return {};
  }
}

const PREFIX = '/api/v1';
/** The API's paths as the UI writes them: without the `/api/v1` prefix (the client's base URL). */
export type ApiPaths = {
  [P in keyof paths as P extends `${typeof PREFIX}${infer Rest}` ? Rest : never]: paths[P];
};
type ApiClient = Client<ApiPaths>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type ApiPath<M extends Method> = ClientPathsWithMethod<ApiClient, M>;
/** What a successful call of `method path` answers, from the generated types. */
export type ApiData<M extends Method, P extends ApiPath<M>> = MethodResponse<ApiClient, M, P>;
/** The query parameters `method path` accepts. */
export type ApiQuery<M extends Method, P extends ApiPath<M>> = NonNullable<
  ApiPaths[P] extends Record<M, { parameters: { query?: infer Q } }> ? Q : never
>;

/** The JSON body `method path` takes. */
export type ApiBody<M extends Method, P extends ApiPath<M>> = NonNullable<
  ApiPaths[P] extends Record<M, { requestBody?: { content: { 'application/json': infer B } } }> ? B : never
>;

export interface CallOptions {
  /** Do not treat a 401 as "session ended" (login form, session probe). */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}
type Init<M extends Method, P extends ApiPath<M>> = MaybeOptionalInit<ApiPaths[P], M> & CallOptions;
/** The init argument is optional exactly when the operation needs no path parameter and no body. */
type InitArgs<I> = object extends I ? [init?: I] : [init: I];

let csrfToken: string | null = null;
let onUnauthenticated: (() => Promise<boolean>) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/**
 * Called when an authenticated call answers 401 (the session ended). It resolves true once the same user signed in
 * again (the call is then sent once more, with the new CSRF token) and false when they gave up.
 */
export function setUnauthenticatedHandler(handler: (() => Promise<boolean>) | null): void {
  onUnauthenticated = handler;
}

type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from an object; null, undefined and '' are left out. Also the links to exports use it. */
export function queryString(params: Record<string, QueryValue | QueryValue[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null && v !== '') search.append(key, String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const client: ApiClient = createClient<ApiPaths>({
  // Absolute, as Request needs it outside a page too (unit tests); in the browser the page's own origin.
  baseUrl: new URL(PREFIX, globalThis.location?.origin ?? 'http://localhost').href,
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  // Looked up per call, not when the module loads (tests and the browser may replace fetch).
  fetch: (request) => globalThis.fetch(request),
  querySerializer: (query) => queryString(query as Record<string, QueryValue | QueryValue[]>).slice(1),
});
client.use({
  onRequest: ({ request }) => {
    if (UNSAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
});

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

async function call(
  method: Method,
  path: string,
  init: Record<string, unknown> & CallOptions = {},
  retried = false,
): Promise<unknown> {
  const { allowUnauthenticated, ...fetchInit } = init;
  let answer: { data?: unknown; error?: unknown; response: Response };
  try {
    // The path is checked by the typed functions below; here every operation is one.
    answer = await client.request(method, path as never, fetchInit as never);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network error');
  }
  const { response } = answer;
  if (response.ok) return answer.data;
  const err = answer.error && typeof answer.error === 'object' ? (answer.error as ErrorBody).error : undefined;
  const code = err?.code ?? (response.status === 401 ? 'unauthenticated' : 'http_error');
  const error = new ApiError(response.status, code, err?.message ?? '', err?.details ?? {});
  if (response.status === 401 && !allowUnauthenticated && !retried && onUnauthenticated) {
    if (await onUnauthenticated()) return call(method, path, init, true);
  }
  // Signing in again in another tab replaces the session's CSRF token: fetch the current one and retry once.
  if (code === 'csrf_failed' && !retried) {
    const session = await client.GET('/auth/session').catch(() => null);
    const token = session?.data?.csrf_token;
    if (token && token !== csrfToken) {
      csrfToken = token;
      return call(method, path, init, true);
    }
  }
  throw error;
}

function caller<M extends Method>(method: M) {
  return <P extends ApiPath<M>>(path: P, ...init: InitArgs<Init<M, P>>): Promise<ApiData<M, P>> =>
    call(method, path, init[0] as Record<string, unknown> | undefined) as Promise<ApiData<M, P>>;
}

/**
 * Typed calls by path template, e.g. `api.get('/time-entries/{id}', { params: { path: { id } } })`; each answers
 * the operation's success body and throws ApiError otherwise.
 */
export const api = {
  get: caller('get'),
  put: caller('put'),
  patch: caller('patch'),
  delete: caller('delete'),
  /** A POST without a body sends `{}`: the server's JSON routes expect an object. */
  post: <P extends ApiPath<'post'>>(path: P, ...init: InitArgs<Init<'post', P>>): Promise<ApiData<'post', P>> =>
    call('post', path, { body: {}, ...(init[0] as Record<string, unknown> | undefined) }) as Promise<ApiData<'post', P>>,
  /** multipart/form-data (file uploads; the document declares no JSON body for them); the browser sets the boundary. */
  upload: <P extends ApiPath<'post'>>(path: P, form: FormData, init?: Init<'post', P>): Promise<ApiData<'post', P>> =>
    call('post', path, {
      ...(init as Record<string, unknown> | undefined),
      body: form,
      bodySerializer: (body: FormData) => body,
    }) as Promise<ApiData<'post', P>>,
};

/** GET paths that answer a page of the API's cursor pagination, and the type of their items. */
type PagedPath = {
  [P in ApiPath<'get'>]: ApiData<'get', P> extends { items: unknown[]; next_cursor: string | null } ? P : never;
}[ApiPath<'get'>];
export type PageItem<P extends PagedPath> = ApiData<'get', P> extends { items: (infer T)[] } ? T : never;

/** Every item of a paginated list (follows next_cursor, at most `maxPages` pages of 500). */
export async function fetchAll<P extends PagedPath>(
  path: P,
  query: Omit<ApiQuery<'get', P>, 'cursor' | 'limit'> = {} as Omit<ApiQuery<'get', P>, 'cursor' | 'limit'>,
  maxPages = 20,
): Promise<PageItem<P>[]> {
  const items: PageItem<P>[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const params = { query: { ...query, limit: 500, ...(cursor ? { cursor } : {}) } };
    const answer = (await call('get', path, { params })) as { items: PageItem<P>[]; next_cursor: string | null };
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** Page view: fire-and-forget, never shows an error (spec: analytics never disturb the user). */
export function sendPageView(): void {
  void fetch(`${PREFIX}/analytics/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...csrfHeader() },
    body: JSON.stringify({ event: '$pageview', properties: {} }),
    credentials: 'same-origin',
    keepalive: true,
  }).catch(() => undefined);
}
