// Who is signed in, their preferences (applied everywhere through `fmt`), the server's info, and sign-out.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from '../api/client.js';
import type { Info, Preferences, User } from '../api/types.js';
import { applyLanguage, browserLanguage } from '../i18n/index.js';
import { queryClient } from '../api/query-client.js';
import { SignInAgainDialog, type SignInReason } from '../components/SignInAgainDialog.js';
import { resumeLive } from '../lib/live.js';
import { navigate } from '../lib/router.js';
import { applyTheme } from '../lib/theme.js';
import { DEFAULT_PREFERENCES, TimeFormat } from '../lib/time.js';

export interface SessionValue {
  info: Info;
  user: User | null;
  prefs: Preferences;
  fmt: TimeFormat;
  isAdmin: boolean;
  /** After login/setup: the answer's user and CSRF token. */
  signedIn(user: User, csrf: string): void;
  setUser(user: User): void;
  setInfo(info: Info): void;
  updatePreferences(patch: Partial<Preferences>): Promise<Preferences>;
  logout(): Promise<void>;
  /**
   * The session ended (a 401, or `session.ended` on the live stream). Signed in: a dialog asks the same user to
   * sign in again over the page (drafts stay); resolves true once they did, false when they gave up (→ login page).
   */
  requestSignIn(reason: SignInReason): Promise<boolean>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Time formatting with the signed-in user's preferences. */
export function useFmt(): TimeFormat {
  return useSession().fmt;
}

export function loginHref(): string {
  const here = window.location.pathname + window.location.search;
  const next = here.startsWith('/login') || here.startsWith('/setup') ? '/' : here;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export function SessionProvider({
  initialInfo,
  initialUser,
  children,
}: {
  initialInfo: Info;
  initialUser: User | null;
  children: ReactNode;
}) {
  const [info, setInfo] = useState(initialInfo);
  const [user, setUserState] = useState<User | null>(initialUser);
  const prefs = user?.preferences ?? DEFAULT_PREFERENCES;
  const fmt = useMemo(() => new TimeFormat(prefs), [prefs]);

  useEffect(() => {
    if (user) applyTheme(prefs.theme);
  }, [user, prefs.theme]);

  // The UI speaks the user's language (Settings → Language), the browser's before sign-in.
  const signedInUser = user !== null;
  useEffect(() => {
    void applyLanguage(signedInUser ? prefs.language : browserLanguage());
  }, [signedInUser, prefs.language]);

  const signedIn = useCallback((u: User, csrf: string) => {
    setCsrfToken(csrf);
    queryClient.clear();
    setUserState(u);
  }, []);

  const toLogin = useCallback(() => {
    setCsrfToken(null);
    queryClient.clear();
    setUserState(null);
    // Several requests may fail at once: only the first one decides where to come back to.
    if (window.location.pathname !== '/login') navigate(loginHref(), { replace: true });
  }, []);

  // Everyone waiting for the user to sign in again (failed calls, the live stream) is answered at once.
  const [signInReason, setSignInReason] = useState<SignInReason | null>(null);
  const waiting = useRef<((ok: boolean) => void)[]>([]);
  const currentUser = useRef(user);
  currentUser.current = user;
  const requestSignIn = useCallback(
    (reason: SignInReason) => {
      if (!currentUser.current) {
        toLogin();
        return Promise.resolve(false);
      }
      setSignInReason((r) => r ?? reason);
      return new Promise<boolean>((resolve) => waiting.current.push(resolve));
    },
    [toLogin],
  );
  const finishSignIn = useCallback((ok: boolean) => {
    const list = waiting.current;
    waiting.current = [];
    setSignInReason(null);
    for (const resolve of list) resolve(ok);
  }, []);

  const updatePreferences = useCallback(async (patch: Partial<Preferences>) => {
    const saved = await api.patch('/users/me/preferences', { body: patch });
    setUserState((u) => (u ? { ...u, preferences: saved } : u));
    return saved;
  }, []);

  const logout = useCallback(async () => {
    // Both are POSTs with the CSRF token. With SSO the server also answers the provider's end-session URL: a full
    // navigation there ends the provider's session too and comes back to /login.
    const sso = info.auth_methods.includes('oidc');
    let redirectUrl: string | null = null;
    try {
      if (sso) {
        const answer = await api.post('/auth/oidc/logout', { allowUnauthenticated: true });
        redirectUrl = answer.redirect_url;
      } else {
        await api.post('/auth/logout', { allowUnauthenticated: true });
      }
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      if (redirectUrl && redirectUrl !== '/login') {
        window.location.assign(redirectUrl);
      } else {
        setUserState(null);
        navigate('/login', { replace: true });
      }
    }
  }, [info.auth_methods]);

  const value = useMemo<SessionValue>(
    () => ({
      info,
      user,
      prefs,
      fmt,
      isAdmin: user?.role === 'admin',
      signedIn,
      setUser: setUserState,
      setInfo,
      updatePreferences,
      logout,
      requestSignIn,
    }),
    [info, user, prefs, fmt, signedIn, updatePreferences, logout, requestSignIn],
  );
  return (
    <SessionContext.Provider value={value}>
      {children}
      {user && signInReason && (
        <SignInAgainDialog
          info={info}
          user={user}
          reason={signInReason}
          onSignedIn={(again, csrf) => {
            setCsrfToken(csrf);
            setUserState(again);
            resumeLive();
            finishSignIn(true);
          }}
          onGiveUp={() => {
            finishSignIn(false);
            toLogin();
          }}
        />
      )}
    </SessionContext.Provider>
  );
}
