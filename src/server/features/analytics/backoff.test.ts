import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, isRetryableStatus, nextAttemptAt, retryDelay, type BackoffPolicy } from './backoff.js';

const policy: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, retryWindowMs: 3_600_000 };
const fixed = (r: number) => () => r;

describe('retryDelay', () => {
  it('doubles per consecutive failure up to the cap; jitter spans the upper half of each step', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelay(policy, n, fixed(0)));
    const high = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelay(policy, n, fixed(0.999999)));
    expect(low).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('stays within [step/2, step] for any failure count and random value, and never spins', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.integer({ min: -5, max: 5_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (base, extra, failures, r) => {
          const p = { ...policy, baseDelayMs: base, maxDelayMs: base + extra };
          const step = Math.min(p.maxDelayMs, base * 2 ** Math.max(0, failures - 1));
          const d = retryDelay(p, failures, () => r);
          expect(Number.isFinite(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(d).toBeLessThanOrEqual(Math.ceil(step));
          expect(d).toBeGreaterThanOrEqual(Math.floor(base / 2)); // never below half the base: no busy loop
        },
      ),
    );
  });

  it('spreads retries over the range (jitter), also for failures past the cap', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
    const delays = Array.from({ length: 2_000 }, () => retryDelay(policy, 20, random));
    expect(Math.min(...delays)).toBeLessThan(31_000);
    expect(Math.max(...delays)).toBeGreaterThan(59_000);
    expect(new Set(delays).size).toBeGreaterThan(1_000);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(43_000);
    expect(mean).toBeLessThan(47_000);
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    expect(retryDelay(policy, 1, fixed(-3))).toBe(500);
    expect(retryDelay(policy, 1, fixed(7))).toBe(1_000);
  });
});

describe('nextAttemptAt', () => {
  const t0 = Date.UTC(2026, 11, 5, 9, 0, 0);

  it('waits the jittered delay from now', () => {
    expect(nextAttemptAt(policy, { failures: 1, failingSince: t0, now: t0 }, fixed(0))).toBe(t0 + 500);
    expect(nextAttemptAt(policy, { failures: 3, failingSince: t0, now: t0 + 10_000 }, fixed(0.5))).toBe(t0 + 13_000);
  });

  it('makes a last attempt right at the end of the one-hour window, then gives up', () => {
    const end = t0 + 3_600_000;
    expect(nextAttemptAt(policy, { failures: 40, failingSince: t0, now: end - 10_000 }, fixed(0.9))).toBe(end);
    expect(nextAttemptAt(policy, { failures: 40, failingSince: t0, now: end - 1 }, fixed(0))).toBe(end);
    expect(nextAttemptAt(policy, { failures: 41, failingSince: t0, now: end }, fixed(0))).toBeNull();
    expect(nextAttemptAt(policy, { failures: 41, failingSince: t0, now: end + 5_000 }, fixed(0))).toBeNull();
  });

  it('over a whole outage: attempts are spaced, bounded in number, and none falls after the cutoff', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 200, maxLength: 200 }),
        (rs) => {
          let now = t0;
          let failures = 0;
          const attempts: number[] = [];
          for (const r of rs) {
            failures++;
            const next = nextAttemptAt(DEFAULT_BACKOFF, { failures, failingSince: t0, now }, () => r);
            if (next === null) break;
            expect(next).toBeGreaterThan(now);
            attempts.push(next);
            now = next;
          }
          expect(attempts.at(-1)).toBe(t0 + DEFAULT_BACKOFF.retryWindowMs); // the last one at the cutoff
          // An hour at one attempt per 30–60 s once capped: at most ~130 attempts, at least ~60.
          expect(attempts.length).toBeGreaterThan(55);
          expect(attempts.length).toBeLessThan(135);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the default policy retries for exactly one hour', () => {
    expect(DEFAULT_BACKOFF.retryWindowMs).toBe(3_600_000);
  });
});

describe('isRetryableStatus', () => {
  it('retries network errors and timeouts (599), 408, 429 and 5xx; not other 4xx', () => {
    for (const s of [599, 500, 502, 503, 504, 408, 429]) expect(isRetryableStatus(s), String(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 413, 422]) expect(isRetryableStatus(s), String(s)).toBe(false);
  });
});
