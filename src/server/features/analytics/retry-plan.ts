// What becomes of each event of an upload, from what the analytics thread reported: accepted (delivered), tried
// again later (PostHog unreachable, too slow, 408, 429 or 5xx, and the event has been failing for less than the
// retry window), or failed for good (any other 4xx, or failing for the whole window). Pure: time comes in.
import { isRetryableStatus } from './backoff.js';

export interface UploadReport {
  /** Uuids of the events PostHog accepted (or, with ANALYTICS_DEBUG, that were printed). */
  accepted: Iterable<string>;
  /** Uploads not accepted, with their HTTP status (599: unreachable, timeout, thread stopped). */
  rejected: { status: number; uuids: string[] }[];
}

export interface RetryPlan<T> {
  delivered: T[];
  retry: T[];
  failed: T[];
  /** The earliest first failure among `retry` (ms), the start of the window that bounds the back-off; else null. */
  oldestFailure: number | null;
}

/**
 * Sorts the events of one upload. An event neither accepted nor reported rejected counts as unreachable (599).
 * `failingSince` is set on an event's first retryable failure (and kept: the window counts from there).
 */
export function planRetries<T extends { uuid: string; failingSince?: number }>(
  events: T[],
  report: UploadReport,
  now: number,
  retryWindowMs: number,
): RetryPlan<T> {
  const accepted = new Set(report.accepted);
  const statusOf = new Map<string, number>();
  for (const { status, uuids } of report.rejected) for (const uuid of uuids) statusOf.set(uuid, status);
  const plan: RetryPlan<T> = { delivered: [], retry: [], failed: [], oldestFailure: null };
  for (const event of events) {
    if (accepted.has(event.uuid)) {
      plan.delivered.push(event);
      continue;
    }
    if (!isRetryableStatus(statusOf.get(event.uuid) ?? 599)) {
      plan.failed.push(event);
      continue;
    }
    event.failingSince ??= now;
    if (now - event.failingSince >= retryWindowMs) {
      plan.failed.push(event);
      continue;
    }
    plan.retry.push(event);
    plan.oldestFailure = Math.min(plan.oldestFailure ?? Infinity, event.failingSince);
  }
  return plan;
}
