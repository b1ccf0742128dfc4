// A tiny cache for GET answers shared between components: useResource(key, loader) loads once, every user of
// the same key re-renders when it changes, and invalidate(prefix) reloads what a mutation made stale.
import { useCallback, useEffect, useSyncExternalStore } from 'react';

interface Entry<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  stale: boolean;
  loader: () => Promise<T>;
  version: number;
  snapshot: ResourceState<T>;
}

export interface ResourceState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

const entries = new Map<string, Entry<unknown>>();
const listeners = new Map<string, Set<() => void>>();
const EMPTY: ResourceState<never> = { data: undefined, error: undefined, loading: true };

function emit(key: string): void {
  const entry = entries.get(key);
  if (entry) entry.snapshot = { data: entry.data, error: entry.error, loading: entry.loading };
  listeners.get(key)?.forEach((l) => l());
}

function load<T>(key: string): void {
  const entry = entries.get(key) as Entry<T> | undefined;
  if (!entry) return;
  const version = ++entry.version;
  entry.loading = true;
  entry.stale = false;
  emit(key);
  entry.loader().then(
    (data) => {
      if (entry.version !== version) return;
      entry.data = data;
      entry.error = undefined;
      entry.loading = false;
      emit(key);
    },
    (error: unknown) => {
      if (entry.version !== version) return;
      entry.error = error instanceof Error ? error : new Error(String(error));
      entry.loading = false;
      emit(key);
    },
  );
}

/** Marks every key starting with one of the prefixes stale and reloads those that are on screen. */
export function invalidate(...prefixes: string[]): void {
  for (const [key, entry] of entries) {
    if (!prefixes.some((p) => key.startsWith(p))) continue;
    if ((listeners.get(key)?.size ?? 0) > 0) load(key);
    else entry.stale = true;
  }
}

/** Forgets everything (sign-out: the next user must not see the previous one's data). */
export function clearResources(): void {
  entries.clear();
}

/** Sets cached data directly (optimistic updates); listeners re-render. */
export function setResource<T>(key: string, update: (old: T | undefined) => T): void {
  const entry = entries.get(key) as Entry<T> | undefined;
  if (!entry) return;
  entry.data = update(entry.data);
  emit(key);
}

/** Updates the cached data of every key starting with `prefix` (optimistic updates before a reload). */
export function updateResources<T>(prefix: string, update: (old: T) => T): void {
  for (const [key, entry] of entries) {
    if (!key.startsWith(prefix) || entry.data === undefined) continue;
    entry.data = update(entry.data as T);
    emit(key);
  }
}

export function useResource<T>(key: string | null, loader: () => Promise<T>): ResourceState<T> & { reload: () => void } {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!key) return () => undefined;
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    [key],
  );
  const getSnapshot = useCallback(
    () => (key ? ((entries.get(key)?.snapshot as ResourceState<T> | undefined) ?? EMPTY) : EMPTY),
    [key],
  );
  const state = useSyncExternalStore(subscribe, getSnapshot);

  useEffect(() => {
    if (!key) return;
    let entry = entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = { loading: true, stale: true, loader, version: 0, snapshot: EMPTY };
      entries.set(key, entry as Entry<unknown>);
    } else {
      entry.loader = loader;
    }
    if (entry.stale || (entry.data === undefined && !entry.loading && !entry.error)) load<T>(key);
    // The loader is identified by the key: a new closure for the same key must not reload.
  }, [key]);

  const reload = useCallback(() => {
    if (key) load(key);
  }, [key]);
  return { ...state, reload };
}
