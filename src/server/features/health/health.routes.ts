import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from '../../db/database.js';
import { isSetupComplete } from '../setup/setup.queries.js';
import { oidcStatus } from '../oidc/oidc.connection.js';
import { analyticsBeforeSetup } from '../analytics/setup-analytics.js';

const infoSchema = z.object({
  version: z.string(),
  setup_complete: z.boolean(),
  auth_methods: z.array(z.enum(['local', 'oidc'])),
  oidc_button_label: z.string().nullable(),
  currency: z.string().describe('ISO 4217 code of rates, budgets and amounts (the CURRENCY setting)'),
  setup_analytics: z
    .object({
      api_key_set: z.boolean().describe('a PostHog key is configured (POSTHOG_API_KEY): without one nothing is ever sent'),
      host: z.string().nullable().describe("the admin's own PostHog host the data would go to; null without a key"),
      product_analytics: z.boolean().describe('product analytics will be on after setup (on by default once a key is set)'),
      installation_telemetry_forced: z
        .boolean()
        .nullable()
        .describe('ENABLE_TELEMETRY decides instead of the wizard’s checkbox; null when the checkbox decides'),
      do_not_track: z.boolean().describe('DO_NOT_TRACK is set: nothing is sent, whatever is chosen'),
    })
    .nullable()
    .describe('What the setup wizard needs to say who would receive usage data; null once setup is complete'),
});
z.globalRegistry.add(infoSchema, { id: 'Info' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    config: { auth: { public: true } },
    schema: {
      tags: ['setup'],
      summary: 'Liveness and database check',
      response: {
        // `oidc` only with SSO enabled; an unreachable provider is reported but does not fail the check (password
        // sign-in and every signed-in user keep working, so restarting the app would not help).
        200: z.object({ status: z.literal('ok'), db: z.literal('ok'), version: z.string(), oidc: z.enum(['ok', 'unavailable']).optional() }),
        503: z.object({ status: z.literal('error'), db: z.literal('error'), version: z.string(), oidc: z.enum(['ok', 'unavailable']).optional() }),
      },
    },
    handler: async (_request, reply) => {
      const ok = await pingDatabase(app.ctx.db);
      const oidc = oidcStatus(app.ctx);
      const extra = oidc === undefined ? {} : { oidc };
      if (ok) return { status: 'ok' as const, db: 'ok' as const, version: app.ctx.version, ...extra };
      return reply.status(503).send({ status: 'error' as const, db: 'error' as const, version: app.ctx.version, ...extra });
    },
  });

  app.get('/info', {
    config: { auth: { public: true } },
    schema: {
      tags: ['setup'],
      summary: 'Version, setup state and login methods',
      response: {
        200: infoSchema,
      },
    },
    handler: async () => {
      const { config } = app.ctx;
      const methods: ('local' | 'oidc')[] = [];
      if (config.localLoginEnabled) methods.push('local');
      if (config.oidcEnabled) methods.push('oidc');
      const setupComplete = await isSetupComplete(app.ctx.db);
      return {
        version: app.ctx.version,
        setup_complete: setupComplete,
        auth_methods: methods,
        oidc_button_label: config.oidcEnabled ? config.OIDC_BUTTON_LABEL : null,
        // Rates and budgets are shown with their currency before any report has been asked for.
        currency: config.CURRENCY,
        // Only the person installing sees this (before setup), so the wizard can say plainly where data would go.
        setup_analytics: setupComplete ? null : analyticsBeforeSetup(config),
      };
    },
  });
};
