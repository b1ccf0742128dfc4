// posthog-node in a worker thread of its own. The SDK's work per event (several copies of the property
// object, a uuid, queue bookkeeping, JSON with a replacer) and each upload cost far more CPU than deciding what
// to send; on the request thread it took time from requests and, with every upload of 250 events, stalled the
// event loop for milliseconds. The request thread (analytics.ts) gates, checks, enriches and queues; this
// thread turns batches into PostHog uploads through CaptureTransport (transport.ts) and reports back what
// PostHog accepted, what was sent (for the admin's "recent events"), what was printed (ANALYTICS_DEBUG) and
// what went wrong. It is started when the first batch is sent, so with no channel on it never exists.
import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../../lib/worker-thread.js';

export interface SdkSettings {
  apiKey: string;
  /** POSTHOG_HOST without a trailing slash. */
  host: string;
  debug: boolean;
  requestTimeoutMs: number;
  /** Events per upload; a batch handed to send() is at most this long. */
  maxBatchSize: number;
  /** How many of the events sent to keep for the admin's list (the last ones of each batch). */
  recentEvents: number;
}

/** One event as posthog-node's capture() takes it. */
export interface SdkMessage {
  distinctId: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: Date;
  /** Given when the event is queued and kept across retries and restarts: PostHog deduplicates by it. */
  uuid: string;
}

/** What became of one batch. */
export interface BatchOutcome {
  /** Uploads PostHog accepted (2xx) or, with ANALYTICS_DEBUG, that were printed instead: their event count and uuids. */
  accepted: { count: number; uuids: string[]; how: 'delivered' | 'printed' }[];
  /**
   * Uploads that were not accepted, with PostHog's HTTP status (599: unreachable, no answer in time, or the thread
   * stopped): the pump retries 408, 429, 5xx and 599 (backoff.ts), not other 4xx.
   */
  rejected: { status: number; uuids: string[] }[];
  /** The last events as serialized (at most `recentEvents`), oldest first. */
  sent: Record<string, unknown>[];
  /** ANALYTICS_DEBUG lines, for the runtime's stderr. */
  printed: string[];
  errors: string[];
}

export type SdkCommand = { type: 'batch'; id: number; messages: SdkMessage[] };
export type SdkReply = { type: 'done'; id: number; outcome: BatchOutcome };

const failed = (error: string, uuids: string[] = []): BatchOutcome => ({
  accepted: [],
  rejected: uuids.length > 0 ? [{ status: 599, uuids }] : [],
  sent: [],
  printed: [],
  errors: [error],
});

export class SdkThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (outcome: BatchOutcome) => void; uuids: string[] }>();
  private nextId = 1;
  private stopped: string | undefined;

  constructor(settings: SdkSettings) {
    this.worker = startWorkerBeside(import.meta.url, 'sdk-thread.worker', settings);
    // Idle, the thread does not keep the process alive; while a batch is out it does (see send()).
    this.worker.unref();
    this.worker.on('message', (reply: SdkReply) => this.settle(reply.id, reply.outcome));
    this.worker.on('error', (error) => this.stop(`analytics thread failed: ${error.message}`));
    this.worker.on('exit', (code) => this.stop(`analytics thread stopped (exit code ${code})`));
  }

  /** Whether the thread is gone (failed or terminated): a new one is needed for the next batch. */
  get isStopped(): boolean {
    return this.stopped !== undefined;
  }

  /** Captures and uploads one batch; never rejects (a failure is an outcome with nothing accepted). */
  send(messages: SdkMessage[]): Promise<BatchOutcome> {
    const uuids = messages.map((m) => m.uuid);
    if (this.stopped) return Promise.resolve(failed(this.stopped, uuids));
    const id = this.nextId++;
    this.worker.ref();
    this.worker.postMessage({ type: 'batch', id, messages } satisfies SdkCommand);
    return new Promise((resolve) => this.waiting.set(id, { resolve, uuids }));
  }

  /** Stops the thread; an upload in flight is aborted and its batch reported as not accepted. */
  async terminate(): Promise<void> {
    this.stop('analytics thread stopped at shutdown');
    await this.worker.terminate();
  }

  private settle(id: number, outcome: BatchOutcome | string): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    waiting?.resolve(typeof outcome === 'string' ? failed(outcome, waiting.uuids) : outcome);
  }

  private stop(reason: string): void {
    this.stopped ??= reason;
    for (const id of [...this.waiting.keys()]) this.settle(id, reason);
  }
}
