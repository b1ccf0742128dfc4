// API tokens: the secret (`tt_` + 32 random bytes, base64url) is shown once; the database keeps only its
// SHA-256, so a leaked database cannot be replayed as tokens. Authentication lives in features/auth.
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { ApiTokenRow, UserRow } from '../../db/schema.js';
import { forbidden, notFound } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../http/wire.js';
import { nowSeconds } from '../../lib/clock.js';
import { track } from '../analytics/track.js';
import { isAdmin, type Scope } from '../auth/principal.js';
import { randomToken, sha256Hex } from '../auth/secrets.js';
import { signalCredentialsChanged } from '../live/credentials-signal.js';
import { deleteUserToken, insertToken, listUserTokens } from './tokens.queries.js';

/** Characters of the secret kept in clear, so users can tell their tokens apart in lists. */
export const TOKEN_PREFIX_LENGTH = 10;

export interface NewTokenInput {
  name: string;
  scopes: Scope[];
  expires_in_days?: number;
}

export async function createToken(
  ctx: AppContext,
  user: UserRow,
  input: NewTokenInput,
): Promise<{ row: ApiTokenRow; secret: string }> {
  if (input.scopes.includes('admin:all') && !isAdmin(user)) {
    throw forbidden('Only administrators can create tokens with the "admin:all" scope.');
  }
  const secret = `tt_${randomToken(32)}`;
  const now = nowSeconds();
  const row = await insertToken(ctx.db, {
    user_id: user.id,
    name: input.name,
    prefix: secret.slice(0, TOKEN_PREFIX_LENGTH),
    token_hash: sha256Hex(secret),
    scopes: JSON.stringify(input.scopes),
    expires_at: input.expires_in_days === undefined ? null : now + input.expires_in_days * 86_400,
    last_used_at: null,
    created_at: now,
  });
  track('token.created', { scopes_count: input.scopes.length });
  return { row, secret };
}

/**
 * A user's own tokens. Administrators see everyone's (`user_id` names the owner), or one user's with `user_id`;
 * a normal user asking for another user's tokens gets 403.
 */
export async function listTokens(
  ctx: AppContext,
  user: UserRow,
  query: { limit: number; cursor?: string; user_id?: number },
): Promise<Page<ApiTokenRow>> {
  let owner: number | 'all' = user.id;
  if (isAdmin(user)) owner = query.user_id ?? 'all';
  else if (query.user_id !== undefined && query.user_id !== user.id) {
    throw forbidden("Only administrators can see other users' tokens.");
  }
  const before = decodeCursor(query.cursor, z.tuple([z.number().int()]));
  const rows = await listUserTokens(ctx.db, owner, { limit: query.limit + 1, beforeId: before?.[0] });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/**
 * Revokes a token of the caller; administrators revoke anyone's. For a normal user someone else's token answers
 * 404 like a missing one, so ids of other users' tokens reveal nothing.
 */
export async function revokeToken(ctx: AppContext, user: UserRow, tokenId: number): Promise<void> {
  const owner = await deleteUserToken(ctx.db, isAdmin(user) ? 'any' : user.id, tokenId);
  if (owner === undefined) throw notFound('token');
  await signalCredentialsChanged(ctx, owner);
}
