// First run (setup wizard), sign-in (password and/or SSO), and the short privacy summary.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import type { User } from '../api/types.js';
import { useFormState } from '../components/crud.js';
import { FormError, TextField } from '../components/ui.js';
import { Link, navigate, useLocation } from '../lib/router.js';
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
  usePageTitle('Set up');
  const { signedIn, setInfo, info } = useSession();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [telemetry, setTelemetry] = useState(false);
  const { errors, setErrors, formError, setFormError, busy, validate, save } = useFormState();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) local.admin_username = 'Use 1–64 letters, digits or _ . @ -';
    if (password.length < 8) local.admin_password = 'At least 8 characters.';
    if (confirm !== password) local.confirm = 'The passwords do not match.';
    if (!validate(local)) return;
    await save(
      async () => {
        const answer = await api.post<{ user: User; csrf_token: string }>(
          '/setup',
          { admin_username: username, admin_password: password, telemetry_enabled: telemetry },
          { allowUnauthenticated: true },
        );
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
    <AuthFrame title="Welcome! Let's set up TimeTracker">
      <p className="muted">Create the administrator account. You can invite your team afterwards.</p>
      <form onSubmit={submit} noValidate className="stack">
        <TextField
          label="Admin username"
          error={errors.admin_username}
          value={username}
          onValue={setUsername}
          autoComplete="username"
          required
        />
        <TextField
          label="Password"
          error={errors.admin_password}
          hint="At least 8 characters."
          type="password"
          value={password}
          onValue={setPassword}
          autoComplete="new-password"
          required
        />
        <TextField
          label="Repeat password"
          error={errors.confirm}
          type="password"
          value={confirm}
          onValue={setConfirm}
          autoComplete="new-password"
          required
        />
        <div className="check">
          <input
            id="setup-telemetry"
            type="checkbox"
            checked={telemetry}
            onChange={(e) => setTelemetry(e.target.checked)}
            aria-describedby="setup-telemetry-hint"
          />
          <div>
            <label htmlFor="setup-telemetry">Share anonymous installation telemetry</label>
            <small id="setup-telemetry-hint" className="hint">
              Once a day this installation would send its version, platform, deployment method and rough usage counts (never
              names, notes, e-mail addresses or IPs) to the PostHog project configured by the admin.{' '}
              <Link to="/privacy">What is sent and how to turn it off</Link>
            </small>
          </div>
        </div>
        <FormError message={formError} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </AuthFrame>
  );
}

// The SSO callback's codes and their sentences are defined once, next to the code that sends them.
const OIDC_ERRORS: Record<string, string> = OIDC_LOGIN_ERRORS;

/** A readable sentence for the `?error=` the OIDC callback redirects with. */
export function describeLoginError(query: URLSearchParams): string | null {
  const code = query.get('error');
  if (!code) return null;
  const known = OIDC_ERRORS[code];
  if (known) return known;
  if (/^[a-z0-9_]+$/i.test(code)) {
    const words = code.replace(/_/g, ' ');
    return `Sign-in failed: ${words}.`;
  }
  return `Sign-in failed: ${code}`;
}

export function LoginPage() {
  usePageTitle('Sign in');
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
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    try {
      const answer = await api.post<{ user: User; csrf_token: string }>(
        '/auth/login',
        { username, password },
        { allowUnauthenticated: true },
      );
      signedIn(answer.user, answer.csrf_token);
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_credentials') setError('Wrong username or password.');
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Sign in">
      {callbackError && (
        <p className="form-error" role="alert">
          {callbackError}
        </p>
      )}
      {oidc && (
        <a className="btn btn-primary btn-block" href={`/api/v1/auth/oidc/login?next=${encodeURIComponent(next)}`}>
          {info.oidc_button_label || 'Sign in with SSO'}
        </a>
      )}
      {oidc && local && <div className="divider">or</div>}
      {local && (
        <form onSubmit={submit} noValidate className="stack">
          <TextField label="Username" value={username} onValue={setUsername} autoComplete="username" autoFocus required />
          <TextField
            label="Password"
            type="password"
            value={password}
            onValue={setPassword}
            autoComplete="current-password"
            required
          />
          <FormError message={error} />
          <button type="submit" className={`btn btn-block ${oidc ? '' : 'btn-primary'}`} disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {!local && !oidc && <p className="form-error">No sign-in method is enabled on this server (AUTH_METHOD).</p>}
      <p className="muted small center">
        <Link to="/privacy">Privacy</Link> · TimeTracker {info.version}
      </p>
    </AuthFrame>
  );
}

/** Only same-origin app paths are followed after sign-in (no open redirect): the server's rule, src/shared/safe-next.ts. */
export function safeNext(next: string | null): string {
  return safeNextPath(next, window.location.origin);
}

export function PrivacyContent() {
  return (
    <div className="prose">
      <p>
        TimeTracker can send two kinds of data to a{' '}
        <strong>PostHog project chosen by the administrator of this installation</strong> — and to nothing else. Nothing is sent
        at all unless the server has a PostHog API key configured.
      </p>
      <h2>Installation telemetry (opt-in)</h2>
      <p>
        Off unless the admin ticked the box during setup or enabled it on the Telemetry page. Once a day: the app version,
        platform, Node.js version, deployment method, and bucketed counts of users, projects and entries (for example “6–20”),
        under a random installation id.
      </p>
      <h2>Product analytics</h2>
      <p>
        Which features are used (for example “timer started”, “report viewed”, page views), under a pseudonymous id that cannot be
        turned back into your name. Each user can opt out in Settings → “Don’t include me in usage analytics”.
      </p>
      <h2>Never sent</h2>
      <ul>
        <li>usernames, full names, e-mail addresses, IP addresses;</li>
        <li>notes, tag names, project, client and task names, file names or any other free text;</li>
        <li>API tokens, passwords or secrets.</li>
      </ul>
      <h2>How to turn it off</h2>
      <ul>
        <li>
          Admins: Administration → Telemetry has a switch for each channel (payloads sent recently are listed there exactly as
          sent).
        </li>
        <li>
          Server: <code>DO_NOT_TRACK=1</code> stops everything; <code>ENABLE_TELEMETRY=false</code> and{' '}
          <code>ANALYTICS_ENABLED=false</code> turn off one channel each; leaving <code>POSTHOG_API_KEY</code> unset means nothing
          is ever sent.
        </li>
        <li>Everyone: Settings → “Don’t include me in usage analytics”.</li>
      </ul>
      <p className="muted">The full text is in docs/privacy.md of the TimeTracker source.</p>
    </div>
  );
}

export function PrivacyPublicPage() {
  usePageTitle('Privacy');
  const { info, user } = useSession();
  return (
    <AuthFrame title="Privacy and telemetry" wide>
      <PrivacyContent />
      <p>
        <Link to={user ? '/' : info.setup_complete ? '/login' : '/setup'}>← Back</Link>
      </p>
    </AuthFrame>
  );
}
