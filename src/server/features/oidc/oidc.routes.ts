// Single sign-on endpoints (HTTP only; the rules live in oidc.service.ts). Browsers navigate to these: they
// answer redirects, and every failure of the callback lands on /login?error=<code> (codes in oidc.errors.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponse } from '../../http/wire.js';
import { setSessionCookie } from '../auth/auth.routes.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { OidcConnection, registerConnection } from './oidc.connection.js';
import { OidcLoginError } from './oidc.errors.js';
import { LOGIN_COOKIE, LOGIN_COOKIE_PATH, LOGIN_LIFETIME_SECONDS } from './oidc.login-cookie.js';
import { beginOidcLogin, completeOidcLogin, endSession } from './oidc.service.js';

const redirectResponse = z.null().describe('Redirect (Location header)');

/** Same rule as the session cookie: Secure with an https BASE_URL or a request that arrived over TLS. */
function cookieSecure(request: FastifyRequest): boolean {
  const { config } = request.server.ctx;
  return (
    config.SESSION_COOKIE_SECURE === 'true' ||
    (config.SESSION_COOKIE_SECURE === 'auto' && (config.BASE_URL.startsWith('https://') || request.protocol === 'https'))
  );
}

function clearLoginCookie(reply: FastifyReply): void {
  void reply.clearCookie(LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A browser navigating to the login endpoint gets a small page instead of JSON when SSO is unavailable. */
function sendHtmlError(reply: FastifyReply, error: AppError): FastifyReply {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Single sign-on unavailable</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">
<h1>Single sign-on is unavailable</h1>
<p>${escapeHtml(error.message)}</p>
<p>Error code: <code>${escapeHtml(error.code)}</code></p>
<p><a href="/login?error=${encodeURIComponent(error.code)}">Back to sign-in</a></p>
</body></html>`;
  if (error.statusCode === 503) void reply.header('retry-after', '30');
  return reply.status(error.statusCode).type('text/html; charset=utf-8').send(page);
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

export const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  if (ctx.config.oidcEnabled) {
    const connection = new OidcConnection(ctx.config, app.log.child({ feature: 'oidc' }));
    registerConnection(ctx, connection);
    connection.start(); // in the background: a provider that is down must not delay start-up
    app.addHook('onClose', async () => connection.stop());
  }

  app.get('/auth/oidc/login', {
    config: { auth: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['session'],
      summary: 'Start single sign-on: redirects to the identity provider',
      description:
        "Redirects (302) to the provider's authorization endpoint (authorization code flow with PKCE). `next` is a path of this app to return to after sign-in, resolved against BASE_URL; anything that is not a same-origin path after normalising (other origins, `//host`, `/.//host`, backslashes, control characters, API and sign-in paths) is replaced by `/`. 404 `oidc_disabled` when AUTH_METHOD is local; 503 `oidc_unavailable` while the provider cannot be reached (an HTML page when the browser asks for HTML).",
      querystring: z.object({ next: z.string().optional() }),
      response: { 302: redirectResponse, 404: errorResponse, 503: errorResponse },
    },
    handler: async (request, reply) => {
      let started;
      try {
        started = await beginOidcLogin(ctx, { next: request.query.next });
      } catch (error) {
        if (error instanceof AppError && wantsHtml(request)) return sendHtmlError(reply, error);
        if (error instanceof AppError && error.statusCode === 503) void reply.header('retry-after', '30');
        throw error;
      }
      void reply.setCookie(LOGIN_COOKIE, started.cookieValue, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure(request),
        path: LOGIN_COOKIE_PATH,
        maxAge: LOGIN_LIFETIME_SECONDS,
      });
      void reply.header('cache-control', 'no-store');
      return reply.redirect(started.authorizationUrl, 302);
    },
  });

  app.get('/auth/oidc/callback', {
    config: { auth: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['session'],
      summary: 'Single sign-on callback: opens a session and redirects into the app',
      description:
        'The provider redirects here with `code` and `state` (or `error`). On success: session cookie and 302 to the `next` path given at login (else `/`). On any failure: 302 to `/login?error=<code>` with one of login_expired, state_mismatch, provider_error, code_replayed, nonce_mismatch, clock_skew, token_invalid, oidc_unavailable, oidc_disabled, email_missing, account_conflict, account_link_required, account_disabled, signup_disabled, login_failed.',
      response: { 302: redirectResponse },
    },
    handler: async (request, reply) => {
      const cookieValue = request.cookies[LOGIN_COOKIE];
      clearLoginCookie(reply); // single use, whatever happens next
      void reply.header('cache-control', 'no-store');
      const queryStart = request.url.indexOf('?');
      const query = queryStart >= 0 ? request.url.slice(queryStart + 1) : '';
      try {
        const { session, next } = await completeOidcLogin(ctx, { query, cookieValue }, request.log);
        setSessionCookie(request, reply, session);
        return reply.redirect(next, 302);
      } catch (error) {
        if (error instanceof OidcLoginError) {
          const level =
            error.code === 'oidc_unavailable' || error.code === 'token_invalid' || error.code === 'clock_skew' ? 'warn' : 'info';
          request.log[level]({ code: error.code, detail: error.detail }, 'SSO sign-in refused');
          return reply.redirect(`/login?error=${error.code}`, 302);
        }
        request.log.error({ err: error }, 'SSO sign-in failed');
        return reply.redirect('/login?error=login_failed', 302);
      }
    },
  });

  // Ending a session changes state, so it is a POST with the session's CSRF token (no GET: any site could make a
  // browser navigate to it). The provider's end-session URL comes back in the body for the UI to navigate to.
  app.post('/auth/oidc/logout', {
    config: { auth: {} },
    schema: {
      tags: ['session'],
      summary: 'Sign out here and at the identity provider',
      description:
        'Deletes the current session (like `POST /auth/logout`; needs the X-CSRF-Token header) and answers where the browser ' +
        "goes next: the provider's end-session endpoint with `id_token_hint` and `post_logout_redirect_uri` when the session " +
        'was opened by single sign-on and the provider has such an endpoint, else `/login`. The web UI uses it whenever SSO ' +
        'is enabled. There is no GET: signing out is never a side effect of following a link.',
      response: { 200: z.object({ redirect_url: z.string() }), 401: errorResponse, 403: errorResponse },
    },
    handler: async (request, reply) => {
      const principal = request.principal;
      const idHash = principal?.via === 'session' ? principal.sessionIdHash : undefined;
      const location = await endSession(ctx, idHash, request.log);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      void reply.header('cache-control', 'no-store');
      return { redirect_url: location };
    },
  });
};
