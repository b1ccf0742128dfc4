// What the rest of the app needs from analytics: enqueue-only calls that never block or throw.
// The implementation lives in this feature folder; the app holds one sink per process.
export interface AnalyticsSink {
  /** Enqueue a product or telemetry event; properties are checked against the catalog. */
  track(event: string, properties: Record<string, unknown>): void;
}

export const silentSink: AnalyticsSink = { track: () => undefined };
