import { describe, expect, it } from 'vitest';
import { analyticsBeforeSetup } from './setup-analytics.js';

const HOST = 'https://eu.i.posthog.com';

describe('analyticsBeforeSetup', () => {
  it('says nothing would be sent, and names no host, without a key', () => {
    expect(analyticsBeforeSetup({ POSTHOG_HOST: HOST } as never)).toEqual({
      api_key_set: false,
      host: null,
      product_analytics: false,
      installation_telemetry_forced: null,
      do_not_track: false,
    });
  });

  it('with a key: the admin’s own host, product analytics on by default, the checkbox deciding telemetry', () => {
    expect(analyticsBeforeSetup({ POSTHOG_API_KEY: 'phc_x', POSTHOG_HOST: HOST } as never)).toEqual({
      api_key_set: true,
      host: HOST,
      product_analytics: true,
      installation_telemetry_forced: null,
      do_not_track: false,
    });
  });

  it('follows ANALYTICS_ENABLED, ENABLE_TELEMETRY and DO_NOT_TRACK', () => {
    const base = { POSTHOG_API_KEY: 'phc_x', POSTHOG_HOST: HOST };
    expect(analyticsBeforeSetup({ ...base, ANALYTICS_ENABLED: false } as never).product_analytics).toBe(false);
    expect(analyticsBeforeSetup({ ...base, ENABLE_TELEMETRY: true } as never).installation_telemetry_forced).toBe(true);
    expect(analyticsBeforeSetup({ ...base, ENABLE_TELEMETRY: false } as never).installation_telemetry_forced).toBe(false);
    const dnt = analyticsBeforeSetup({ ...base, DO_NOT_TRACK: true, ENABLE_TELEMETRY: true } as never);
    expect(dnt).toMatchObject({ product_analytics: false, installation_telemetry_forced: null, do_not_track: true });
  });
});
