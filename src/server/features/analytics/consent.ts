// Which channel may send, and why — exactly the table of the analytics spec. Pure.
//   installation telemetry: key ∧ consent (stored, overridden by ENABLE_TELEMETRY) ∧ ¬DO_NOT_TRACK
//   product analytics:      key ∧ setting (stored, overridden by ANALYTICS_ENABLED) ∧ ¬DO_NOT_TRACK
//                           (∧ the acting user has not opted out — checked per event, not here)

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
  reason: string;
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
  if (inputs.doNotTrack) return { enabled: false, reason: 'DO_NOT_TRACK is set: nothing is sent.' };
  if (!inputs.apiKeySet) return { enabled: false, reason: 'no POSTHOG_API_KEY: nothing is sent.' };
  let state: ChannelState;
  if (override === false) state = { enabled: false, reason: `${names.variable}=false overrides the stored ${names.what}.` };
  else if (override === true) state = { enabled: true, reason: `${names.variable}=true overrides the stored ${names.what}.` };
  else state = stored ? { enabled: true, reason: names.storedOn } : { enabled: false, reason: names.storedOff };
  return state.enabled && inputs.debug ? { enabled: true, reason: state.reason + DEBUG_NOTE } : state;
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
