// When to try a failed upload again. PostHog outages are usually seconds to minutes; retrying at once would
// hammer it (and spin this process), giving up after one retry lost whole batches to a 3 s hiccup. So: the delay
// doubles with each consecutive failure up to a cap, with jitter so that many installations (or processes) that
// failed together do not retry together, and an event is given up once it has been failing for the retry window
// (an hour by default) — a last attempt is made right at the cutoff. Pure: time and randomness come in.

export interface BackoffPolicy {
  /** Delay (before jitter) after the first failure. */
  baseDelayMs: number;
  /** Cap of the delay (before jitter): while PostHog stays down, one attempt per roughly this long. */
  maxDelayMs: number;
  /** How long an event is retried, counted from its first failed attempt. */
  retryWindowMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, retryWindowMs: 3_600_000 };

/**
 * The wait after `failures` consecutive failed attempts (1 = the first failure): "equal jitter" — the exponential
 * step `min(max, base·2^(failures−1))` is halved, and a random share of the other half added, so the wait lies in
 * [step/2, step] (never near zero: the process cannot spin) and is spread over that range. `random` ∈ [0, 1).
 */
export function retryDelay(policy: BackoffPolicy, failures: number, random: () => number): number {
  const exponent = Math.min(Math.max(0, Math.floor(failures) - 1), 52); // 2^52 ms is beyond any cap
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}

/**
 * When to try again events that have been failing since `failingSince` (ms), after `failures` consecutive failed
 * attempts, at `now` (ms): the jittered delay, but no later than the end of the retry window (the last attempt);
 * `null` once the window is over (give up: the events count as failed).
 */
export function nextAttemptAt(
  policy: BackoffPolicy,
  state: { failures: number; failingSince: number; now: number },
  random: () => number,
): number | null {
  const cutoff = state.failingSince + policy.retryWindowMs;
  if (state.now >= cutoff) return null;
  return Math.min(state.now + retryDelay(policy, state.failures, random), cutoff);
}

/** The HTTP answers worth another attempt: network errors and timeouts (reported as 599), 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500 || status === 0;
}
