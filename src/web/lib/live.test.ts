import { describe, expect, it } from 'vitest';
import { backoffDelay } from './live.js';

describe('backoffDelay', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    const middle = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, middle))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('jitters by up to a fifth either way', () => {
    expect(backoffDelay(2, () => 0)).toBe(3200);
    expect(backoffDelay(2, () => 0.999_999)).toBeCloseTo(4800, 0);
  });
});
