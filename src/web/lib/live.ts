// The one live-events client: GET /api/v1/events (server-sent events) carries the signed-in user's own timer and
// entry changes, from every tab, device and server process. One stream per tab, opened while anything listens:
//
//   useLiveEvent('timer.changed', ({ timer }) => …);          // null when no timer runs
//   useLiveEvent('resync', () => …);                          // events may have been missed: refetch
//
// The browser's EventSource retries dropped connections by itself; when it gives up (HTTP error, e.g. a proxy 502)
// this module reconnects with exponential back-off (1 s … 30 s, jittered so tabs do not return in lockstep). Every
// (re)connection starts with a `ready` event; after a reconnect `resync` listeners run too (reason `reconnected`),
// so a gap never leaves stale data on screen. When the session ends the server sends `session.ended` and closes the
// stream; this module then stays closed (a reconnect would only get 401) until resumeLive() after signing in again.
// Event names and payloads come from src/shared/live-events.ts, the
// definition the server sends.
import { useEffect, useRef } from 'react';
import { LIVE_STREAM_EVENT_NAMES, type LiveStreamEvents, type ResyncReason } from '../../shared/live-events.js';

export type LiveEvents = Omit<LiveStreamEvents, 'resync'> & { resync: { reason: ResyncReason | 'reconnected' } };
export type LiveEventName = keyof LiveEvents;
type Listener<K extends LiveEventName> = (data: LiveEvents[K]) => void;

const URL = '/api/v1/events';
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

/** Delay before reconnect attempt `attempt` (0-based): doubling from 1 s up to 30 s, ±20 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
  return base * (0.8 + random() * 0.4);
}

const listeners = new Map<LiveEventName, Set<Listener<never>>>();
let source: EventSource | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let attempt = 0;
let connectedBefore = false;
/** The session ended: no reconnecting until resumeLive(). */
let ended = false;

function dispatch<K extends LiveEventName>(name: K, data: LiveEvents[K]): void {
  for (const listener of [...(listeners.get(name) ?? [])]) (listener as Listener<K>)(data);
}

function open(): void {
  const es = new EventSource(URL, { withCredentials: true });
  source = es;
  for (const name of LIVE_STREAM_EVENT_NAMES) {
    es.addEventListener(name, (event) => {
      let data: LiveEvents[typeof name];
      try {
        data = JSON.parse((event as MessageEvent<string>).data) as LiveEvents[typeof name];
      } catch {
        return;
      }
      if (name === 'session.ended') {
        ended = true;
        es.close();
      }
      dispatch(name, data);
      if (name !== 'ready') return;
      attempt = 0;
      if (connectedBefore) dispatch('resync', { reason: 'reconnected' });
      connectedBefore = true;
    });
  }
  es.onerror = () => {
    // CONNECTING means the browser retries by itself; CLOSED means it gave up, so we take over.
    if (es.readyState !== EventSource.CLOSED || source !== es) return;
    es.close();
    retryTimer = setTimeout(open, backoffDelay(attempt));
    attempt += 1;
  };
}

// A tab coming back from sleep reconnects at once instead of waiting for the back-off.
function onVisible(): void {
  if (ended || document.visibilityState !== 'visible' || source?.readyState !== EventSource.CLOSED) return;
  clearTimeout(retryTimer);
  attempt = 0;
  open();
}

function connect(): void {
  if (source || typeof EventSource === 'undefined') return;
  connectedBefore = false;
  ended = false;
  attempt = 0;
  document.addEventListener('visibilitychange', onVisible);
  open();
}

function disconnect(): void {
  clearTimeout(retryTimer);
  source?.close();
  source = undefined;
  document.removeEventListener('visibilitychange', onVisible);
}

/** Opens the stream again after the user signed in again (the missed stretch arrives as `resync`). */
export function resumeLive(): void {
  if (!ended || !source) return;
  ended = false;
  clearTimeout(retryTimer);
  attempt = 0;
  open();
}

/** Listens for one event type; the stream opens with the first listener and closes with the last. */
export function onLiveEvent<K extends LiveEventName>(name: K, listener: Listener<K>): () => void {
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(listener as Listener<never>);
  connect();
  return () => {
    set.delete(listener as Listener<never>);
    if ([...listeners.values()].every((s) => s.size === 0)) disconnect();
  };
}

/** `onLiveEvent` for a component's lifetime; the latest handler runs, without resubscribing on every render. */
export function useLiveEvent<K extends LiveEventName>(name: K, handler: Listener<K>): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => onLiveEvent(name, (data) => latest.current(data)), [name]);
}
