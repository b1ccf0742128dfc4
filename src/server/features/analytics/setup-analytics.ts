// What the setup wizard says about usage data before anything is stored: whether a key is set, to whose PostHog
// host data would go, and what the defaults and overrides will make of the two channels. Pure, from the config.
import type { Config } from '../../config/config.js';
import { resolveChannels } from './consent.js';

export interface AnalyticsBeforeSetup {
  api_key_set: boolean;
  host: string | null;
  product_analytics: boolean;
  installation_telemetry_forced: boolean | null;
  do_not_track: boolean;
}

export function analyticsBeforeSetup(
  config: Pick<Config, 'POSTHOG_API_KEY' | 'POSTHOG_HOST' | 'DO_NOT_TRACK' | 'ANALYTICS_ENABLED' | 'ENABLE_TELEMETRY'>,
): AnalyticsBeforeSetup {
  const apiKeySet = Boolean(config.POSTHOG_API_KEY);
  const doNotTrack = config.DO_NOT_TRACK === true;
  const channels = resolveChannels({
    apiKeySet,
    doNotTrack,
    debug: false,
    telemetryOverride: config.ENABLE_TELEMETRY,
    productOverride: config.ANALYTICS_ENABLED,
    // A new installation: no consent yet, product analytics on by default.
    storedTelemetryConsent: false,
    storedProductAnalytics: true,
  });
  return {
    api_key_set: apiKeySet,
    host: apiKeySet ? config.POSTHOG_HOST : null,
    product_analytics: channels.product.enabled,
    installation_telemetry_forced: apiKeySet && !doNotTrack && config.ENABLE_TELEMETRY !== undefined ? config.ENABLE_TELEMETRY : null,
    do_not_track: doNotTrack,
  };
}
