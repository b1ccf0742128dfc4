// The `fetch` posthog-node is given. It is the only door to the network for analytics and it:
// - lets through POSTs to `<POSTHOG_HOST>/batch/` only (no flags, decide or remote-config call can ever leave);
// - records every event exactly as serialized (the admin's "recent events") and, with ANALYTICS_DEBUG,
//   prints each one as a JSON line to stderr instead of sending anything;
// - reports which events (by uuid) a batch PostHog accepted contained, so a one-time ping is marked sent only
//   once it really was;
// - bounds each request with its own timeout and turns a network failure or timeout into a synthetic HTTP 599.
//   posthog-node keeps events after a *network* error to retry them at the next flush, which would let a dead
//   PostHog hold events forever; as an HTTP error they are retried by the SDK (fetchRetryCount) and then
//   dropped, so each event ends up counted exactly once as sent or failed and our own bounded queue stays the
//   only buffer;
// - can be closed: in-flight requests are aborted and later calls fail at once (bounded shutdown).
import { gunzipSync } from 'node:zlib';
import type { PostHogOptions } from 'posthog-node';

type SdkFetch = NonNullable<PostHogOptions['fetch']>;
type PostHogFetchOptions = Parameters<SdkFetch>[1];
type PostHogFetchResponse = Awaited<ReturnType<SdkFetch>>;

export interface TransportOptions {
  /** POSTHOG_HOST without a trailing slash. */
  host: string;
  debug: boolean;
  requestTimeoutMs: number;
  stderr: (line: string) => void;
  /** Every event of every batch, as serialized, once per event (retries are not repeated). */
  onPayload: (event: Record<string, unknown>) => void;
  /**
   * A batch was accepted: by PostHog (2xx, `delivered`) or, with ANALYTICS_DEBUG, printed instead of sent
   * (`printed`). `uuids` are those of its events, in order (one entry per event; '' when an event had none).
   */
  onAccepted: (uuids: string[], how: 'delivered' | 'printed') => void;
  onError: (message: string) => void;
}

const BATCH_PATH = '/batch/';

function decodeBody(options: PostHogFetchOptions): { batch?: unknown } | undefined {
  const body = options.body;
  if (body === undefined) return undefined;
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) {
    const gzipped = Object.entries(options.headers ?? {}).some(([k, v]) => k.toLowerCase() === 'content-encoding' && v === 'gzip');
    text = (gzipped ? gunzipSync(body) : Buffer.from(body)).toString('utf8');
  } else return undefined; // a Blob: posthog-node never sends one
  return JSON.parse(text) as { batch?: unknown };
}

const synthetic = (status: number, statusText: string): PostHogFetchResponse => new Response(null, { status, statusText });

export class CaptureTransport {
  private readonly inFlight = new Set<AbortController>();
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private closed = false;
  /** Requests refused because they were not a batch POST to the configured host (should stay 0). */
  blocked = 0;

  constructor(private readonly options: TransportOptions) {}

  readonly fetch = async (url: string, options: PostHogFetchOptions): Promise<PostHogFetchResponse> => {
    const { host, debug } = this.options;
    if (options.method !== 'POST' || url !== `${host}${BATCH_PATH}`) {
      this.blocked++;
      this.options.onError(`refused a request that is not a batch upload (${options.method} ${new URL(url, host).pathname})`);
      return synthetic(403, 'refused by TimeTracker');
    }
    let events: Record<string, unknown>[] = [];
    try {
      const decoded = decodeBody(options);
      if (Array.isArray(decoded?.batch)) events = decoded.batch as Record<string, unknown>[];
    } catch {
      this.options.onError('could not read an outgoing batch');
    }
    for (const event of events) this.record(event);
    const uuids = () => events.map((e) => (typeof e.uuid === 'string' ? e.uuid : ''));
    if (debug) {
      for (const event of events) this.options.stderr(`${JSON.stringify(event)}\n`);
      this.options.onAccepted(uuids(), 'printed');
      return synthetic(200, 'printed (ANALYTICS_DEBUG)');
    }
    if (this.closed) return synthetic(599, 'shut down');

    const ctrl = new AbortController();
    this.inFlight.add(ctrl);
    const onSdkAbort = () => ctrl.abort();
    options.signal?.addEventListener('abort', onSdkAbort, { once: true });
    const timer = setTimeout(() => ctrl.abort(), this.options.requestTimeoutMs);
    try {
      const response = await fetch(url, { method: options.method, headers: options.headers, body: options.body as RequestInit['body'], signal: ctrl.signal });
      if (response.status >= 200 && response.status < 300) this.options.onAccepted(uuids(), 'delivered');
      else this.options.onError(`PostHog answered HTTP ${response.status}`);
      return response;
    } catch (error) {
      const reason = ctrl.signal.aborted ? (this.closed ? 'aborted at shutdown' : `no answer within ${this.options.requestTimeoutMs} ms`) : describe(error);
      this.options.onError(`could not reach PostHog: ${reason}`);
      return synthetic(599, reason);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onSdkAbort);
      this.inFlight.delete(ctrl);
    }
  };

  /** Aborts what is in flight; every later request fails at once without touching the network. */
  close(): void {
    this.closed = true;
    for (const ctrl of this.inFlight) ctrl.abort();
    this.inFlight.clear();
  }

  private record(event: Record<string, unknown>): void {
    const uuid = typeof event.uuid === 'string' ? event.uuid : undefined;
    if (uuid !== undefined) {
      if (this.seen.has(uuid)) return; // an SDK retry of a batch already recorded
      this.seen.add(uuid);
      this.seenOrder.push(uuid);
      if (this.seenOrder.length > 1000) this.seen.delete(this.seenOrder.shift() as string);
    }
    this.options.onPayload(event);
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : 'network error';
}
