// The analytics thread (see sdk-thread.ts): posthog-node with CaptureTransport as its only way out. One batch
// at a time: capture each message, flush, and answer with what the transport saw.
import { parentPort, workerData } from 'node:worker_threads';
import { PostHog } from 'posthog-node';
import type { BatchOutcome, SdkCommand, SdkReply, SdkSettings } from './sdk-thread.js';
import { CaptureTransport } from './transport.js';

const settings = workerData as SdkSettings;
const port = parentPort!;
const empty = (): BatchOutcome => ({ accepted: [], rejected: [], sent: [], printed: [], errors: [] });
let outcome = empty();

const transport = new CaptureTransport({
  host: settings.host,
  debug: settings.debug,
  requestTimeoutMs: settings.requestTimeoutMs,
  stderr: (line) => void outcome.printed.push(line),
  onPayload: (event) => void outcome.sent.push(event),
  onAccepted: (uuids, how) => void outcome.accepted.push({ count: uuids.length, uuids: uuids.filter((u) => u !== ''), how }),
  onRejected: (uuids, status) => void outcome.rejected.push({ status, uuids: uuids.filter((u) => u !== '') }),
  onError: (message) => void outcome.errors.push(message),
});

const client = new PostHog(settings.apiKey, {
  host: settings.host,
  fetch: transport.fetch,
  // We decide when to send: posthog-node never flushes on its own (no timer, threshold above a batch).
  flushAt: settings.maxBatchSize + 1,
  flushInterval: 0,
  maxBatchSize: settings.maxBatchSize,
  maxQueueSize: settings.maxBatchSize * 2,
  // Our transport answers first (it times out at requestTimeoutMs); this is only a backstop.
  requestTimeout: settings.requestTimeoutMs + 1_000,
  // One attempt per upload: the runtime's pump retries with back-off (backoff.ts), keeping uuids and timestamps.
  fetchRetryCount: 0,
  disableGeoip: true,
  // Plain JSON on the wire: gzip cost more CPU per event than anything else in the pipeline, and the transport
  // would have to gunzip each batch again to record it. ~700 bytes per event.
  disableCompression: true,
  // No feature flags of any kind: no secret key (so no poller), nothing preloaded, no exception autocapture.
  preloadFeatureFlags: false,
  enableExceptionAutocapture: false,
});
client.on('error', (error: unknown) => void outcome.errors.push(error instanceof Error ? error.message : String(error)));

async function upload(command: SdkCommand): Promise<void> {
  outcome = empty();
  for (const m of command.messages) {
    client.capture({
      distinctId: m.distinctId,
      event: m.event,
      properties: m.properties,
      timestamp: m.timestamp,
      disableGeoip: true,
      uuid: m.uuid,
    });
  }
  try {
    await client.flush();
  } catch (error) {
    outcome.errors.push(error instanceof Error ? error.message : String(error));
  }
  outcome.sent = outcome.sent.slice(-settings.recentEvents);
  port.postMessage({ type: 'done', id: command.id, outcome } satisfies SdkReply);
}

// The runtime sends one batch at a time; should two ever overlap, they still run one after the other.
let previous = Promise.resolve();
port.on('message', (command: SdkCommand) => (previous = previous.then(() => upload(command))));
