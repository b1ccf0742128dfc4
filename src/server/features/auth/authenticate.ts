// Resolves the caller (API token or session cookie), enforces the route's AuthRequirement, token scopes and
// CSRF for cookie-authenticated unsafe requests. Runs as an onRequest hook, before the body is parsed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthenticated } from '../../http/errors.js';
import { currentContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import { findSessionWithUser, findTokenWithUser } from './auth.queries.js';
import { currentVisit } from './analytics-session.js';
import { isAdmin, tokenGrants, type Principal, type Scope } from './principal.js';
import { safeEqual, sha256Hex } from './secrets.js';
import { SESSION_COOKIE, touchSession } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOKEN_TOUCH_INTERVAL_SECONDS = 60;

export async function resolvePrincipal(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  const { db, config } = app.ctx;
  const now = nowSeconds();
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(tt_[A-Za-z0-9_-]{20,200})\s*$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer tt_…" with a valid API token.');
    const found = await findTokenWithUser(db, sha256Hex(match[1]), now);
    if (!found) throw unauthenticated('The API token is unknown, revoked, expired, or its user is deactivated.');
    if (found.token.last_used_at === null || now - found.token.last_used_at >= TOKEN_TOUCH_INTERVAL_SECONDS) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', found.token.id).execute();
    }
    return { via: 'token', user: found.user, tokenId: found.token.id, scopes: JSON.parse(found.token.scopes) as Scope[] };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const idHash = sha256Hex(cookie);
  const found = await findSessionWithUser(db, idHash, now);
  if (!found) return null;
  const visit = await currentVisit(db, found.session, now, config.SESSION_LIFETIME_HOURS);
  if (!visit.touched) await touchSession(db, found.session, config.SESSION_LIFETIME_HOURS);
  return {
    via: 'session',
    user: found.user,
    sessionIdHash: idHash,
    csrfToken: found.session.csrf_token,
    analyticsSessionId: visit.id,
  };
}

export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const requirement = request.routeOptions.config.auth;
    if (!requirement) return; // not an API route (static files, docs)
    const principal = await resolvePrincipal(app, request);
    request.principal = principal;
    const context = currentContext();
    if (context) {
      context.principal = principal;
      // Only a browser visit has an analytics session; token and anonymous requests carry none.
      context.analyticsSessionId = principal?.via === 'session' ? principal.analyticsSessionId : undefined;
    }

    if (principal?.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError(403, 'csrf_failed', 'The X-CSRF-Token header is missing or does not match this session.');
      }
    }
    if ('public' in requirement) return;
    if (!principal) throw unauthenticated();
    if (requirement.admin && !isAdmin(principal.user)) throw forbidden('Only administrators can do this.');
    if (principal.via === 'token') {
      if (requirement.sessionOnly) throw forbidden('This action needs a signed-in session; API tokens cannot do it.');
      if (requirement.scope && !tokenGrants(principal.scopes, requirement.scope)) {
        throw forbidden(`This API token lacks the "${requirement.scope}" scope.`);
      }
    }
  });
}

/** The authenticated principal of a route that requires one (the hook guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
