import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorResponse } from '../../http/wire.js';
import { toUserDto, userSchema } from '../users/user-dto.js';
import { loginWithPassword, logout } from './auth.service.js';
import { SESSION_COOKIE, type NewSession } from './sessions.js';
import { mayReadProfile } from './principal.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS, DEVICE_COOKIE_PATH } from './device-cookie.js';

const sessionResponse = z.object({ user: userSchema.nullable(), csrf_token: z.string().nullable() });
z.globalRegistry.add(sessionResponse, { id: 'Session' });

function cookiesSecure(request: FastifyRequest): boolean {
  const { config } = request.server.ctx;
  return (
    config.SESSION_COOKIE_SECURE === 'true' ||
    (config.SESSION_COOKIE_SECURE === 'auto' && (config.BASE_URL.startsWith('https://') || request.protocol === 'https'))
  );
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: NewSession): void {
  const secure = cookiesSecure(request);
  void reply.setCookie(SESSION_COOKIE, session.cookieValue, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(session.expiresAt * 1000),
  });
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/auth/login', {
    config: { auth: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['session'],
      summary: 'Sign in with username and password',
      description:
        'Every attempt counts against the account (or, for a browser that signed in to it before, against that ' +
        "browser's device cookie) before the password is checked; beyond the limit the answer is 429 `rate_limited` " +
        'with `Retry-After`, whatever the password, and the lock doubles with each further failure. A successful ' +
        'sign-in sets the session cookie and a signed device cookie (`tt_device`, sent only to this route). ' +
        'The right password of a deactivated account answers 403 `account_deactivated`; without the right password ' +
        'the answer is 401 `invalid_credentials` whether the account exists, is active or not.',
      body: z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
      response: {
        200: z.object({ user: userSchema, csrf_token: z.string() }),
        401: errorResponse,
        403: errorResponse,
        429: errorResponse,
      },
    },
    handler: async (request, reply) => {
      const { user, session, deviceCookie } = await loginWithPassword(app.ctx, {
        ...request.body,
        deviceCookie: request.cookies[DEVICE_COOKIE],
      });
      setSessionCookie(request, reply, session);
      void reply.setCookie(DEVICE_COOKIE, deviceCookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: cookiesSecure(request),
        path: DEVICE_COOKIE_PATH,
        maxAge: DEVICE_COOKIE_DAYS * 86_400,
      });
      return { user: toUserDto(user), csrf_token: session.csrfToken };
    },
  });

  app.post('/auth/logout', {
    config: { auth: {} },
    schema: { tags: ['session'], summary: 'Sign out (invalidates the session)', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const principal = request.principal;
      if (principal?.via === 'session') await logout(app.ctx, principal.sessionIdHash);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/auth/session', {
    config: { auth: { public: true } },
    schema: {
      tags: ['session'],
      summary: 'The signed-in user and CSRF token, or nulls',
      description: 'With an API token: its owner only when the token has the `read:users` scope (as for `GET /users/me`), else null.',
      response: { 200: sessionResponse },
    },
    handler: async (request) => {
      const principal = request.principal;
      return {
        user: principal && mayReadProfile(principal) ? toUserDto(principal.user) : null,
        csrf_token: principal?.via === 'session' ? principal.csrfToken : null,
      };
    },
  });
};
