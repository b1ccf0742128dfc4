import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoSeconds } from './iso-seconds.js';

const viaDate = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('isoSeconds', () => {
  it('answers what Date answers, at the edges of days, months, leap years, centuries and the range', () => {
    const edges = [
      0, -1, 1, 86_399, 86_400, 951_782_399, 951_782_400, 951_868_800, 4_107_542_399, 4_107_542_400, 1_798_761_599,
      -62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800, 13_569_465_600, -2_208_988_800, 1.5, -0.5,
    ];
    for (const s of edges) expect(isoSeconds(s)).toBe(viaDate(s));
    expect(isoSeconds(1_795_772_400)).toBe('2026-11-27T09:40:00Z');
  });

  it('answers what Date answers for any second from year 0 to 9999 and beyond (generated)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200 - 10 ** 9, max: 253_402_300_799 + 10 ** 9 }), (s) => {
        expect(isoSeconds(s)).toBe(viaDate(s));
      }),
      { numRuns: 20_000 },
    );
  });
});
