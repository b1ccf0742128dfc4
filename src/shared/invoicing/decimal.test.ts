import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRound,
  formatCents,
  formatDecimal,
  formatQuantity,
  hoursFromSeconds,
  lineNetCents,
  parseDecimal,
  taxCents,
} from './decimal.js';

describe('divRound', () => {
  it('rounds halves away from zero on both sides', () => {
    expect([divRound(5n, 10n), divRound(15n, 10n), divRound(-5n, 10n), divRound(-15n, 10n), divRound(4n, 10n)]).toEqual([
      1n,
      2n,
      -1n,
      -2n,
      0n,
    ]);
    expect(divRound(7n, -2n)).toBe(-4n);
  });
  it('is never more than half a unit away from the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (a, b) => {
        const q = divRound(a, b);
        const error = q * b - a;
        expect(2n * (error < 0n ? -error : error) <= b).toBe(true);
      }),
    );
  });
  it('refuses a zero divisor', () => expect(() => divRound(1n, 0n)).toThrow(RangeError));
});

describe('parseDecimal and formatDecimal', () => {
  it('reads exactly what it is given, or nothing', () => {
    expect(parseDecimal('12.5', 2)).toBe(1250);
    expect(parseDecimal(' 0.07 ', 2)).toBe(7);
    expect(parseDecimal('1.3333', 4)).toBe(13333);
    expect(parseDecimal('-3.5', 2, { signed: true })).toBe(-350);
    for (const bad of ['-3.5', '1.234', '1e3', '1,5', '', '.5', '5.', '0x10', '1 000', '9999999999999'])
      expect(parseDecimal(bad, 2), bad).toBeNull();
  });
  it('formats as it parses, for every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }), (cents) => {
        expect(parseDecimal(formatCents(cents), 2, { signed: true })).toBe(cents);
      }),
    );
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatQuantity(15000)).toBe('1.50');
    expect(formatQuantity(13333)).toBe('1.3333');
    expect(formatDecimal(550, 2, 0)).toBe('5.5');
    expect(() => formatDecimal(0.5, 2)).toThrow(RangeError);
  });
});

describe('line amounts', () => {
  it('turns seconds into hours with four decimals and rounds each line once', () => {
    expect(hoursFromSeconds(4800)).toBe(13333); // 1:20 h
    expect(hoursFromSeconds(9900)).toBe(27500); // 2:45 h
    expect(hoursFromSeconds(1)).toBe(3); // 0.000277… h
    expect(lineNetCents(13333, 9000)).toBe(12000); // 1.3333 h × 90.00 = 119.997
    expect(lineNetCents(27500, 8550)).toBe(23513); // 2.75 h × 85.50 = 235.125
    expect(lineNetCents(10000, -2990)).toBe(-2990);
    expect(taxCents(31962, 1900)).toBe(6073); // 319.62 × 19 % = 60.7278
    expect(taxCents(2990, 700)).toBe(209); // 29.90 × 7 % = 2.093
    expect(taxCents(1000, 550)).toBe(55);
  });
  it('stays exact where floating point would not (amounts beyond 2^53 in the product)', () => {
    expect(lineNetCents(10_000_000_001, 99_999_999)).toBe(99_999_999_010_000); // 1,000,000.0001 h × 999,999.99
    expect(() => lineNetCents(10_000_000_000_000, 99_999_999)).toThrow(RangeError); // no silently wrong cents
  });
});
