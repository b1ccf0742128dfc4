// The `fetch` posthog-node is given. It is the only door to the network for analytics and it:
// - lets through POSTs to `<POSTHOG_HOST>/batch/` only (no flags, decide or remote-config call can ever leave);
// - records every event exactly as serialized (the admin's "recent events") and, with ANALYTICS_DEBUG,
//   prints each one as a JSON line to stderr instead of sending anything;
// - reports which events (by uuid) a batch PostHog accepted contained, so a one-time ping is marked sent only
//   once it really was;
// - bounds each request with its own timeout and turns a network failure or timeout into a synthetic HTTP 599.
//   posthog-node keeps events after a *network* error to retry them at its next flush, which would make it a
//   second, unbounded buffer; as an HTTP error they leave the SDK (which makes one attempt: fetchRetryCount 0)
//   and the answer's status is reported (onRejected), so the runtime's pump decides about retries (backoff.ts)
//   with its own bounded queue as the only buffer;
// - can be closed: in-flight requests are aborted and later calls fail at once (bounded shutdown).
//
// It runs in the analytics thread beside posthog-node (sdk-thread.worker.ts). Requests go out through
// node:http(s) on one keep-alive agent rather than the global fetch: an upload then costs a fraction of the CPU
// (no WHATWG Request/Response/stream layers). The SDK sends the batch uncompressed (disableCompression in
// sdk-thread.worker.ts), so reading it back for the admin's list is a JSON.parse, not a gunzip.
import http from 'node:http';
import https from 'node:https';
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
  /** Every event of every batch, as serialized, once per event uuid (a retried event is not listed again). */
  onPayload: (event: Record<string, unknown>) => void;
  /**
   * A batch was accepted: by PostHog (2xx, `delivered`) or, with ANALYTICS_DEBUG, printed instead of sent
   * (`printed`). `uuids` are those of its events, in order (one entry per event; '' when an event had none).
   */
  onAccepted: (uuids: string[], how: 'delivered' | 'printed') => void;
  /** A batch was not accepted: PostHog's HTTP status, or 599 when it could not be reached or did not answer in time. */
  onRejected: (uuids: string[], status: number) => void;
  onError: (message: string) => void;
}

const BATCH_PATH = '/batch/';
/** How many event uuids are remembered as already listed (retries of recent events are not listed twice). */
const RECORDED_UUIDS = 10_000;
/** Enough of an error answer to show in logs; PostHog's answers are a few bytes. */
const MAX_RESPONSE_TEXT = 4_096;

function bodyText(options: PostHogFetchOptions): string | undefined {
  const body = options.body;
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) {
    // Only if compression were switched back on: read the gzip body back.
    const gzipped = Object.entries(options.headers ?? {}).some(
      ([k, v]) => k.toLowerCase() === 'content-encoding' && v === 'gzip',
    );
    return (gzipped ? gunzipSync(body) : Buffer.from(body)).toString('utf8');
  }
  return undefined; // a Blob: posthog-node never sends one
}

/** The little of a Response posthog-node reads: the status, and the text of an error answer. */
function answer(status: number, text = ''): PostHogFetchResponse {
  return {
    status,
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(text ? (JSON.parse(text) as unknown) : {}),
    headers: { get: () => null },
  };
}

export class CaptureTransport {
  private readonly inFlight = new Set<http.ClientRequest>();
  /** Uuids of the events already listed: a retried upload carries the same events (same uuids) again. */
  private readonly recorded = new Set<string>();
  private readonly endpoint: URL;
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;
  private closed = false;
  /** Requests refused because they were not a batch POST to the configured host (should stay 0). */
  blocked = 0;

  constructor(private readonly options: TransportOptions) {
    this.endpoint = new URL(`${options.host}${BATCH_PATH}`);
    this.client = this.endpoint.protocol === 'https:' ? https : http;
    // One upload at a time (the pump is serial), over a kept-alive connection; idle sockets do not hold the
    // process open (the agent unrefs them) and are closed by close().
    this.agent = new this.client.Agent({ keepAlive: true, maxSockets: 2, maxFreeSockets: 1 });
  }

  readonly fetch = async (url: string, options: PostHogFetchOptions): Promise<PostHogFetchResponse> => {
    const { host, debug } = this.options;
    if (options.method !== 'POST' || url !== `${host}${BATCH_PATH}`) {
      this.blocked++;
      this.options.onError(`refused a request that is not a batch upload (${options.method} ${new URL(url, host).pathname})`);
      return answer(403);
    }
    let text: string | undefined;
    let events: Record<string, unknown>[] = [];
    try {
      text = bodyText(options);
      const decoded = text === undefined ? undefined : (JSON.parse(text) as { batch?: unknown });
      if (Array.isArray(decoded?.batch)) events = decoded.batch as Record<string, unknown>[];
    } catch {
      this.options.onError('could not read an outgoing batch');
    }
    this.record(events);
    const uuids = () => events.map((e) => (typeof e.uuid === 'string' ? e.uuid : ''));
    if (debug) {
      for (const event of events) this.options.stderr(`${JSON.stringify(event)}\n`);
      this.options.onAccepted(uuids(), 'printed');
      return answer(200);
    }
    if (this.closed) {
      this.options.onRejected(uuids(), 599);
      return answer(599, 'shut down');
    }
    if (text === undefined) {
      this.options.onRejected(uuids(), 400);
      return answer(400, 'no body');
    }

    try {
      const response = await this.post(text, options);
      if (response.status >= 200 && response.status < 300) this.options.onAccepted(uuids(), 'delivered');
      else {
        this.options.onError(`PostHog answered HTTP ${response.status}`);
        this.options.onRejected(uuids(), response.status);
      }
      return response;
    } catch (error) {
      const reason = error instanceof Unreachable ? error.message : describe(error);
      this.options.onError(`could not reach PostHog: ${reason}`);
      this.options.onRejected(uuids(), 599);
      return answer(599, reason);
    }
  };

  /** Lists each event once (by uuid), however often its upload is retried. */
  private record(events: Record<string, unknown>[]): void {
    for (const event of events) {
      const uuid = typeof event.uuid === 'string' ? event.uuid : undefined;
      if (uuid !== undefined) {
        if (this.recorded.has(uuid)) continue;
        if (this.recorded.size >= RECORDED_UUIDS) this.recorded.clear();
        this.recorded.add(uuid);
      }
      this.options.onPayload(event);
    }
  }

  /** One POST with its own timeout; rejects (Unreachable) on a network error, timeout, SDK abort or close(). */
  private post(body: string, options: PostHogFetchOptions): Promise<PostHogFetchResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...options.headers, 'content-length': Buffer.byteLength(body) };
      const req = this.client.request(this.endpoint, { method: 'POST', headers, agent: this.agent });
      this.inFlight.add(req);
      let failure: string | undefined;
      const fail = (reason: string) => {
        failure ??= reason;
        req.destroy();
      };
      const timer = setTimeout(() => fail(`no answer within ${this.options.requestTimeoutMs} ms`), this.options.requestTimeoutMs);
      const onSdkAbort = () => fail(this.closed ? 'aborted at shutdown' : 'aborted');
      options.signal?.addEventListener('abort', onSdkAbort, { once: true });
      const unreachable = (error: unknown) => new Unreachable(failure ?? (this.closed ? 'aborted at shutdown' : describe(error)));
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onSdkAbort);
        this.inFlight.delete(req);
      };
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_RESPONSE_TEXT) text += chunk;
        });
        res.on('end', () => {
          done();
          resolve(answer(res.statusCode ?? 0, text.slice(0, MAX_RESPONSE_TEXT)));
        });
        res.on('error', (error) => {
          done();
          reject(unreachable(error));
        });
      });
      req.on('error', (error) => {
        done();
        reject(unreachable(error));
      });
      req.end(body);
    });
  }

  /** Aborts what is in flight; every later request fails at once without touching the network. */
  close(): void {
    this.closed = true;
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    this.agent.destroy();
  }
}

class Unreachable extends Error {}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code) return code;
  return error instanceof Error ? error.message : 'network error';
}
