// Pages need the signed-in user (preferences, time zone), the server's info and the running timer (the entries
// list heads with it): the session of the test server's admin, as the app would have it after signing in, and the
// address the page is shown at.
import type { ReactNode } from 'react';
import type { Info, User } from '../../src/web/api/types.js';
import { SessionProvider } from '../../src/web/state/session.js';
import { TimerProvider } from '../../src/web/state/timer.js';
import type { WebTestServer } from './real-server.js';

export interface AdminSession {
  info: Info;
  user: User;
}

export async function adminSession(server: WebTestServer): Promise<AdminSession> {
  const info = (await server.admin.get<Info>('/info')).body;
  const { user } = (await server.admin.get<{ user: User }>('/auth/session')).body;
  return { info, user };
}

export function InSession({ session, children }: { session: AdminSession; children: ReactNode }) {
  return (
    <SessionProvider initialInfo={session.info} initialUser={session.user}>
      <TimerProvider>{children}</TimerProvider>
    </SessionProvider>
  );
}

/** Shows the page at `href` (the router reads window.location). */
export function visit(href: string): void {
  window.history.replaceState(null, '', href);
}
