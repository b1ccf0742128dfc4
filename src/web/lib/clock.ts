// One shared once-a-second clock for what ticks on screen (the running timer). Components subscribe to it through
// useSyncExternalStore, so only they re-render every second — not the providers and pages above them. The interval
// runs only while something subscribes.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let interval: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!interval) {
    now = Date.now();
    interval = setInterval(() => {
      now = Date.now();
      for (const l of [...listeners]) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(interval);
      interval = undefined;
    }
  };
}

const idle = () => () => undefined;
const snapshot = () => now;

/** Date.now(), refreshed every second while `ticking`; a component that does not tick never re-renders from it. */
export function useNow(ticking: boolean): number {
  return useSyncExternalStore(ticking ? subscribe : idle, snapshot, snapshot);
}
