// The page's own title; the shell composes it with the running timer into document.title.
import { useEffect, useSyncExternalStore } from 'react';

let pageTitle = '';
const listeners = new Set<() => void>();

export function usePageTitle(title: string): void {
  useEffect(() => {
    pageTitle = title;
    listeners.forEach((l) => l());
  }, [title]);
}

export function useCurrentPageTitle(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pageTitle,
  );
}
