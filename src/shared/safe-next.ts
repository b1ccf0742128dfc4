// Where the browser may go after signing in: the one rule for the server (SSO login and callback) and the web UI
// (login page, SSO button). Used by both, so what is checked is exactly what is answered.

/** Where to go when `next` is missing or refused. */
export const DEFAULT_NEXT = '/';
const MAX_LENGTH = 2000;

/** Path-absolute and not network-path: one "/" that is not followed by "/" or "\" (both start another host). */
const PLAIN_PATH = /^\/(?![/\\])/;
// C0 and C1 control characters (URL parsers drop tabs and newlines, which can join "/\t/" into "//"),
// backslashes (browsers read them as "/"), and DEL.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * `next` resolved against `baseUrl` (BASE_URL on the server, the page's origin in the browser) when it is a path
 * of this app; else DEFAULT_NEXT. The answer is the *normalised* path (dot segments and percent-encoded dots
 * resolved), and it is checked again after normalising: `/.//evil.example` resolves to `//evil.example`, which
 * a browser would read as another host, so it is refused. Paths of the API and of the sign-in pages are refused
 * too (a sign-in should land in the app, never on an endpoint).
 */
export function safeNextPath(next: unknown, baseUrl: string): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return DEFAULT_NEXT;
  if (!PLAIN_PATH.test(next) || FORBIDDEN.test(next)) return DEFAULT_NEXT;
  let base: URL;
  let url: URL;
  try {
    base = new URL(baseUrl);
    url = new URL(next, base);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== base.origin) return DEFAULT_NEXT;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!PLAIN_PATH.test(path) || FORBIDDEN.test(path) || path.length > MAX_LENGTH) return DEFAULT_NEXT;
  // What the browser does with the answer: it must stay here and stay the same (no second normalisation step).
  const again = new URL(path, base);
  if (again.origin !== base.origin || `${again.pathname}${again.search}${again.hash}` !== path) return DEFAULT_NEXT;
  if (isReservedPath(url.pathname)) return DEFAULT_NEXT;
  return path;
}

/** The API and the sign-in pages, also percent-encoded (`/%61pi/`) and in any case. */
function isReservedPath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname).toLowerCase();
  } catch {
    return true; // malformed encoding: not a path this app links to
  }
  return ['/api', '/login', '/setup'].some((prefix) => decoded === prefix || decoded.startsWith(`${prefix}/`));
}
