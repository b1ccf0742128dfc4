// First run (setup wizard), sign-in (password and/or SSO), and the short privacy summary.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { useFormState } from '../components/crud.js';
import { FormError, TextField } from '../components/ui.js';
import { i18n } from '../i18n/index.js';
import { Link, navigate, useLocation } from '../lib/router.js';
import { UsageDataChoice } from './setup/UsageDataChoice.js';
import { usePageTitle } from '../lib/title.js';
import { useSession } from '../state/session.js';
import { OIDC_LOGIN_ERRORS } from '../../shared/oidc-login-errors.js';
import { safeNextPath } from '../../shared/safe-next.js';

function AuthFrame({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className="auth-page">
      <main className={`auth-card ${wide ? 'auth-card-wide' : ''}`} id="main">
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>TimeTracker</span>
        </div>
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </div>
  );
}

export function SetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  const { signedIn, setInfo, info } = useSession();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [telemetry, setTelemetry] = useState(false);
  const { errors, setErrors, formError, setFormError, busy, validate, save } = useFormState();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) local.admin_username = t('common.usernameRule');
    if (password.length < 8) local.admin_password = t('common.atLeast8');
    if (confirm !== password) local.confirm = t('common.passwordsDiffer');
    if (!validate(local)) return;
    await save(
      async () => {
        const answer = await api.post('/setup', {
          body: { admin_username: username, admin_password: password, telemetry_enabled: telemetry },
          allowUnauthenticated: true,
        });
        setInfo({ ...info, setup_complete: true });
        signedIn(answer.user, answer.csrf_token);
        navigate('/', { replace: true });
      },
      [],
      (error) => {
        if (error instanceof ApiError && error.code === 'setup_already_complete') {
          setInfo({ ...info, setup_complete: true });
          navigate('/login', { replace: true });
          return true;
        }
        if (error instanceof ApiError) setErrors(error.fields);
        setFormError(error instanceof Error ? error.message : String(error));
        return true;
      },
    );
  };

  return (
    <AuthFrame title={t('setup.heading')}>
      <p className="muted">{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate className="stack">
        <TextField
          label={t('setup.adminUsername')}
          error={errors.admin_username}
          value={username}
          onValue={setUsername}
          autoComplete="username"
          required
        />
        <TextField
          label={t('common.password')}
          error={errors.admin_password}
          hint={t('common.atLeast8')}
          type="password"
          value={password}
          onValue={setPassword}
          autoComplete="new-password"
          required
        />
        <TextField
          label={t('setup.repeatPassword')}
          error={errors.confirm}
          type="password"
          value={confirm}
          onValue={setConfirm}
          autoComplete="new-password"
          required
        />
        <UsageDataChoice analytics={info.setup_analytics} telemetry={telemetry} onTelemetry={setTelemetry} />
        <FormError message={formError} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.creating') : t('setup.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}

// The SSO callback's codes are defined once, next to the code that sends them; the UI says each in its language
// (login.oidc.<code>; the English sentences are the shared ones).
type OidcLoginError = keyof typeof OIDC_LOGIN_ERRORS;
const isOidcLoginError = (code: string): code is OidcLoginError => Object.prototype.hasOwnProperty.call(OIDC_LOGIN_ERRORS, code);

/** A readable sentence for the `?error=` the OIDC callback redirects with. */
export function describeLoginError(query: URLSearchParams): string | null {
  const code = query.get('error');
  if (!code) return null;
  if (isOidcLoginError(code)) return i18n.t(`login.oidc.${code}`);
  if (/^[a-z0-9_]+$/i.test(code)) return i18n.t('login.failedWords', { words: code.replace(/_/g, ' ') });
  return i18n.t('login.failedRaw', { code });
}

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const { info, signedIn } = useSession();
  const { query } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(query.get('next'));
  const callbackError = describeLoginError(query);
  const local = info.auth_methods.includes('local');
  const oidc = info.auth_methods.includes('oidc');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username || !password) {
      setError(t('login.enterBoth'));
      return;
    }
    setBusy(true);
    try {
      const answer = await api.post('/auth/login', { body: { username, password }, allowUnauthenticated: true });
      signedIn(answer.user, answer.csrf_token);
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_credentials') setError(t('login.wrong'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')}>
      {callbackError && (
        <p className="form-error" role="alert">
          {callbackError}
        </p>
      )}
      {oidc && (
        <a className="btn btn-primary btn-block" href={`/api/v1/auth/oidc/login?next=${encodeURIComponent(next)}`}>
          {info.oidc_button_label || t('login.sso')}
        </a>
      )}
      {oidc && local && <div className="divider">{t('login.or')}</div>}
      {local && (
        <form onSubmit={submit} noValidate className="stack">
          <TextField
            label={t('common.username')}
            value={username}
            onValue={setUsername}
            autoComplete="username"
            autoFocus
            required
          />
          <TextField
            label={t('common.password')}
            type="password"
            value={password}
            onValue={setPassword}
            autoComplete="current-password"
            required
          />
          <FormError message={error} />
          <button type="submit" className={`btn btn-block ${oidc ? '' : 'btn-primary'}`} disabled={busy}>
            {busy ? t('login.signingIn') : t('login.title')}
          </button>
        </form>
      )}
      {!local && !oidc && <p className="form-error">{t('login.noMethod')}</p>}
      <p className="muted small center">
        <Link to="/privacy">{t('login.privacy')}</Link> · {t('login.version', { version: info.version })}
      </p>
    </AuthFrame>
  );
}

/** Only same-origin app paths are followed after sign-in (no open redirect): the server's rule, src/shared/safe-next.ts. */
export function safeNext(next: string | null): string {
  return safeNextPath(next, window.location.origin);
}

export function PrivacyContent() {
  const { t } = useTranslation();
  return (
    <div className="prose">
      <p>
        <Trans i18nKey="privacy.intro" components={{ b: <strong /> }} />
      </p>
      <h2>{t('privacy.installHeading')}</h2>
      <p>{t('privacy.installBody')}</p>
      <h2>{t('privacy.productHeading')}</h2>
      <p>{t('privacy.productBody')}</p>
      <h2>{t('privacy.neverHeading')}</h2>
      <ul>
        <li>{t('privacy.never1')}</li>
        <li>{t('privacy.never2')}</li>
        <li>{t('privacy.never3')}</li>
      </ul>
      <h2>{t('privacy.offHeading')}</h2>
      <ul>
        <li>{t('privacy.offAdmins')}</li>
        <li>
          <Trans i18nKey="privacy.offServer" components={{ code: <code /> }} />
        </li>
        <li>{t('privacy.offEveryone')}</li>
      </ul>
      <p className="muted">{t('privacy.fullText')}</p>
    </div>
  );
}

export function PrivacyPublicPage() {
  const { t } = useTranslation();
  usePageTitle(t('app.privacyTitle'));
  const { info, user } = useSession();
  return (
    <AuthFrame title={t('app.privacyHeading')} wide>
      <PrivacyContent />
      <p>
        <Link to={user ? '/' : info.setup_complete ? '/login' : '/setup'}>{t('login.back')}</Link>
      </p>
    </AuthFrame>
  );
}
