import { describe, expect, it } from 'vitest';
import { resolveChannels, type ConsentInputs } from './consent.js';

const base: ConsentInputs = {
  apiKeySet: true,
  doNotTrack: false,
  debug: false,
  telemetryOverride: undefined,
  productOverride: undefined,
  storedTelemetryConsent: false,
  storedProductAnalytics: true,
};

const bools = [false, true];
const overrides = [undefined, false, true];

describe('resolveChannels', () => {
  it('implements the spec table for every combination of switches', () => {
    for (const apiKeySet of bools)
      for (const doNotTrack of bools)
        for (const debug of bools)
          for (const telemetryOverride of overrides)
            for (const productOverride of overrides)
              for (const storedTelemetryConsent of bools)
                for (const storedProductAnalytics of bools) {
                  const inputs = { apiKeySet, doNotTrack, debug, telemetryOverride, productOverride, storedTelemetryConsent, storedProductAnalytics };
                  const { installation, product } = resolveChannels(inputs);
                  const label = JSON.stringify(inputs);
                  expect(installation.enabled, label).toBe(apiKeySet && !doNotTrack && (telemetryOverride ?? storedTelemetryConsent));
                  expect(product.enabled, label).toBe(apiKeySet && !doNotTrack && (productOverride ?? storedProductAnalytics));
                }
  });

  it('explains the decisive reason, DO_NOT_TRACK first', () => {
    const dnt = resolveChannels({ ...base, doNotTrack: true, apiKeySet: false, telemetryOverride: true });
    expect(dnt.installation.reason).toMatch(/^DO_NOT_TRACK is set/);
    expect(dnt.product.reason).toMatch(/^DO_NOT_TRACK is set/);
    expect(resolveChannels({ ...base, apiKeySet: false }).product.reason).toMatch(/^no POSTHOG_API_KEY/);
    expect(resolveChannels({ ...base, storedTelemetryConsent: true, telemetryOverride: false }).installation.reason).toMatch(
      /^ENABLE_TELEMETRY=false overrides the stored consent/,
    );
    expect(resolveChannels({ ...base, telemetryOverride: true }).installation).toMatchObject({ enabled: true, reason: expect.stringMatching(/^ENABLE_TELEMETRY=true overrides/) });
    expect(resolveChannels({ ...base, productOverride: false }).product.reason).toMatch(/^ANALYTICS_ENABLED=false overrides the stored setting/);
    expect(resolveChannels(base).installation.reason).toMatch(/unchecked by default/);
    expect(resolveChannels({ ...base, storedProductAnalytics: false }).product.reason).toMatch(/turned product analytics off/);
    expect(resolveChannels({ ...base, debug: true }).product.reason).toMatch(/ANALYTICS_DEBUG is set/);
  });

  it('names the reason by a code the admin page translates, the debug note as a flag', () => {
    const code = (inputs: Partial<ConsentInputs>) => {
      const { installation, product } = resolveChannels({ ...base, ...inputs });
      return [installation.reason_code, product.reason_code];
    };
    expect(code({ doNotTrack: true, apiKeySet: false })).toEqual(['do_not_track', 'do_not_track']);
    expect(code({ apiKeySet: false, telemetryOverride: true })).toEqual(['no_api_key', 'no_api_key']);
    expect(code({ telemetryOverride: false, productOverride: true })).toEqual(['forced_off', 'forced_on']);
    expect(code({ telemetryOverride: true, productOverride: false })).toEqual(['forced_on', 'forced_off']);
    expect(code({})).toEqual(['stored_off', 'stored_on']);
    expect(code({ storedTelemetryConsent: true, storedProductAnalytics: false })).toEqual(['stored_on', 'stored_off']);
    const debug = resolveChannels({ ...base, debug: true });
    expect([debug.installation.debug, debug.product.debug]).toEqual([false, true]);
    expect(debug.product.reason_code).toBe('stored_on');
  });
});
