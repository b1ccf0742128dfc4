// Live updates from GET /api/v1/events (server-sent events): the signed-in user's own timer and entry changes,
// from every tab, device and server process. Standalone: no imports from the rest of the UI.
//
//   useLiveEvents({
//     'timer.changed': ({ timer }) => setTimer(timer),           // null when no timer runs
//     'time_entry.changed': ({ ids }) => invalidate('entries'),
//     'time_entry.deleted': ({ ids }) => invalidate('entries'),
//     resync: () => invalidate('entries', 'timer'),             // events may have been missed: refetch
//   });
//
// The browser's EventSource retries dropped connections by itself; when it gives up (HTTP error, e.g. 401 after a
// logout, or a proxy 502) this module reconnects with exponential back-off (1 s … 30 s, jittered). Every
// (re)connection starts with a `ready` event, after which `resync` handlers run too, so a reconnect never leaves
// stale data on screen.
import { useEffect, useRef } from 'react';

export interface LiveTimer {
  id: number;
  project_id: number;
  task_id: number | null;
  start_time: string;
  paused: boolean;
  paused_at: string | null;
  break_seconds: number;
}

export interface LiveEventMap {
  ready: { heartbeat_seconds: number };
  'timer.changed': { timer: LiveTimer | null };
  'time_entry.changed': { ids: number[] };
  'time_entry.deleted': { ids: number[] };
  resync: { reason: string };
}

export type LiveHandlers = { [K in keyof LiveEventMap]?: (data: LiveEventMap[K]) => void };

export interface LiveConnection {
  /** Closes the stream and stops reconnecting. */
  close(): void;
}

const EVENT_NAMES = ['ready', 'timer.changed', 'time_entry.changed', 'time_entry.deleted', 'resync'] as const;
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

export function connectLive(getHandlers: () => LiveHandlers, url = '/api/v1/events'): LiveConnection {
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let connectedBefore = false;
  let closed = false;

  const dispatch = <K extends keyof LiveEventMap>(name: K, raw: string) => {
    let data: LiveEventMap[K];
    try {
      data = JSON.parse(raw) as LiveEventMap[K];
    } catch {
      return;
    }
    getHandlers()[name]?.(data);
  };

  const open = () => {
    if (closed) return;
    const es = new EventSource(url, { withCredentials: true });
    source = es;
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        const raw = (event as MessageEvent<string>).data;
        dispatch(name, raw);
        if (name === 'ready') {
          attempt = 0;
          // After a reconnect the gap may hide changes: let the screen refetch.
          if (connectedBefore) dispatch('resync', JSON.stringify({ reason: 'reconnected' }));
          connectedBefore = true;
        }
      });
    }
    es.onerror = () => {
      // CONNECTING means the browser retries by itself; CLOSED means it gave up, so we take over.
      if (es.readyState !== EventSource.CLOSED || closed) return;
      es.close();
      const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(open, base * (0.8 + Math.random() * 0.4));
    };
  };

  // A tab coming back from sleep reconnects at once instead of waiting for the back-off.
  const onVisible = () => {
    if (document.visibilityState !== 'visible' || closed || source?.readyState !== EventSource.CLOSED) return;
    clearTimeout(retryTimer);
    attempt = 0;
    open();
  };
  document.addEventListener('visibilitychange', onVisible);
  open();

  return {
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

/** Keeps one live connection open while the component is mounted (pass `enabled: false` when signed out). */
export function useLiveEvents(handlers: LiveHandlers, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const connection = connectLive(() => latest.current);
    return () => connection.close();
  }, [enabled]);
}
