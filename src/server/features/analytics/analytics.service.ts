// The admin's view of analytics (both channels, why, counters, recent payloads), the stored switches, events
// from the web UI, and a user's analytics id.
import type { AppContext } from '../../app-context.js';
import { AppError, notFound, validationFailed } from '../../http/errors.js';
import { currentContext } from '../../http/request-context.js';
import { claimVisitEntry } from '../auth/analytics-session.js';
import { toApiTime } from '../../http/wire.js';
import { findUserById } from '../users/users.queries.js';
import { Analytics } from './analytics.js';
import { setStoredSwitches } from './analytics.queries.js';
import { EVENTS, isEventName } from './catalog.js';
import type { ReasonCode } from '../../../shared/telemetry-reasons.js';
import type { ChannelState } from './consent.js';
import { track } from './track.js';

export function analyticsOf(ctx: AppContext): Analytics {
  if (ctx.analytics instanceof Analytics) return ctx.analytics;
  throw new AppError(503, 'analytics_unavailable', 'Analytics is not running in this process.');
}

interface ChannelDto {
  enabled: boolean;
  reason: string;
  reason_code: ReasonCode;
  debug: boolean;
  stored_enabled: boolean;
}

const channelDto = (state: ChannelState, stored: boolean): ChannelDto => ({
  enabled: state.enabled,
  reason: state.reason,
  reason_code: state.reason_code,
  debug: state.debug,
  stored_enabled: stored,
});

export interface TelemetryStatusDto {
  product_analytics: ChannelDto & { host: string | null; api_key_set: boolean };
  installation_telemetry: ChannelDto;
  install_id: string;
  counters: { queued: number; sent: number; failed: number; dropped: number; suppressed: number };
  delivery: { retrying: number; next_attempt_at: string | null; resumed: number };
  recent_events: Record<string, unknown>[];
}

export function telemetryStatus(ctx: AppContext): TelemetryStatusDto {
  const analytics = analyticsOf(ctx);
  const status = analytics.status();
  const stored = analytics.storedSwitches;
  return {
    product_analytics: {
      ...channelDto(status.product, stored.productAnalytics),
      // Without a key nothing is sent anywhere, so there is no host to name.
      host: status.product.apiKeySet ? status.product.host : null,
      api_key_set: status.product.apiKeySet,
    },
    installation_telemetry: channelDto(status.installation, stored.telemetryConsent),
    install_id: status.installId,
    counters: status.counters,
    delivery: {
      retrying: status.delivery.retrying,
      next_attempt_at: status.delivery.nextAttemptAt
        ? toApiTime(Math.ceil(status.delivery.nextAttemptAt.getTime() / 1000))
        : null,
      resumed: status.delivery.resumed,
    },
    recent_events: status.recentEvents,
  };
}

export interface TelemetryPatch {
  installation_telemetry_enabled?: boolean | undefined;
  product_analytics_enabled?: boolean | undefined;
}

/** Changes the stored switches (the environment variables still override them) and applies them at once. */
export async function patchTelemetry(ctx: AppContext, patch: TelemetryPatch): Promise<TelemetryStatusDto> {
  const analytics = analyticsOf(ctx);
  const before = analytics.storedSwitches;
  await setStoredSwitches(ctx.db, {
    ...(patch.installation_telemetry_enabled === undefined
      ? {}
      : { telemetry_consent: patch.installation_telemetry_enabled ? 1 : 0 }),
    ...(patch.product_analytics_enabled === undefined
      ? {}
      : { product_analytics_enabled: patch.product_analytics_enabled ? 1 : 0 }),
  });
  await analytics.refreshSettings();
  // Tracked after the change, so the new state decides whether the event itself may be sent.
  if (patch.installation_telemetry_enabled !== undefined && patch.installation_telemetry_enabled !== before.telemetryConsent) {
    track('admin.telemetry_toggled', { channel: 'installation_telemetry', enabled: patch.installation_telemetry_enabled });
  }
  if (patch.product_analytics_enabled !== undefined && patch.product_analytics_enabled !== before.productAnalytics) {
    track('admin.telemetry_toggled', { channel: 'product_analytics', enabled: patch.product_analytics_enabled });
  }
  return telemetryStatus(ctx);
}

/** An event from the web UI: only catalog events marked client-side; accepted (and maybe dropped) otherwise. */
export async function acceptClientEvent(
  ctx: AppContext,
  event: string,
  properties: Record<string, unknown> | undefined,
): Promise<void> {
  if (!isEventName(event) || !EVENTS[event].clientSide) {
    throw validationFailed(
      { event: 'is not an event the web UI may send (see docs/analytics.md)' },
      `Unknown client-side event "${event.slice(0, 100)}".`,
    );
  }
  const referrer = event === '$pageview' ? await pageviewReferrer(ctx) : undefined;
  ctx.analytics.track(event, properties ?? {}, referrer ? { referrer } : {});
}

/**
 * Whether a page view is its visit's entry (`$direct`) or a navigation inside the app: the first one reported of
 * an analytics session claims the entry (once, across processes). Page views that will not be sent claim nothing.
 */
async function pageviewReferrer(ctx: AppContext): Promise<'entry' | 'internal' | undefined> {
  const context = currentContext();
  const principal = context?.principal;
  if (!context?.analyticsSessionId || principal?.via !== 'session') return undefined;
  if (!(ctx.analytics instanceof Analytics) || !ctx.analytics.canReportPage(context)) return undefined;
  // Analytics never fails a request: without an answer the page view counts as an entry.
  const entry = await claimVisitEntry(ctx.db, principal.sessionIdHash, context.analyticsSessionId).catch(() => true);
  return entry ? 'entry' : 'internal';
}

/** Settings changed outside this module (setup wizard): re-read them now. Never throws. */
export async function refreshAnalyticsSettings(ctx: AppContext): Promise<void> {
  if (ctx.analytics instanceof Analytics) await ctx.analytics.refreshSettings().catch(() => undefined);
}

export async function analyticsIdOf(
  ctx: AppContext,
  userId: number,
): Promise<{ user_id: number; analytics_id: string; opted_out: boolean }> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('user');
  return { user_id: user.id, analytics_id: analyticsOf(ctx).distinctIdOf(user.id), opted_out: user.analytics_opt_out === 1 };
}
