import { describe, expect, it } from 'vitest';
import { IdentifyMemo } from './identify-memo.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 11, 5, 9, 0, 0);

describe('IdentifyMemo', () => {
  it('claims each (user, session) once per UTC day', () => {
    const memo = new IdentifyMemo(100);
    expect(memo.claim(1, 's1', T)).toBeDefined();
    expect(memo.claim(1, 's1', T + 60_000)).toBeUndefined(); // second event of the same visit
    expect(memo.claim(1, 's2', T + 120_000)).toBeDefined(); // a new analytics session
    expect(memo.claim(2, 's1', T)).toBeDefined(); // another user
    expect(memo.claim(1, undefined, T)).toBeDefined(); // a token request of the same user
    expect(memo.claim(1, undefined, T + 3_600_000)).toBeUndefined();
  });

  it('starts afresh at UTC midnight, also in the middle of a session', () => {
    const memo = new IdentifyMemo(100);
    const beforeMidnight = Date.UTC(2026, 11, 5, 23, 59, 59);
    expect(memo.claim(1, 's1', beforeMidnight)).toBeDefined();
    expect(memo.claim(1, undefined, beforeMidnight)).toBeDefined();
    expect(memo.claim(1, 's1', beforeMidnight + 2_000)).toBeDefined();
    expect(memo.claim(1, undefined, beforeMidnight + 2_000)).toBeDefined();
    expect(memo.size).toBe(2); // the previous day's keys are gone
    expect(memo.claim(1, 's1', beforeMidnight + DAY)).toBeUndefined();
  });

  it('stays within its capacity: the oldest key goes first (one identify too many, never one too few)', () => {
    const memo = new IdentifyMemo(3);
    for (let user = 1; user <= 5; user++) expect(memo.claim(user, 's', T)).toBeDefined();
    expect(memo.size).toBe(3);
    expect(memo.claim(5, 's', T)).toBeUndefined();
    expect(memo.claim(1, 's', T)).toBeDefined(); // forgotten: identified again
  });

  it('forgets a key whose identify was not delivered', () => {
    const memo = new IdentifyMemo(10);
    const key = memo.claim(7, 's', T)!;
    memo.forget(key);
    expect(memo.claim(7, 's', T)).toBe(key);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new IdentifyMemo(0)).toThrow(RangeError);
  });
});
