// The one way the UI calls the API: JSON in and out, the session's CSRF token on unsafe methods, the API's
// error shape turned into ApiError with a sentence in the UI's language, and 401s handed to the session (→ login page).
import { apiErrorMessage, fieldMessage } from '../i18n/errors.js';
import type { Page } from './types.js';

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

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Called when an authenticated call answers 401 (the session ended): the app sends the user to login. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from an object; null, undefined and '' are left out. */
export function queryString(params: Record<string, QueryValue | QueryValue[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null && v !== '') search.append(key, String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  /** Do not treat a 401 as "session ended" (login form, session probe). */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
  /** Internal: the request is the single retry after a CSRF token refresh. */
  retried?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) Object.assign(headers, csrfHeader());
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network error');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const err = (parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    const code = err?.code ?? (response.status === 401 ? 'unauthenticated' : 'http_error');
    const details = err?.details ?? {};
    const error = new ApiError(response.status, code, err?.message ?? '', details);
    if (response.status === 401 && !options.allowUnauthenticated) onUnauthenticated?.();
    // Signing in again in another tab replaces the session's CSRF token: fetch the current one and retry once.
    if (code === 'csrf_failed' && !options.retried) {
      const session = await fetch('/api/v1/auth/session', { credentials: 'same-origin' })
        .then((r) => (r.ok ? (r.json() as Promise<{ csrf_token: string | null }>) : null))
        .catch(() => null);
      if (session?.csrf_token && session.csrf_token !== csrfToken) {
        csrfToken = session.csrf_token;
        return request<T>(method, path, body, { ...options, retried: true });
      }
    }
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: (path: string, options?: RequestOptions) => request<void>('DELETE', path, undefined, options),
  /** multipart/form-data (file uploads); the browser sets the boundary. */
  upload: <T>(path: string, form: FormData, options?: RequestOptions) => request<T>('POST', path, form, options),
};

/** Every item of a paginated list (follows next_cursor, at most `maxPages` pages of 500). */
export async function fetchAll<T>(path: string, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer: Page<T> = await api.get<Page<T>>(url);
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** Page view: fire-and-forget, never shows an error (spec: analytics never disturb the user). */
export function sendPageView(): void {
  void fetch('/api/v1/analytics/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...csrfHeader() },
    body: JSON.stringify({ event: '$pageview', properties: {} }),
    credentials: 'same-origin',
    keepalive: true,
  }).catch(() => undefined);
}
