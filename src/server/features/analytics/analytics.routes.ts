import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '../../http/wire.js';
import { acceptClientEvent, analyticsIdOf, patchTelemetry, telemetryStatus } from './analytics.service.js';
import { CLIENT_SIDE_EVENTS } from './catalog.js';
import { REASON_CODES } from '../../../shared/telemetry-reasons.js';

const channel = z.object({
  enabled: z.boolean(),
  reason: z.string().describe('why the channel is on or off in English words, e.g. "DO_NOT_TRACK is set: nothing is sent."'),
  reason_code: z
    .enum(REASON_CODES)
    .describe(
      'the same as a code: `do_not_track`, `no_api_key` (POSTHOG_API_KEY not set), `forced_off`/`forced_on` (ENABLE_TELEMETRY or ANALYTICS_ENABLED decides), `stored_on`/`stored_off` (the stored switch decides)',
    ),
  debug: z.boolean().describe('ANALYTICS_DEBUG is set and the channel is on: payloads are printed to stderr, not sent'),
  stored_enabled: z.boolean().describe('the stored switch (setup wizard / this page); environment variables may override it'),
});
z.globalRegistry.add(channel, { id: 'ChannelStatus' });

const telemetryResponse = z.object({
  product_analytics: channel.extend({
    host: z.string().nullable().describe('where events go (POSTHOG_HOST); null while no API key is set, as nothing is sent'),
    api_key_set: z.boolean(),
  }),
  installation_telemetry: channel,
  install_id: z.string().describe('random UUID of this installation, the distinct_id of its telemetry'),
  counters: z
    .object({
      queued: z.number().int(),
      sent: z.number().int(),
      failed: z.number().int(),
      dropped: z.number().int(),
      suppressed: z.number().int(),
    })
    .describe('since this process started; see docs/analytics.md for what each one counts'),
  delivery: z
    .object({
      retrying: z.number().int().describe('queued events whose upload failed and that wait for their next attempt'),
      next_attempt_at: z.string().nullable().describe('when the next upload is due while PostHog fails (back-off), else null'),
      resumed: z.number().int().describe('events stored in the database at an earlier shutdown that this process took over'),
    })
    .describe('how delivery is going; see docs/analytics.md (Delivery)'),
  recent_events: z
    .array(z.record(z.string(), z.unknown()))
    .describe('the last 100 payloads exactly as sent (or printed with ANALYTICS_DEBUG)'),
});
z.globalRegistry.add(telemetryResponse, { id: 'TelemetryStatus' });

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/analytics/events', {
    config: { auth: { public: true }, rateLimit: { max: 240, timeWindow: '1 minute' } },
    schema: {
      tags: ['analytics'],
      summary: 'Report a web UI event (e.g. $pageview)',
      description:
        `Only catalog events marked client-side are accepted (${CLIENT_SIDE_EVENTS.join(', ')}); the server adds the page ` +
        "(its route's template, from the same-origin Referer; a page view without one is dropped), the visit's $session_id " +
        'and the browser. Answers 202 whenever the request is valid, also when analytics ' +
        'is off or the user opted out — nothing is sent then. Undeclared properties are dropped.',
      body: z.strictObject({
        event: z.string().min(1).max(100),
        properties: z.record(z.string().max(100), z.unknown()).optional(),
      }),
      response: { 202: z.object({ accepted: z.literal(true) }), 400: errorResponse },
    },
    handler: async (request, reply) => {
      await acceptClientEvent(app.ctx, request.body.event, request.body.properties);
      return reply.status(202).send({ accepted: true as const });
    },
  });

  app.get('/admin/telemetry', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['analytics'],
      summary: 'Analytics and telemetry state, counters and recent payloads (admins)',
      response: { 200: telemetryResponse },
    },
    handler: async () => telemetryStatus(app.ctx),
  });

  app.patch('/admin/telemetry', {
    config: { auth: { admin: true, scope: 'admin:all' } },
    schema: {
      tags: ['analytics'],
      summary: 'Turn installation telemetry or product analytics on or off (admins)',
      description:
        'Changes the stored switches; ENABLE_TELEMETRY, ANALYTICS_ENABLED and DO_NOT_TRACK still override them (see `reason`).',
      body: z.strictObject({
        installation_telemetry_enabled: z.boolean().optional(),
        product_analytics_enabled: z.boolean().optional(),
      }),
      response: { 200: telemetryResponse },
    },
    handler: async (request) => patchTelemetry(app.ctx, request.body),
  });

  app.get('/admin/users/:id/analytics-id', {
    config: { auth: { admin: true, scope: 'read:users' } },
    schema: {
      tags: ['analytics'],
      summary: "A user's pseudonymous analytics id (admins)",
      description:
        'The distinct_id under which the user appears in PostHog: an HMAC of the user id under a secret that never leaves the installation.',
      params: idParams,
      response: {
        200: z.object({ user_id: z.number().int(), analytics_id: z.string(), opted_out: z.boolean() }),
        404: errorResponse,
      },
    },
    handler: async (request) => analyticsIdOf(app.ctx, request.params.id),
  });
};
