// Why a telemetry channel is on or off, as a stable code: the server decides it (analytics/consent.ts), the admin's
// telemetry page says it in the reader's language.
//   do_not_track  DO_NOT_TRACK is set on the server          no_api_key  POSTHOG_API_KEY is not set
//   forced_off / forced_on  the channel's environment variable (ENABLE_TELEMETRY / ANALYTICS_ENABLED) decides
//   stored_on / stored_off  the stored switch decides (setup wizard or the telemetry page)
export const REASON_CODES = ['do_not_track', 'no_api_key', 'forced_off', 'forced_on', 'stored_on', 'stored_off'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
