// The web UI's pages: one table the browser router renders from and the server reads to name a page in
// analytics. A page is only ever reported as its template (`/projects/:id`), so an id, a name or anything else
// typed into the address bar never leaves as text; a path no route declares is reported as NOT_FOUND_PAGE.

export type PageAccess = 'public' | 'signed-out' | 'user' | 'admin';

export interface PageRoute {
  /** `/segment` or `/segment/:param`; matched exactly, segment by segment. */
  readonly path: string;
  /** public: anyone; signed-out: only without a session (sign-in, setup); user / admin: signed in. */
  readonly access: PageAccess;
}

export const PAGES = {
  dashboard: { path: '/', access: 'user' },
  entries: { path: '/entries', access: 'user' },
  calendar: { path: '/calendar', access: 'user' },
  timesheet: { path: '/timesheet', access: 'user' },
  reports: { path: '/reports', access: 'user' },
  projects: { path: '/projects', access: 'user' },
  clients: { path: '/clients', access: 'user' },
  tasks: { path: '/tasks', access: 'user' },
  settings: { path: '/settings', access: 'user' },
  tokens: { path: '/settings/tokens', access: 'user' },
  privacy: { path: '/privacy', access: 'public' },
  login: { path: '/login', access: 'signed-out' },
  setup: { path: '/setup', access: 'signed-out' },
  adminUsers: { path: '/admin/users', access: 'admin' },
  adminTelemetry: { path: '/admin/telemetry', access: 'admin' },
  invoices: { path: '/invoices', access: 'admin' },
  invoice: { path: '/invoices/:id', access: 'admin' },
} as const satisfies Record<string, PageRoute>;

export type PageName = keyof typeof PAGES;

/** What analytics reports for a path that no route declares. */
export const NOT_FOUND_PAGE = '/:not_found';

/** A path as the router sees it: without trailing slashes, `/` at least. */
export const normalizePath = (path: string): string => path.replace(/\/+$/, '') || '/';

/** Matches `/projects/:id` style patterns; returns the params (decoded) or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = path.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = a[i] as string;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null; // malformed %-escape: no page of ours
      }
    } else if (seg !== val) return null;
  }
  return params;
}

/** The page a path shows, or undefined when no route declares it. */
export function findPage(
  path: string,
  pages: Readonly<Record<string, PageRoute>> = PAGES,
): { name: string; route: PageRoute } | undefined {
  const normalized = normalizePath(path);
  for (const [name, route] of Object.entries(pages)) if (matchPath(route.path, normalized)) return { name, route };
  return undefined;
}

/** The template of the page a path shows (`/projects/:id`), or NOT_FOUND_PAGE: never text from the path itself. */
export function pageTemplate(path: string, pages: Readonly<Record<string, PageRoute>> = PAGES): string {
  return findPage(path, pages)?.route.path ?? NOT_FOUND_PAGE;
}
