// Addresses outside the app that pages link to.

/** How to create a PostHog project: the setup wizard and the telemetry page point there. */
export const POSTHOG_DOCS = 'https://posthog.com/docs';
