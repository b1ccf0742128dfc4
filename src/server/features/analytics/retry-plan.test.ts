import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRetries } from './retry-plan.js';

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 11, 5, 9, 0, 0);
const events = (n: number, failingSince?: number) =>
  Array.from({ length: n }, (_, i) => ({ uuid: `u${i}`, ...(failingSince === undefined ? {} : { failingSince }) }));

describe('planRetries', () => {
  it('accepted events are delivered; a 503 upload is retried and its first failure noted', () => {
    const batch = events(4);
    const plan = planRetries(batch, { accepted: ['u0', 'u1'], rejected: [{ status: 503, uuids: ['u2', 'u3'] }] }, t0, HOUR);
    expect(plan.delivered.map((e) => e.uuid)).toEqual(['u0', 'u1']);
    expect(plan.retry.map((e) => e.uuid)).toEqual(['u2', 'u3']);
    expect(plan.failed).toEqual([]);
    expect(plan.oldestFailure).toBe(t0);
    expect(batch[2]!.failingSince).toBe(t0);
    expect(batch[0]!.failingSince).toBeUndefined();
  });

  it('retries 408, 429, 5xx and 599 (unreachable, timeout); fails other 4xx at once', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599]) {
      expect(
        planRetries(events(1), { accepted: [], rejected: [{ status, uuids: ['u0'] }] }, t0, HOUR).retry,
        String(status),
      ).toHaveLength(1);
    }
    for (const status of [400, 401, 403, 404, 413, 422]) {
      const plan = planRetries(events(1), { accepted: [], rejected: [{ status, uuids: ['u0'] }] }, t0, HOUR);
      expect(plan.failed, String(status)).toHaveLength(1);
      expect(plan.oldestFailure).toBeNull();
    }
  });

  it('an event with no report at all (the thread stopped) counts as unreachable: retried', () => {
    expect(planRetries(events(2), { accepted: [], rejected: [] }, t0, HOUR).retry).toHaveLength(2);
  });

  it('keeps the first failure time across attempts and gives up once the window is over', () => {
    const [e] = events(1, t0);
    const rejected = [{ status: 503, uuids: ['u0'] }];
    expect(planRetries([e!], { accepted: [], rejected }, t0 + HOUR - 1, HOUR).retry).toHaveLength(1);
    expect(e!.failingSince).toBe(t0);
    expect(planRetries([e!], { accepted: [], rejected }, t0 + HOUR, HOUR).failed).toHaveLength(1);
    // Accepted at the very end: delivered, whatever its age.
    expect(planRetries([e!], { accepted: ['u0'], rejected: [] }, t0 + 2 * HOUR, HOUR).delivered).toHaveLength(1);
  });

  it('every event gets exactly one fate; oldestFailure is the minimum over the retried (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            fate: fc.constantFrom('accepted', 'rejected', 'missing'),
            status: fc.constantFrom(400, 404, 408, 429, 500, 503, 599),
            age: fc.option(fc.integer({ min: 0, max: 2 * HOUR }), { nil: undefined }),
          }),
          { maxLength: 40 },
        ),
        (specs) => {
          const batch = specs.map((s, i) => ({ uuid: `e${i}`, ...(s.age === undefined ? {} : { failingSince: t0 - s.age }) }));
          const accepted = batch.filter((_, i) => specs[i]!.fate === 'accepted').map((e) => e.uuid);
          const rejected = batch.flatMap((e, i) =>
            specs[i]!.fate === 'rejected' ? [{ status: specs[i]!.status, uuids: [e.uuid] }] : [],
          );
          const plan = planRetries(batch, { accepted, rejected }, t0, HOUR);
          const all = [...plan.delivered, ...plan.retry, ...plan.failed].map((e) => e.uuid).sort();
          expect(all).toEqual(batch.map((e) => e.uuid).sort());
          expect(plan.delivered.map((e) => e.uuid)).toEqual(accepted);
          for (const e of plan.retry) expect(t0 - e.failingSince!).toBeLessThan(HOUR);
          expect(plan.oldestFailure).toBe(plan.retry.length ? Math.min(...plan.retry.map((e) => e.failingSince!)) : null);
        },
      ),
    );
  });
});
