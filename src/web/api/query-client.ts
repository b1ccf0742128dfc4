// The one TanStack Query cache of the UI. Answers stay fresh for 30 s (live events and mutations invalidate what
// they change, so waiting longer is safe); a failed read is retried only when the network or the server failed,
// never on a 4xx, which would fail again the same way.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.js';

const MAX_RETRIES = 2;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

/** The app's cache; sign-in and sign-out clear it so one user never sees the previous one's data. */
export const queryClient = createQueryClient();
