// The rules of single sign-on: start a login (authorization code flow with PKCE S256, state and nonce bound
// to the browser), finish it (validate, map the provider's answer onto a user, open a session), and end it
// (RP-initiated logout at the provider).
import * as client from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { UserRow } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { safeNextPath } from '../../../shared/safe-next.js';
import { identifyUser, track } from '../analytics/track.js';
// eslint-disable-next-line no-restricted-imports -- an SSO sign-in ends in the same session, login record and events as a password sign-in.
import { logout, recordLogin, trackFirstSignIn } from '../auth/auth.service.js';
import { createSession, type NewSession } from '../auth/sessions.js';
import { refreshFromClaims, resolveUser } from './oidc.accounts.js';
import { connectionOf, describeNetworkError, type OidcConnection } from './oidc.connection.js';
import { OidcLoginError } from './oidc.errors.js';
import { LOGIN_LIFETIME_SECONDS, openPendingLogin, sealPendingLogin } from './oidc.login-cookie.js';
import { findSessionForLogout } from './oidc.queries.js';
import type { Claims } from './oidc.rules.js';

function requireConnection(ctx: AppContext): OidcConnection {
  const connection = connectionOf(ctx);
  if (!ctx.config.oidcEnabled || !connection) {
    throw new AppError(404, 'oidc_disabled', 'Single sign-on is not enabled on this installation (AUTH_METHOD is local).');
  }
  return connection;
}

export interface StartedLogin {
  /** The provider's authorization URL to redirect the browser to. */
  authorizationUrl: string;
  /** Sealed value of the login cookie. */
  cookieValue: string;
}

/** Starts the authorization code flow; 404 oidc_disabled, 503 oidc_unavailable. */
export async function beginOidcLogin(ctx: AppContext, input: { next?: string }): Promise<StartedLogin> {
  const configuration = await requireConnection(ctx).get();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: ctx.config.OIDC_REDIRECT_URI!,
    response_type: 'code',
    scope: ctx.config.OIDC_SCOPES,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const next = safeNextPath(input.next, ctx.config.BASE_URL);
  const cookieValue = sealPendingLogin(ctx.secretKey, {
    state,
    nonce,
    verifier,
    next,
    expiresAt: nowSeconds() + LOGIN_LIFETIME_SECONDS,
  });
  return { authorizationUrl: url.href, cookieValue };
}

export interface FinishedLogin {
  user: UserRow;
  session: NewSession;
  created: boolean;
  next: string;
}

/**
 * Finishes the flow at the callback: `query` is the callback's raw query string, `cookieValue` the login
 * cookie. Throws OidcLoginError (its code goes to the login page) for everything the user can run into.
 */
export async function completeOidcLogin(
  ctx: AppContext,
  input: { query: string; cookieValue: string | undefined },
  log: FastifyBaseLogger,
): Promise<FinishedLogin> {
  const { config } = ctx;
  const connection = connectionOf(ctx);
  if (!config.oidcEnabled || !connection) throw new OidcLoginError('oidc_disabled');

  const pending = openPendingLogin(ctx.secretKey, input.cookieValue, nowSeconds());
  if (!pending)
    throw new OidcLoginError('login_expired', input.cookieValue ? 'login cookie expired or not valid' : 'no login cookie');

  // The URL the provider redirected to, rebuilt from the configured redirect URI (not from Host headers, which
  // a proxy may have changed); openid-client sends it as redirect_uri to the token endpoint.
  const callbackUrl = new URL(config.OIDC_REDIRECT_URI!);
  callbackUrl.search = input.query;
  const params = callbackUrl.searchParams;
  if (params.get('state') !== pending.state) throw new OidcLoginError('state_mismatch');
  const providerError = params.get('error');
  if (providerError !== null) {
    throw new OidcLoginError(
      'provider_error',
      `${providerError}${params.has('error_description') ? `: ${params.get('error_description')}` : ''}`,
    );
  }

  let configuration: client.Configuration;
  try {
    configuration = await connection.get();
  } catch (error) {
    throw new OidcLoginError('oidc_unavailable', connection.lastError, { cause: error });
  }

  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.verifier,
      idTokenExpected: true,
    });
  } catch (error) {
    throw grantError(error);
  }
  const idClaims = tokens.claims();
  if (!idClaims || !tokens.id_token) throw new OidcLoginError('token_invalid', 'no ID token in the token response');

  const claims = await withUserinfo(ctx, configuration, tokens.access_token, idClaims, log);
  const issuer = configuration.serverMetadata().issuer;
  const matched = await resolveUser(ctx, issuer, idClaims.sub, claims, log);
  const refreshed = await refreshFromClaims(ctx, matched.user, claims, log);
  const user = await recordLogin(ctx, refreshed);
  const session = await createSession(ctx.db, {
    userId: user.id,
    authMethod: 'oidc',
    lifetimeHours: config.SESSION_LIFETIME_HOURS,
    oidcIdToken: tokens.id_token,
  });
  // Identify first: it makes the user the acting user of this (not yet signed-in) request for the events.
  identifyUser(user, 'oidc');
  trackFirstSignIn(refreshed);
  track('auth.login', { auth_method: 'oidc' });
  log.info({ user_id: user.id, created: matched.created, linked: matched.linked }, 'SSO sign-in');
  // Checked again on the way out (the cookie holds what the login checked): one rule for what is answered.
  return { user, session, created: matched.created, next: safeNextPath(pending.next, config.BASE_URL) };
}

/** Maps what openid-client throws while validating the response and redeeming the code. */
function grantError(error: unknown): Error {
  if (error instanceof client.ResponseBodyError) {
    const detail = `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
    // invalid_grant: the code was redeemed before, expired, or was issued for another client or verifier.
    return new OidcLoginError(error.error === 'invalid_grant' ? 'code_replayed' : 'provider_error', detail, { cause: error });
  }
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcLoginError('provider_error', `${error.error}: ${error.error_description ?? ''}`, { cause: error });
  }
  if (error instanceof client.ClientError) {
    const inner = error.cause as { message?: string; cause?: { claim?: string } } | undefined;
    const detail = inner?.message ?? error.message;
    if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && inner?.cause?.claim === 'nonce') {
      return new OidcLoginError('nonce_mismatch', detail, { cause: error });
    }
    if (error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return new OidcLoginError('clock_skew', detail, { cause: error });
    if (error.code?.startsWith('OAUTH_')) return new OidcLoginError('token_invalid', detail, { cause: error });
  }
  if (
    error instanceof Error &&
    (error.name === 'TimeoutError' || error.name === 'AbortError' || error.message === 'fetch failed')
  ) {
    return new OidcLoginError('oidc_unavailable', describeNetworkError(error), { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The ID token's claims, completed from the userinfo endpoint when a claim we use is missing (many providers
 * put profile claims only there). A failing userinfo call is logged and the ID token's claims are used alone.
 */
async function withUserinfo(
  ctx: AppContext,
  configuration: client.Configuration,
  accessToken: string,
  idClaims: client.IDToken,
  log: FastifyBaseLogger,
): Promise<Claims> {
  const { config } = ctx;
  const wanted = [config.OIDC_EMAIL_CLAIM, config.OIDC_NAME_CLAIM, config.OIDC_USERNAME_CLAIM];
  if (config.OIDC_ADMIN_GROUP !== undefined) wanted.push(config.OIDC_GROUPS_CLAIM);
  if (idClaims[config.OIDC_EMAIL_CLAIM] !== undefined) wanted.push('email_verified');
  const missing = wanted.some((name) => idClaims[name] === undefined);
  if (!missing || !configuration.serverMetadata().userinfo_endpoint) return { ...idClaims };
  try {
    const info = await client.fetchUserInfo(configuration, accessToken, idClaims.sub);
    return { ...info, ...idClaims };
  } catch (error) {
    log.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'OIDC userinfo request failed; using the ID token claims only',
    );
    return { ...idClaims };
  }
}

/**
 * Ends the session (when there is one) and returns where to send the browser: the provider's end-session
 * endpoint with id_token_hint and post_logout_redirect_uri for a session opened by SSO, else /login.
 */
export async function endSession(ctx: AppContext, sessionIdHash: string | undefined, log: FastifyBaseLogger): Promise<string> {
  const fallback = '/login';
  if (!sessionIdHash) return fallback;
  const session = await findSessionForLogout(ctx.db, sessionIdHash);
  await logout(ctx, sessionIdHash);
  if (!session || session.auth_method !== 'oidc' || !ctx.config.oidcEnabled) return fallback;
  const configuration = connectionOf(ctx)?.current();
  if (!configuration) {
    log.warn('OIDC provider unreachable at logout; the provider session stays open');
    return fallback;
  }
  if (!configuration.serverMetadata().end_session_endpoint) return fallback;
  const parameters: Record<string, string> = { post_logout_redirect_uri: ctx.config.OIDC_POST_LOGOUT_REDIRECT_URI! };
  if (session.oidc_id_token) parameters.id_token_hint = session.oidc_id_token;
  return client.buildEndSessionUrl(configuration, parameters).href;
}
