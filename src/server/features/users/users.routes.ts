import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../http/errors.js';
import { errorResponse, idParams, listQuery, pageOf } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import { PROFILE_SCOPE } from '../auth/principal.js';
import { preferencesSchema, toPreferences, toUserDto, userSchema } from './user-dto.js';
import {
  adminUserPatchSchema,
  createUserSchema,
  passwordChangeSchema,
  passwordResetSchema,
  preferencesPatchSchema,
  profilePatchSchema,
} from './users.schemas.js';
import {
  changePassword,
  createUser,
  getUser,
  listUsersPage,
  resetPassword,
  updatePreferences,
  updateProfile,
  updateUserAsAdmin,
} from './users.service.js';
import { linkSsoIdentity, unlinkSsoIdentity } from './sso-identity.service.js';

const ssoIdentityBody = z.strictObject({
  subject: z.string().trim().min(1).max(255).describe("The provider's `sub` claim for the person"),
  issuer: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe('The issuer exactly as the provider publishes it; defaults to OIDC_ISSUER'),
});

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  // The profile names a person (full name, e-mail): a token needs read:users for it (auth/principal.ts).
  app.get('/users/me', {
    config: { auth: { scope: PROFILE_SCOPE } },
    schema: {
      tags: ['users'],
      summary: 'The signed-in user (or the owner of the API token)',
      description:
        'API tokens need the `read:users` scope (also granted by `read:*` and `admin:all`); a token of other scopes ' +
        "gets 403, as the profile carries the owner's name and e-mail address. For a normal user `read:users` grants " +
        'nothing more than their own profile; listing users stays an administrator task. (`GET /users/me/preferences` ' +
        'is open to every token: it names nobody, and integrations need the time zone and rounding.)',
      response: { 200: userSchema, ...errors },
    },
    handler: async (request) => toUserDto(principalOf(request).user),
  });

  app.patch('/users/me', {
    config: { auth: { sessionOnly: true } },
    schema: {
      tags: ['users'],
      summary: 'Change your full name or e-mail address',
      description:
        'An address you set yourself is unverified (`email_verified` false) and never links a single sign-on identity. ' +
        'E-mail addresses are unique ignoring case: 409 `email_taken`.',
      body: profilePatchSchema,
      response: { 200: userSchema, ...errors },
    },
    handler: async (request) => toUserDto(await updateProfile(app.ctx, principalOf(request).user, request.body)),
  });

  app.post('/users/me/password', {
    // Each attempt costs an argon2 verification and could probe the password of a stolen session.
    config: { auth: { sessionOnly: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['users'],
      summary: 'Change your password',
      description:
        'A wrong current password answers 400 validation_failed on `current_password`. Every other session of the user ends ' +
        '(and its live event streams close); this one stays signed in. Accounts without a password (single sign-on) get 400.',
      body: passwordChangeSchema,
      response: { 204: z.null(), ...errors, 429: errorResponse },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      if (principal.via !== 'session') throw forbidden('This action needs a signed-in session; API tokens cannot do it.');
      await changePassword(app.ctx, principal.user, principal.sessionIdHash, request.body);
      return reply.status(204).send(null);
    },
  });

  // Any token: preferences (time zone, rounding, week start) are what integrations need to present entries, and
  // name nobody.
  app.get('/users/me/preferences', {
    config: { auth: {} },
    schema: { tags: ['users'], summary: 'Your preferences', response: { 200: preferencesSchema, ...errors } },
    handler: async (request) => toPreferences(principalOf(request).user),
  });

  app.patch('/users/me/preferences', {
    config: { auth: { sessionOnly: true } },
    schema: {
      tags: ['users'],
      summary: 'Change any subset of your preferences',
      description:
        '`language` is a BCP 47 tag and `timezone` an IANA zone; both are stored in their canonical spelling. ' +
        '`standard_hours_per_day` is more than 0 and at most 24, `weekly_goal_hours` null or more than 0 and at most 168. ' +
        '`rounding_minutes`/`rounding_method` round timer stops; a timer stopped with less worked time than ' +
        '`min_timer_seconds` (0–3600, default 60) is kept unrounded. `report_rounding` (`none`/`entry`/`day`) with ' +
        '`report_rounding_minutes`/`report_rounding_method` rounds reports and exports only; stored times never change. ' +
        '`pinned_project_ids` replaces the list of favourite projects (listed first in the project picker, in this ' +
        'order): at most 50 ids of active projects (a repeated id counts once; one pinned before it was archived may ' +
        'stay), anything else is 400 `validation_failed` on `pinned_project_ids`.',
      body: preferencesPatchSchema,
      response: { 200: preferencesSchema, ...errors },
    },
    handler: async (request) => updatePreferences(app.ctx, principalOf(request).user, request.body),
  });

  app.get('/users', {
    config: { auth: { admin: true, scope: 'read:users' } },
    schema: {
      tags: ['users'],
      summary: 'List users (admins)',
      description: 'Ordered by id.',
      querystring: listQuery,
      response: { 200: pageOf(userSchema), ...errors },
    },
    handler: async (request) => {
      const page = await listUsersPage(app.ctx, request.query);
      return { items: page.items.map(toUserDto), next_cursor: page.next_cursor };
    },
  });

  app.get('/users/:id', {
    config: { auth: { admin: true, scope: 'read:users' } },
    schema: {
      tags: ['users'],
      summary: 'One user (admins)',
      params: idParams,
      response: { 200: userSchema, ...errors, 404: errorResponse },
    },
    handler: async (request) => toUserDto(await getUser(app.ctx, request.params.id)),
  });

  app.post('/users', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['users'],
      summary: 'Create a user (admins)',
      description:
        'Without `password` the user can only sign in with single sign-on. An address set here is verified. ' +
        '409 `username_taken`, 409 `email_taken` (unique ignoring case).',
      body: createUserSchema,
      response: { 201: userSchema, ...errors, 409: errorResponse },
    },
    handler: async (request, reply) => reply.status(201).send(toUserDto(await createUser(app.ctx, request.body))),
  });

  app.patch('/users/:id', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['users'],
      summary: "Change a user's role, status or profile (admins)",
      description:
        "Deactivating ends the user's sessions, revokes their API tokens (re-activating does not bring them back) and " +
        'closes their live event streams. 409 `last_admin` when the change would leave no ' +
        'active administrator; 409 `cannot_deactivate_self` when an admin deactivates their own account. An address set ' +
        'here is verified; 409 `email_taken` when another account has it (ignoring case).',
      params: idParams,
      body: adminUserPatchSchema,
      response: { 200: userSchema, ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) =>
      toUserDto(await updateUserAsAdmin(app.ctx, principalOf(request).user, request.params.id, request.body)),
  });

  app.post('/users/:id/password', {
    config: { auth: { admin: true, scope: 'admin:all' }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['users'],
      summary: "Set a user's password (admins)",
      description:
        'No current password is needed. Every session of the user ends (and its live event streams close); an admin ' +
        'setting their own keeps this session. API tokens stay. A lockout after failed logins is lifted. A user who so ' +
        'far signed in only with single sign-on can then also sign in with this password.',
      params: idParams,
      body: passwordResetSchema,
      response: { 204: z.null(), ...errors, 404: errorResponse, 429: errorResponse },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const target = await getUser(app.ctx, request.params.id);
      const keep = principal.via === 'session' && target.id === principal.user.id ? principal.sessionIdHash : undefined;
      await resetPassword(app.ctx, target, request.body.new_password, keep);
      return reply.status(204).send(null);
    },
  });

  app.put('/users/:id/sso-identity', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['users'],
      summary: 'Link a single sign-on identity to a user (admins)',
      description:
        "The next SSO login with this identity signs in as this user (and the provider's admin group applies to them). " +
        'Use it when an SSO login was refused with `account_link_required`: the server log line "SSO sign-in refused" ' +
        "names the issuer and subject. Replaces an identity linked before (that identity's sessions end). " +
        '409 `sso_identity_taken` when another user has the identity; 400 when `issuer` is missing and OIDC_ISSUER is unset.',
      params: idParams,
      body: ssoIdentityBody,
      response: { 200: userSchema, ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => toUserDto(await linkSsoIdentity(app.ctx, request.params.id, request.body)),
  });

  app.delete('/users/:id/sso-identity', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['users'],
      summary: 'Unlink the single sign-on identity of a user (admins)',
      description:
        "The user's SSO sessions end; a later SSO login with that identity is matched by e-mail again (docs/oidc.md). " +
        'A user without a linked identity is answered unchanged.',
      params: idParams,
      response: { 200: userSchema, ...errors, 404: errorResponse },
    },
    handler: async (request) => toUserDto(await unlinkSsoIdentity(app.ctx, request.params.id)),
  });
};
