// The app's pages as they appear in the navigation and the command palette.
import { PAGES } from '../../shared/routes.js';
import type en from '../i18n/locales/en.js';
import { navigate, setQuery } from '../lib/router.js';

/**
 * The manual entry form; on the entries page it opens over the current filters. From another page it opens on the
 * entries page with `back` = where you were, and closing it (Esc, Cancel, saving) returns there.
 */
export function openNewEntry(): void {
  if (window.location.pathname === PAGES.entries.path) setQuery({ new: '1' }, { replace: false });
  else {
    const back = encodeURIComponent(window.location.pathname + window.location.search);
    navigate(`${PAGES.entries.path}?new=1&back=${back}`);
  }
}
export interface NavItem {
  to: string;
  /** The message key of the page's name (shown through t()). */
  label: `nav.${Exclude<keyof (typeof en)['nav'], 'main'>}`;
  admin?: boolean;
  /** An administrator's everyday page: listed among the main pages (for administrators only), not under Administration. */
  main?: boolean;
  icon: string;
}

export const NAV_ITEMS: NavItem[] = [
  { to: PAGES.dashboard.path, label: 'nav.dashboard', icon: 'M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10' },
  { to: PAGES.entries.path, label: 'nav.entries', icon: 'M4 6h16M4 12h16M4 18h10' },
  { to: PAGES.calendar.path, label: 'nav.calendar', icon: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4' },
  { to: PAGES.timesheet.path, label: 'nav.timesheet', icon: 'M3 5h18v14H3zM3 10h18M3 14.5h18M9 5v14M15 5v14' },
  { to: PAGES.reports.path, label: 'nav.reports', icon: 'M5 20V10M12 20V4M19 20v-7' },
  {
    to: PAGES.invoices.path,
    label: 'nav.invoices',
    admin: true,
    main: true,
    icon: 'M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8',
  },
  { to: PAGES.projects.path, label: 'nav.projects', icon: 'M3 7h7l2 2h9v10H3z' },
  {
    to: PAGES.clients.path,
    label: 'nav.clients',
    icon: 'M8 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-2a5 5 0 0 1 5-5h2a5 5 0 0 1 5 5v2M17 11a3 3 0 1 0 0-6M22 21v-2a4 4 0 0 0-3-3.9',
  },
  { to: PAGES.tasks.path, label: 'nav.tasks', icon: 'M9 11l3 3 8-8M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9' },
  {
    to: PAGES.settings.path,
    label: 'nav.settings',
    icon: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  },
  // Everyone's own API tokens (administrators also manage users below).
  { to: PAGES.tokens.path, label: 'nav.tokens', icon: 'M15 7a4 4 0 1 1-3.9 5H3v3h3v3h3v-3h2.1A4 4 0 0 1 15 7z' },
  {
    to: PAGES.adminUsers.path,
    label: 'nav.users',
    admin: true,
    icon: 'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM19 8v6M22 11h-6',
  },
  { to: PAGES.adminTelemetry.path, label: 'nav.telemetry', admin: true, icon: 'M3 12h4l3-8 4 16 3-8h4' },
];
