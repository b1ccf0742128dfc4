import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../http/wire.js';
import { setSessionCookie } from '../auth/auth.routes.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { createSession } from '../auth/sessions.js';
import { toUserDto, userSchema } from '../users/user-dto.js';
import { usernameSchema } from '../users/users.schemas.js';
import { completeSetup } from './setup.service.js';

export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/setup', {
    config: { auth: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['setup'],
      summary: 'First-run setup: create the admin and record the telemetry consent',
      description: 'Signs the new admin in (session cookie) and answers their CSRF token.',
      body: z.strictObject({
        admin_username: usernameSchema,
        admin_password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
        telemetry_enabled: z.boolean(),
      }),
      response: { 201: z.object({ user: userSchema, csrf_token: z.string() }), 409: errorResponse },
    },
    handler: async (request, reply) => {
      const user = await completeSetup(app.ctx, request.body);
      const session = await createSession(app.ctx.db, {
        userId: user.id,
        authMethod: 'local',
        lifetimeHours: app.ctx.config.SESSION_LIFETIME_HOURS,
      });
      setSessionCookie(request, reply, session);
      return reply.status(201).send({ user: toUserDto(user), csrf_token: session.csrfToken });
    },
  });
};
