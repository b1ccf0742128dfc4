// A small History-API router: the server answers index.html for every non-API path, so paths are real URLs.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { normalizePath } from '../../shared/routes.js';

const listeners = new Set<() => void>();

function notify(): void {
  listeners.forEach((l) => l());
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentHref = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export interface Location {
  path: string;
  search: string;
  query: URLSearchParams;
  href: string;
}

let cached: Location | null = null;

function snapshot(): Location {
  const href = currentHref();
  if (cached?.href !== href) {
    cached = {
      path: normalizePath(window.location.pathname),
      search: window.location.search,
      query: new URLSearchParams(window.location.search),
      href,
    };
  }
  return cached;
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Replaces query parameters of the current URL (filters live in the URL so they survive reloads and links). */
export function setQuery(
  params: Record<string, string | null | undefined>,
  options: { replace?: boolean } = { replace: true },
): void {
  const search = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') search.delete(k);
    else search.set(k, v);
  }
  const text = search.toString();
  navigate(window.location.pathname + (text ? `?${text}` : ''), options);
}

/** `children` may be left out inside <Trans components>, which puts the translated words in (an explicit child,
 * even null, would leave the link empty). */
type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children?: ReactNode };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

// Route patterns and the page table are shared with the server (analytics names pages by their template).
export { matchPath } from '../../shared/routes.js';
