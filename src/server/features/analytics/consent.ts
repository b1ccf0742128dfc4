// Which channel may send, and why — exactly the table of the analytics spec. Pure.
//   installation telemetry: key ∧ consent (stored, overridden by ENABLE_TELEMETRY) ∧ ¬DO_NOT_TRACK
//   product analytics:      key ∧ setting (stored, overridden by ANALYTICS_ENABLED) ∧ ¬DO_NOT_TRACK
//                           (∧ the acting user has not opted out — checked per event, not here)

import type { ReasonCode } from '../../../shared/telemetry-reasons.js';

export interface ConsentInputs {
  apiKeySet: boolean;
  doNotTrack: boolean;
  debug: boolean;
  /** ENABLE_TELEMETRY when set. */
  telemetryOverride: boolean | undefined;
  /** ANALYTICS_ENABLED when set. */
  productOverride: boolean | undefined;
  /** installation.telemetry_consent */
  storedTelemetryConsent: boolean;
  /** installation.product_analytics_enabled */
  storedProductAnalytics: boolean;
}

export interface ChannelState {
  enabled: boolean;
  /** The same in English words, for logs and API readers. */
  reason: string;
  reason_code: ReasonCode;
  /** ANALYTICS_DEBUG: an enabled channel prints its payloads instead of sending them. */
  debug: boolean;
}

export interface Channels {
  installation: ChannelState;
  product: ChannelState;
}

const DEBUG_NOTE = ' ANALYTICS_DEBUG is set: payloads are printed to stderr, not sent.';

function resolve(
  inputs: ConsentInputs,
  override: boolean | undefined,
  stored: boolean,
  names: { variable: string; what: string; storedOn: string; storedOff: string },
): ChannelState {
  const off = (reason_code: ReasonCode, reason: string): ChannelState => ({ enabled: false, reason, reason_code, debug: false });
  if (inputs.doNotTrack) return off('do_not_track', 'DO_NOT_TRACK is set: nothing is sent.');
  if (!inputs.apiKeySet) return off('no_api_key', 'no POSTHOG_API_KEY: nothing is sent.');
  if (override === false) return off('forced_off', `${names.variable}=false overrides the stored ${names.what}.`);
  if (override === undefined && !stored) return off('stored_off', names.storedOff);
  const [reason_code, reason]: [ReasonCode, string] =
    override === true
      ? ['forced_on', `${names.variable}=true overrides the stored ${names.what}.`]
      : ['stored_on', names.storedOn];
  return inputs.debug
    ? { enabled: true, reason: reason + DEBUG_NOTE, reason_code, debug: true }
    : { enabled: true, reason, reason_code, debug: false };
}
export function resolveChannels(inputs: ConsentInputs): Channels {
  return {
    installation: resolve(inputs, inputs.telemetryOverride, inputs.storedTelemetryConsent, {
      variable: 'ENABLE_TELEMETRY',
      what: 'consent',
      storedOn: 'An admin consented to installation telemetry (setup wizard or telemetry settings).',
      storedOff: 'Installation telemetry is off: no admin has consented (the setup checkbox is unchecked by default).',
    }),
    product: resolve(inputs, inputs.productOverride, inputs.storedProductAnalytics, {
      variable: 'ANALYTICS_ENABLED',
      what: 'setting',
      storedOn: 'Product analytics is on (the default once a key is set); users who opted out are never tracked.',
      storedOff: 'An admin turned product analytics off.',
    }),
  };
}
