// Resolves the caller (API token or session cookie), enforces the route's AuthRequirement, token scopes and
// CSRF for cookie-authenticated unsafe requests. Runs as an onRequest hook, before the body is parsed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRow } from '../../db/schema.js';
import { AppError, forbidden, unauthenticated } from '../../http/errors.js';
import { currentContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import {
  findSessionWithUser,
  findTokenWithUser,
  sqliteDataVersion,
  touchToken,
  type SessionAuth,
  type TokenAuth,
} from './auth.queries.js';
import { currentVisit, visitIsCurrent } from './analytics-session.js';
import { PrincipalCache } from './principal-cache.js';
import { isAdmin, tokenGrants, type Principal, type Scope } from './principal.js';
import { safeEqual, sha256Hex } from './secrets.js';
import { SESSION_COOKIE, sessionTouchDue, touchSession } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOKEN_TOUCH_INTERVAL_SECONDS = 60;

/** A resolved credential as the principal cache holds it (frozen: requests share it). */
type Credential =
  { via: 'session'; user: UserRow; session: SessionAuth } | { via: 'token'; user: UserRow; token: TokenAuth; scopes: Scope[] };

export type CredentialCache = PrincipalCache<Credential>;

const tokenTouchDue = (token: TokenAuth, now: number): boolean =>
  token.last_used_at === null || now - token.last_used_at >= TOKEN_TOUCH_INTERVAL_SECONDS;

// The cache only ever spares the read. A request whose cached row says a write is due (the token's last use, the
// session's sliding expiry, a new analytics visit) reads the row afresh and decides on it exactly as without the
// cache; a request that wrote does not cache what it read, so the next one reads the written row.

async function resolveToken(app: FastifyInstance, cache: CredentialCache, rawToken: string, now: number): Promise<Principal> {
  const tokenHash = sha256Hex(rawToken);
  const key = `t:${tokenHash}`;
  let found = cache.get(key, now)?.value;
  if (found?.via !== 'token' || tokenTouchDue(found.token, now)) {
    const generation = cache.generation();
    const row = await findTokenWithUser(app.ctx.db, tokenHash, now);
    if (!row) throw unauthenticated('The API token is unknown, revoked, expired, or its user is deactivated.');
    found = Object.freeze({ via: 'token', ...row, scopes: JSON.parse(row.token.scopes) as Scope[] });
    if (tokenTouchDue(row.token, now)) await touchToken(app.ctx.db, row.token.id, now);
    else cache.set(key, { userId: row.user.id, expiresAt: row.token.expires_at, value: found }, generation);
  }
  return { via: 'token', user: found.user, tokenId: found.token.id, scopes: found.scopes };
}

async function resolveSession(
  app: FastifyInstance,
  cache: CredentialCache,
  cookie: string,
  now: number,
): Promise<Principal | null> {
  const { db, config } = app.ctx;
  const idHash = sha256Hex(cookie);
  const key = `s:${idHash}`;
  const cached = cache.get(key, now)?.value;
  if (cached?.via === 'session' && visitIsCurrent(cached.session, now) && !sessionTouchDue(cached.session, now)) {
    return principalOfSession(cached.user, cached.session, cached.session.analytics_session_id as string);
  }
  const generation = cache.generation();
  const found = await findSessionWithUser(db, idHash, now);
  if (!found) return null;
  const visit = await currentVisit(db, found.session, now, config.SESSION_LIFETIME_HOURS);
  if (!visit.touched) await touchSession(db, found.session, config.SESSION_LIFETIME_HOURS);
  if (!visit.touched && !sessionTouchDue(found.session, now)) {
    const value: Credential = Object.freeze({ via: 'session', user: found.user, session: found.session });
    cache.set(key, { userId: found.user.id, expiresAt: found.session.expires_at, value }, generation);
  }
  return principalOfSession(found.user, found.session, visit.id);
}

const principalOfSession = (user: UserRow, session: SessionAuth, analyticsSessionId: string): Principal => ({
  via: 'session',
  user,
  sessionIdHash: session.id_hash,
  csrfToken: session.csrf_token,
  analyticsSessionId,
});

export async function resolvePrincipal(
  app: FastifyInstance,
  cache: CredentialCache,
  request: FastifyRequest,
): Promise<Principal | null> {
  const now = nowSeconds();
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(tt_[A-Za-z0-9_-]{20,200})\s*$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer tt_…" with a valid API token.');
    return resolveToken(app, cache, match[1], now);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  return resolveSession(app, cache, cookie, now);
}

export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
  // Resolved credentials of this process, dropped by the user signals of every process (principal-cache.ts).
  const cache: CredentialCache = new PrincipalCache();
  const unwatch = app.ctx.live.watchUsers((userId) => (userId === null ? cache.clear() : cache.invalidateUser(userId)));
  app.addHook('onClose', async () => unwatch());
  // On SQLite the CLI (password reset, deactivation, revocation) writes from another process that has no bus to
  // reach this one: any commit made there drops every cached credential before the next request uses one.
  let seenDataVersion: number | undefined;
  const dropAfterOutsideWrites = async () => {
    try {
      const version = await sqliteDataVersion(app.ctx.db);
      if (seenDataVersion !== undefined && version !== seenDataVersion) cache.clear();
      seenDataVersion = version;
    } catch {
      // The database is unreachable (the request itself will say so): trust nothing cached.
      cache.clear();
      seenDataVersion = undefined;
    }
  };
  const carriesCredential = (request: FastifyRequest) =>
    request.headers.authorization !== undefined || request.cookies[SESSION_COOKIE] !== undefined;
  app.addHook('onRequest', async (request) => {
    const requirement = request.routeOptions.config.auth;
    if (!requirement) return; // not an API route (static files, docs)
    if (app.ctx.dbKind === 'sqlite' && carriesCredential(request)) await dropAfterOutsideWrites();
    const principal = await resolvePrincipal(app, cache, request);
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
