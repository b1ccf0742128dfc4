import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiTokenRow } from '../../db/schema.js';
import { apiTime, errorResponse, id, idParams, listQuery, pageOf, toApiTime } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import { SCOPES, type Scope } from '../auth/principal.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';

const tokenSchema = z.object({
  id: z.number().int(),
  user_id: z.number().int().describe('the owner'),
  name: z.string(),
  prefix: z.string().describe('the first characters of the secret, to tell tokens apart'),
  scopes: z.array(z.enum(SCOPES)),
  expires_at: apiTime.nullable(),
  last_used_at: apiTime.nullable(),
  created_at: apiTime,
});
z.globalRegistry.add(tokenSchema, { id: 'ApiToken' });

function toTokenDto(row: ApiTokenRow): z.infer<typeof tokenSchema> {
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    expires_at: toApiTime(row.expires_at),
    last_used_at: toApiTime(row.last_used_at),
    created_at: toApiTime(row.created_at),
  };
}

const createTokenBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'must list at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
  expires_in_days: z.number().int().min(1).max(3650).optional().describe('omit for a token that never expires'),
});

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

const SCOPES_DOC = `Scopes (what a token may do; sessions may do everything their user may):
- \`read:time_entries\` / \`write:time_entries\`: your time entries, timer and live event stream
- \`read:projects\` / \`write:projects\`: projects and tasks
- \`read:clients\` / \`write:clients\`: clients
- \`read:reports\`: reports and exports
- \`read:users\`: your own profile (\`GET /users/me\`); administrators also list users
- \`admin:all\`: everything (administrators only); \`read:*\` / \`write:*\`: every read / write scope

Without \`read:users\` (or \`read:*\`, \`admin:all\`) a token cannot read its owner's profile: \`GET /users/me\` answers 403.`;

// All session-only: a token can neither list nor mint nor revoke tokens, so a leaked token cannot entrench itself.
export const tokensRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tokens', {
    config: { auth: { sessionOnly: true } },
    schema: {
      tags: ['tokens'],
      summary: 'API tokens: yours, or everyone’s for administrators (never the secret)',
      description:
        'Newest first. Every user lists their own tokens. Administrators list every user’s tokens (`user_id` names the ' +
        'owner), or one user’s with `user_id`; a normal user passing another user’s id gets 403.',
      querystring: listQuery.extend({ user_id: id.optional().describe('administrators: only this user’s tokens') }),
      response: { 200: pageOf(tokenSchema), ...errors },
    },
    handler: async (request) => {
      const page = await listTokens(app.ctx, principalOf(request).user, request.query);
      return { items: page.items.map(toTokenDto), next_cursor: page.next_cursor };
    },
  });

  app.post('/tokens', {
    config: { auth: { sessionOnly: true } },
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token',
      description:
        'The answer carries the secret (`token`) — the only time it is shown. `admin:all` is for administrators only (403 otherwise).\n\n' +
        SCOPES_DOC,
      body: createTokenBody,
      response: { 201: tokenSchema.extend({ token: z.string() }), ...errors },
    },
    handler: async (request, reply) => {
      const { row, secret } = await createToken(app.ctx, principalOf(request).user, request.body);
      return reply.status(201).send({ ...toTokenDto(row), token: secret });
    },
  });

  app.delete('/tokens/:id', {
    config: { auth: { sessionOnly: true } },
    schema: {
      tags: ['tokens'],
      summary: 'Revoke an API token: one of yours, or anyone’s for administrators',
      description: 'Another user’s token answers 404 for a normal user, as a missing one does.',
      params: idParams,
      response: { 204: z.null(), ...errors, 404: errorResponse },
    },
    handler: async (request, reply) => {
      await revokeToken(app.ctx, principalOf(request).user, request.params.id);
      return reply.status(204).send(null);
    },
  });
};
