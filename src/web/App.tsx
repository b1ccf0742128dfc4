// Boot (server info + session), route guards (setup → login → app; admin pages), and the page table.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, setUnauthenticatedHandler } from './api/client.js';
import { useLiveSync } from './api/live-sync.js';
import { useLiveEvent } from './lib/live.js';
import type { Info, User } from './api/types.js';
import { Shell } from './components/Shell.js';
import { Toasts } from './components/toasts.js';
import { EmptyState, ErrorPanel, PageHeader, Skeleton } from './components/ui.js';
import { applyLanguage, browserLanguage } from './i18n/index.js';
import { Link, matchPath, navigate, useLocation } from './lib/router.js';
import { findPage, PAGES, type PageName } from '../shared/routes.js';
import { usePageTitle } from './lib/title.js';
import { LoginPage, PrivacyContent, PrivacyPublicPage, SetupPage, safeNext } from './pages/AuthPages.js';
import { loginHref, SessionProvider, useSession } from './state/session.js';
import { TimerProvider } from './state/timer.js';

type Boot = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'ready'; info: Info; user: User | null };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const { t } = useTranslation();
  const load = async () => {
    setBoot({ state: 'loading' });
    // The browser's language until the session says whose preferences apply (also for a boot error).
    const early = applyLanguage(browserLanguage());
    try {
      const info = await api.get('/info', { allowUnauthenticated: true });
      let user: User | null = null;
      if (info.setup_complete) {
        const session = await api.get('/auth/session', { allowUnauthenticated: true });
        setCsrfToken(session.csrf_token);
        user = session.user;
      }
      // The first paint after boot is in the user's language, not English first.
      await applyLanguage(user ? user.preferences.language : browserLanguage());
      setBoot({ state: 'ready', info, user });
    } catch (error) {
      await early.catch(() => undefined);
      setBoot({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  useEffect(() => {
    void load();
  }, []);

  if (boot.state === 'loading') {
    return (
      <div className="boot" aria-busy="true">
        <Skeleton lines={4} />
      </div>
    );
  }
  if (boot.state === 'error') {
    return (
      <div className="boot">
        <h1>{t('app.unreachable')}</h1>
        <ErrorPanel error={boot.error} retry={() => void load()} />
      </div>
    );
  }
  return (
    <SessionProvider initialInfo={boot.info} initialUser={boot.user}>
      <Routes />
      <Toasts />
    </SessionProvider>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

const PUBLIC = new Set<string>([PAGES.login.path, PAGES.setup.path, PAGES.privacy.path]);

function Routes() {
  const { info, user, requestSignIn } = useSession();
  const location = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(() => requestSignIn('expired'));
    return () => setUnauthenticatedHandler(null);
  }, [requestSignIn]);

  if (!info.setup_complete) {
    if (location.path === PAGES.privacy.path) return <PrivacyPublicPage />;
    if (location.path !== PAGES.setup.path) return <Redirect to={PAGES.setup.path} />;
    return <SetupPage />;
  }
  if (!user) {
    if (location.path === PAGES.login.path) return <LoginPage />;
    if (location.path === PAGES.privacy.path) return <PrivacyPublicPage />;
    return <Redirect to={PUBLIC.has(location.path) ? PAGES.login.path : loginHref()} />;
  }
  if (location.path === PAGES.login.path || location.path === PAGES.setup.path)
    return <Redirect to={safeNext(location.query.get('next'))} />;
  return (
    <TimerProvider>
      <LiveSync />
      <Shell>
        <Page key={location.path} />
      </Shell>
    </TimerProvider>
  );
}

/** Keeps the signed-in user's cached data in step with live events (renders nothing). */
function LiveSync() {
  useLiveSync();
  // An idle tab learns at once that the session ended elsewhere, not at its next save.
  const { requestSignIn } = useSession();
  useLiveEvent('session.ended', () => void requestSignIn('ended'));
  return null;
}

function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = useSession();
  return isAdmin ? <>{children}</> : <NotAllowedPage />;
}

// What each page of the shared route table (src/shared/routes.ts) renders once signed in; sign-in and setup
// redirect before this (Routes above).
// Each page is a chunk of its own, fetched when it is first shown: the first load carries the shell and one page,
// not every page's libraries (the project picker's, the forms', the calendar's).
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage.js').then((m) => ({ default: m.DashboardPage })));
const EntriesPage = lazy(() => import('./pages/entries/EntriesPage.js').then((m) => ({ default: m.EntriesPage })));
const CalendarPage = lazy(() => import('./pages/calendar/CalendarPage.js').then((m) => ({ default: m.CalendarPage })));
const TimesheetPage = lazy(() => import('./pages/timesheet/TimesheetPage.js').then((m) => ({ default: m.TimesheetPage })));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage.js').then((m) => ({ default: m.ReportsPage })));
const ProjectsPage = lazy(() => import('./pages/catalog/projects.js').then((m) => ({ default: m.ProjectsPage })));
const ClientsPage = lazy(() => import('./pages/catalog/clients.js').then((m) => ({ default: m.ClientsPage })));
const TasksPage = lazy(() => import('./pages/catalog/tasks.js').then((m) => ({ default: m.TasksPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const UsersPage = lazy(() => import('./pages/admin/UsersPage.js').then((m) => ({ default: m.UsersPage })));
const TokensPage = lazy(() => import('./pages/admin/TokensPage.js').then((m) => ({ default: m.TokensPage })));
const InvoicesPage = lazy(() => import('./pages/invoices/InvoicesPage.js').then((m) => ({ default: m.InvoicesPage })));
const InvoicePage = lazy(() => import('./pages/invoices/InvoicePage.js').then((m) => ({ default: m.InvoicePage })));
const TelemetryPage = lazy(() => import('./pages/admin/TelemetryPage.js').then((m) => ({ default: m.TelemetryPage })));

const SIGNED_IN_PAGES: Record<Exclude<PageName, 'login' | 'setup'>, () => ReactNode> = {
  dashboard: () => <DashboardPage />,
  entries: () => <EntriesPage />,
  calendar: () => <CalendarPage />,
  timesheet: () => <TimesheetPage />,
  reports: () => <ReportsPage />,
  projects: () => <ProjectsPage />,
  clients: () => <ClientsPage />,
  tasks: () => <TasksPage />,
  settings: () => <SettingsPage />,
  privacy: () => <PrivacyPage />,
  adminUsers: () => <UsersPage />,
  tokens: () => <TokensPage />,
  adminTelemetry: () => <TelemetryPage />,
  invoices: () => <InvoicesPage />,
  invoice: () => <InvoicePage />,
};

function Page() {
  const { path } = useLocation();
  const page = findPage(path);
  const render = page && page.name in SIGNED_IN_PAGES ? SIGNED_IN_PAGES[page.name as keyof typeof SIGNED_IN_PAGES] : undefined;
  if (page && render) {
    const shown = <Suspense fallback={<Skeleton lines={6} />}>{render()}</Suspense>;
    return page.route.access === 'admin' ? <AdminOnly>{shown}</AdminOnly> : shown;
  }
  if (matchPath('/admin/:rest', path) || path.startsWith('/admin')) {
    return (
      <AdminOnly>
        <NotFoundPage />
      </AdminOnly>
    );
  }
  return <NotFoundPage />;
}

function PrivacyPage() {
  const { t } = useTranslation();
  usePageTitle(t('app.privacyTitle'));
  return (
    <>
      <PageHeader title={t('app.privacyHeading')} />
      <section className="card">
        <PrivacyContent />
      </section>
    </>
  );
}

export function NotAllowedPage() {
  const { t } = useTranslation();
  usePageTitle(t('app.notAllowedTitle'));
  return (
    <>
      <PageHeader title={t('app.notAllowedTitle')} />
      <EmptyState
        title={t('app.notAllowedHeading')}
        action={
          <Link to="/" className="btn">
            {t('common.backToDashboard')}
          </Link>
        }
      >
        {t('app.notAllowedBody')}
      </EmptyState>
    </>
  );
}

function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('app.notFoundTitle'));
  return (
    <>
      <PageHeader title={t('app.notFoundHeading')} />
      <EmptyState
        title={t('app.notFoundEmpty')}
        action={
          <Link to="/" className="btn">
            {t('common.backToDashboard')}
          </Link>
        }
      >
        {t('app.notFoundBody')}
      </EmptyState>
    </>
  );
}
