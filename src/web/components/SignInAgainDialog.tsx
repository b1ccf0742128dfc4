// Signing in again without leaving the page: when the session ends (signed out in another tab, expired), whatever
// the user was editing stays on screen behind this dialog, and the save that failed runs again once they are back.
// Only the same user may continue here: anyone else gets a fresh page, so one user's draft never lands in
// another's account.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import type { Info, User } from '../api/types.js';
import { Dialog, FormError, TextField } from './ui.js';

export type SignInReason = 'expired' | 'ended';

/** How often the dialog asks whether the SSO window has signed the user in. */
const SSO_POLL_MS = 1500;

export function SignInAgainDialog({
  info,
  user,
  reason,
  onSignedIn,
  onGiveUp,
}: {
  info: Info;
  user: User;
  reason: SignInReason;
  /** The same user is signed in again: the new session's user and CSRF token. */
  onSignedIn(user: User, csrf: string): void;
  onGiveUp(): void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ssoWindow, setSsoWindow] = useState<Window | null>(null);
  const local = info.auth_methods.includes('local') && user.auth_method === 'local';
  const oidc = info.auth_methods.includes('oidc');
  const done = useRef(false);

  const accept = (signedIn: User, csrf: string) => {
    if (done.current) return;
    done.current = true;
    if (signedIn.id !== user.id) {
      // Someone else: nothing of the previous user's page may be saved into their account.
      window.location.assign('/');
      return;
    }
    onSignedIn(signedIn, csrf);
  };

  // SSO signs in in its own window (a redirect here would throw the draft away): watch for the new session.
  useEffect(() => {
    if (!ssoWindow) return undefined;
    const timer = window.setInterval(() => {
      void api.get('/auth/session', { allowUnauthenticated: true }).then(
        (session) => {
          if (!session.user || !session.csrf_token) return;
          window.clearInterval(timer);
          ssoWindow.close();
          accept(session.user, session.csrf_token);
        },
        () => undefined,
      );
    }, SSO_POLL_MS);
    return () => window.clearInterval(timer);
  }, [ssoWindow]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) return setError(t('login.enterBoth'));
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post('/auth/login', {
        body: { username: user.username, password },
        allowUnauthenticated: true,
      });
      accept(answer.user, answer.csrf_token);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_credentials') setError(t('login.wrong'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const openSso = () => {
    const opened = window.open('/api/v1/auth/oidc/login?next=%2F', 'timetracker-sign-in', 'popup,width=520,height=680');
    if (!opened) setError(t('reauth.popupBlocked'));
    else setSsoWindow(opened);
  };

  return (
    <Dialog open title={t('reauth.title')} onClose={onGiveUp} dismissible={false}>
      <div className="stack" data-testid="sign-in-again">
        <p>{reason === 'ended' ? t('reauth.ended') : t('reauth.expired')}</p>
        {oidc && (
          <>
            <button type="button" className="btn btn-primary btn-block" onClick={openSso}>
              {info.oidc_button_label || t('login.sso')}
            </button>
            {ssoWindow && <p className="muted small">{t('reauth.ssoWaiting')}</p>}
          </>
        )}
        {local && (
          <form onSubmit={submit} noValidate className="stack">
            <TextField label={t('common.username')} value={user.username} onValue={() => undefined} readOnly />
            <TextField
              label={t('common.password')}
              type="password"
              value={password}
              onValue={setPassword}
              autoComplete="current-password"
              autoFocus
              required
            />
            <FormError message={error} />
            <button type="submit" className={`btn btn-block ${oidc ? '' : 'btn-primary'}`} disabled={busy}>
              {busy ? t('login.signingIn') : t('reauth.continue')}
            </button>
          </form>
        )}
        {!local && <FormError message={error} />}
        <button type="button" className="btn btn-ghost" onClick={onGiveUp}>
          {t('reauth.giveUp')}
        </button>
      </div>
    </Dialog>
  );
}
