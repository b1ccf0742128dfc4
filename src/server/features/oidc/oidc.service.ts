// The rules of single sign-on: start a login (authorization code flow with PKCE S256, state and nonce bound
// to the browser), finish it (validate, map the provider's answer onto a user, open a session), and end it
// (RP-initiated logout at the provider).
import * as client from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { UserRow, UserUpdate } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { identifyUser, track } from '../analytics/track.js';
import { logout, recordLogin } from '../auth/auth.service.js';
import { createSession, type NewSession } from '../auth/sessions.js';
import { findUserByEmail, insertUser, updateUser } from '../users/users.queries.js';
import { connectionOf, describeNetworkError, type OidcConnection } from './oidc.connection.js';
import { safeNextPath } from '../../../shared/safe-next.js';
import { OidcLoginError } from './oidc.errors.js';
import { LOGIN_LIFETIME_SECONDS, openPendingLogin, sealPendingLogin } from './oidc.login-cookie.js';
import {
  demoteUnlessLastAdmin,
  findSessionForLogout,
  findUserByOidcIdentity,
  linkOidcIdentity,
  usernameTaken,
} from './oidc.queries.js';
import {
  adminRoleManaged,
  claimsGrantAdmin,
  emailOf,
  emailVerified,
  fullNameOf,
  groupsOf,
  numberedUsername,
  sanitiseUsername,
  stringClaim,
  type Claims,
} from './oidc.rules.js';

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
  if (matched.created) track('user.signed_up', { signup_method: 'oidc' });
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

interface MatchedUser {
  user: UserRow;
  created: boolean;
  linked: boolean;
}

/**
 * (issuer, subject) first. Else the e-mail: when no account has it, a new user (OIDC_AUTO_CREATE_USERS); when
 * one has it, that account is linked only if the provider asserts `email_verified` AND the account's address is
 * verified (set by an admin, the CLI or an earlier SSO login), once: the identity is stored on it. Anything else
 * is refused with account_link_required (an admin links the accounts). An address a user typed themselves never
 * links: that was the takeover of issue 12. Deactivated users are refused.
 */
async function resolveUser(
  ctx: AppContext,
  issuer: string,
  subject: string,
  claims: Claims,
  log: FastifyBaseLogger,
): Promise<MatchedUser> {
  const { db, config } = ctx;
  const known = await findUserByOidcIdentity(db, issuer, subject);
  if (known) {
    if (known.active !== 1) throw new OidcLoginError('account_disabled', `user ${known.id}`);
    return { user: known, created: false, linked: false };
  }

  const email = emailOf(claims, config);
  if (!email) throw new OidcLoginError('email_missing', `claim "${config.OIDC_EMAIL_CLAIM}" is missing or not an e-mail address`);

  const candidate = await findUserByEmail(db, email);
  if (candidate) {
    const identity = `issuer ${issuer}, subject ${subject}`;
    if (candidate.oidc_subject !== null)
      throw new OidcLoginError('account_conflict', `user ${candidate.id} is linked to another SSO identity (${identity})`);
    if (candidate.active !== 1) throw new OidcLoginError('account_disabled', `user ${candidate.id}`);
    if (!emailVerified(claims) || candidate.email_verified !== 1) {
      const why = emailVerified(claims) ? 'the account\'s address is unverified' : 'the provider does not assert email_verified';
      throw new OidcLoginError('account_link_required', `user ${candidate.id} has this address but ${why} (${identity})`);
    }
    const linked = await linkOidcIdentity(db, candidate.id, issuer, subject);
    if (linked) {
      log.info({ user_id: linked.id }, 'SSO identity linked to an existing account by verified e-mail');
      return { user: linked, created: false, linked: true };
    }
    // Someone linked it in the meantime: the same person signing in twice at once, or a conflict.
    const now = await findUserByOidcIdentity(db, issuer, subject);
    if (now) return { user: now, created: false, linked: false };
    throw new OidcLoginError('account_conflict', `user ${candidate.id} was linked to another SSO identity`);
  }

  if (!config.OIDC_AUTO_CREATE_USERS) throw new OidcLoginError('signup_disabled');
  return createUser(ctx, issuer, subject, email, claims);
}

/** A new SSO user: username from OIDC_USERNAME_CLAIM (else the e-mail's local part), made unique with 2, 3, … */
async function createUser(ctx: AppContext, issuer: string, subject: string, email: string, claims: Claims): Promise<MatchedUser> {
  const { db, config } = ctx;
  const base = sanitiseUsername(stringClaim(claims, config.OIDC_USERNAME_CLAIM) ?? email.split('@')[0]);
  const role = adminRoleManaged(config) && claimsGrantAdmin(claims, config) ? 'admin' : 'user';
  for (let n = 1; n <= 1000; n++) {
    const username = numberedUsername(base, n);
    if (await usernameTaken(db, username)) continue;
    try {
      const user = await insertUser(db, config, {
        username,
        password_hash: null,
        role,
        signup_method: 'oidc',
        auth_method: 'oidc',
        full_name: fullNameOf(claims, config) ?? null,
        email,
        email_verified: emailVerified(claims),
        oidc_issuer: issuer,
        oidc_subject: subject,
      });
      return { user, created: true, linked: false };
    } catch (error) {
      // The address was taken by an account created in the meantime: that account needs an admin to link it.
      if (error instanceof AppError && error.code === 'email_taken') {
        const same = await findUserByOidcIdentity(db, issuer, subject);
        if (same) return { user: same, created: false, linked: false };
        throw new OidcLoginError('account_link_required', 'an account with this address was created meanwhile');
      }
      if (!(error instanceof AppError && error.code === 'username_taken')) throw error;
      // A concurrent first sign-in of the same person created the user: use it. Otherwise the name was taken
      // in the meantime: try the next number.
      const same = await findUserByOidcIdentity(db, issuer, subject);
      if (same) return { user: same, created: false, linked: false };
    }
  }
  throw new Error(`no free username for "${base}"`);
}

/**
 * Name and e-mail from the provider on every sign-in; the admin role too when SSO manages it. The user here is
 * always the owner of the asserted identity (matched by issuer and subject, or just linked), so the provider's
 * groups apply to them. The provider's address is taken unless another account has it (then it is kept and
 * logged); it counts as verified when the provider says email_verified.
 */
async function refreshFromClaims(ctx: AppContext, user: UserRow, claims: Claims, log: FastifyBaseLogger): Promise<UserRow> {
  const { db, config } = ctx;
  const changes: UserUpdate = {};
  const fullName = fullNameOf(claims, config);
  const email = emailOf(claims, config);
  if (fullName !== undefined && fullName !== user.full_name) changes.full_name = fullName;
  if (email !== undefined) {
    const verified = emailVerified(claims) ? 1 : 0;
    const owner = email.toLowerCase() === user.email?.toLowerCase() ? user : await findUserByEmail(db, email);
    if (owner && owner.id !== user.id) {
      log.warn({ user_id: user.id, other_user_id: owner.id }, 'SSO e-mail belongs to another account; keeping the old address');
    } else {
      const sameAddress = owner === user;
      if (email !== user.email) changes.email = email;
      // A new address is as verified as the provider says; the same address is never downgraded (an admin may have verified it).
      const nextVerified = sameAddress ? (Math.max(verified, user.email_verified) as 0 | 1) : verified;
      if (nextVerified !== user.email_verified) changes.email_verified = nextVerified;
    }
  }
  const managed = adminRoleManaged(config);
  const admin = managed && claimsGrantAdmin(claims, config);
  if (admin && user.role !== 'admin') changes.role = 'admin';
  let current = Object.keys(changes).length > 0 ? await updateSsoFields(ctx, user, changes, log) : user;
  if (changes.role === 'admin') log.info({ user_id: user.id }, 'SSO granted the admin role');

  if (managed && !admin && current.role === 'admin') {
    const result = await demoteUnlessLastAdmin(db, ctx.dbKind, current.id);
    current = result.user;
    if (result.demoted) {
      log.info({ user_id: user.id }, 'SSO removed the admin role');
    } else {
      log.warn(
        { user_id: user.id, groups: groupsOf(claims, config).length },
        'SSO says this user is no longer an admin, but they are the last active admin; keeping the admin role',
      );
    }
  }
  return current;
}

/** Writes the refreshed fields; an address another account took meanwhile (unique index) is left out. */
async function updateSsoFields(ctx: AppContext, user: UserRow, changes: UserUpdate, log: FastifyBaseLogger): Promise<UserRow> {
  try {
    return await updateUser(ctx.db, user.id, changes);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'email_taken')) throw error;
    log.warn({ user_id: user.id }, 'SSO e-mail belongs to another account; keeping the old address');
    const { email: _email, email_verified: _verified, ...rest } = changes;
    return Object.keys(rest).length > 0 ? updateUser(ctx.db, user.id, rest) : user;
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
