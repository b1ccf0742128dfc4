// Boot (server info + session), route guards (setup → login → app; admin pages), and the page table.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, setUnauthenticatedHandler } from './api/client.js';
import type { Info, SessionAnswer, User } from './api/types.js';
import { Shell } from './components/Shell.js';
import { Toasts } from './components/toasts.js';
import { EmptyState, ErrorPanel, PageHeader, Skeleton } from './components/ui.js';
import { applyLanguage, browserLanguage } from './i18n/index.js';
import { Link, matchPath, navigate, useLocation } from './lib/router.js';
import { usePageTitle } from './lib/title.js';
import { LoginPage, PrivacyContent, PrivacyPublicPage, SetupPage, safeNext } from './pages/AuthPages.js';
import { ClientsPage } from './pages/ClientsPage.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { EntriesPage } from './pages/EntriesPage.js';
import { ProjectsPage } from './pages/ProjectsPage.js';
import { ReportsPage } from './pages/ReportsPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { TasksPage } from './pages/TasksPage.js';
import { TelemetryPage } from './pages/admin/TelemetryPage.js';
import { TokensPage } from './pages/admin/TokensPage.js';
import { UsersPage } from './pages/admin/UsersPage.js';
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
      const info = await api.get<Info>('/info', { allowUnauthenticated: true });
      let user: User | null = null;
      if (info.setup_complete) {
        const session = await api.get<SessionAnswer>('/auth/session', { allowUnauthenticated: true });
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

const PUBLIC = new Set(['/login', '/setup', '/privacy']);

function Routes() {
  const { info, user, expired } = useSession();
  const location = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(expired);
    return () => setUnauthenticatedHandler(null);
  }, [expired]);

  if (!info.setup_complete) {
    if (location.path === '/privacy') return <PrivacyPublicPage />;
    if (location.path !== '/setup') return <Redirect to="/setup" />;
    return <SetupPage />;
  }
  if (!user) {
    if (location.path === '/login') return <LoginPage />;
    if (location.path === '/privacy') return <PrivacyPublicPage />;
    return <Redirect to={PUBLIC.has(location.path) ? '/login' : loginHref()} />;
  }
  if (location.path === '/login' || location.path === '/setup') return <Redirect to={safeNext(location.query.get('next'))} />;
  return (
    <TimerProvider>
      <Shell>
        <Page key={location.path} />
      </Shell>
    </TimerProvider>
  );
}

function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = useSession();
  return isAdmin ? <>{children}</> : <NotAllowedPage />;
}

function Page() {
  const { path } = useLocation();
  switch (path) {
    case '/':
      return <DashboardPage />;
    case '/entries':
      return <EntriesPage />;
    case '/reports':
      return <ReportsPage />;
    case '/projects':
      return <ProjectsPage />;
    case '/clients':
      return <ClientsPage />;
    case '/tasks':
      return <TasksPage />;
    case '/settings':
      return <SettingsPage />;
    case '/privacy':
      return <PrivacyPage />;
    case '/admin/users':
      return (
        <AdminOnly>
          <UsersPage />
        </AdminOnly>
      );
    case '/admin/tokens':
      return (
        <AdminOnly>
          <TokensPage />
        </AdminOnly>
      );
    case '/admin/telemetry':
      return (
        <AdminOnly>
          <TelemetryPage />
        </AdminOnly>
      );
    default:
      if (matchPath('/admin/:rest', path) || path.startsWith('/admin')) {
        return (
          <AdminOnly>
            <NotFoundPage />
          </AdminOnly>
        );
      }
      return <NotFoundPage />;
  }
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
