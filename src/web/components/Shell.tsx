// The signed-in frame: navigation (sidebar on wide screens, a drawer on phones), the running timer chip,
// keyboard shortcuts, the command palette, page views and focus management on route changes.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sendPageView } from '../api/client.js';
import { Link, useLocation } from '../lib/router.js';
import { formatClock } from '../lib/time.js';
import { PALETTE_KEYS } from '../lib/platform.js';
import { useProjects } from '../state/data.js';
import { useSession } from '../state/session.js';
import { useElapsed, useTimer } from '../state/timer.js';
import { CommandPalette, ShortcutHelp } from './CommandPalette.js';
import { NAV_ITEMS, openNewEntry } from './nav.js';

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

// A magnifier: the palette finds pages, projects and commands (the shortcut beside it is hidden on touch screens).
const SEARCH_ICON = 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM21 21l-5-5';

function Icon({ d }: { d: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

function TimerChip() {
  const { timer } = useTimer();
  const elapsed = useElapsed();
  const { byId } = useProjects();
  const { t } = useTranslation();
  if (!timer) return null;
  const project = byId.get(timer.project_id);
  const time = formatClock(elapsed);
  const label = project
    ? t(timer.paused ? 'shell.timerPausedOn' : 'shell.timerRunningOn', { time, project: project.name })
    : t(timer.paused ? 'shell.timerPaused' : 'shell.timerRunning', { time });
  return (
    <Link to="/" className={`timer-chip ${timer.paused ? 'paused' : ''}`} aria-label={label}>
      <span className="pulse" aria-hidden="true" />
      <span className="mono">{time}</span>
      {project && <span className="timer-chip-project">{project.name}</span>}
    </Link>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { user, isAdmin, logout } = useSession();
  const { t } = useTranslation();
  const timer = useTimer();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const firstRender = useRef(true);

  // Page view on every route change (fire-and-forget), focus the new page's heading for screen readers.
  useEffect(() => {
    sendPageView();
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    window.setTimeout(() => document.getElementById('page-title')?.focus({ preventScroll: true }), 0);
  }, [location.path]);

  const timerRef = useRef(timer);
  timerRef.current = timer;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPaletteOpen((o) => !o);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key === 's') {
        e.preventDefault();
        void timerRef.current.toggle();
      } else if (e.key === 'n') {
        e.preventDefault();
        openNewEntry();
      } else if (e.key === '/') {
        e.preventDefault();
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) search.focus();
        else setPaletteOpen(true);
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const isActive = (to: string) =>
    to === '/' ? location.path === '/' : location.path === to || location.path.startsWith(`${to}/`);
  const nav = (
    <nav aria-label={t('nav.main')} id="main-nav" className={`nav ${menuOpen ? 'open' : ''}`}>
      <ul>
        {NAV_ITEMS.filter((i) => !i.admin || (i.main && isAdmin)).map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={isActive(item.to) ? 'page' : undefined}>
              <Icon d={item.icon} />
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
      {isAdmin && (
        <>
          <p className="nav-section" id="nav-admin">
            {t('shell.administration')}
          </p>
          <ul aria-labelledby="nav-admin">
            {NAV_ITEMS.filter((i) => i.admin && !i.main).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={isActive(item.to) ? 'page' : undefined}>
                  <Icon d={item.icon} />
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="nav-footer">
        <span className="muted nav-user" title={user?.username}>
          {user?.full_name || user?.username}
        </span>
        <button type="button" className="btn btn-ghost btn-small shortcuts-button" onClick={() => setHelpOpen(true)}>
          {t('shell.shortcuts')} <kbd>?</kbd>
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void logout()}>
          {t('shell.signOut')}
        </button>
      </div>
    </nav>
  );

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>TimeTracker</span>
        </Link>
        <TimerChip />
        <button
          type="button"
          className="btn btn-ghost palette-button"
          onClick={() => setPaletteOpen(true)}
          aria-label={t('shell.openPalette')}
        >
          <Icon d={SEARCH_ICON} />
          <kbd aria-hidden="true">{PALETTE_KEYS}</kbd>
        </button>
        <button
          type="button"
          className="btn btn-ghost menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? t('common.close') : t('shell.menu')}
        </button>
      </header>
      {nav}
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <CommandPalette open={paletteOpen} onClose={() => setPaletteOpen(false)} />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
