import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTotals, lineTax, percentDiscountCents, type LineInput } from './invoice-totals.js';

// Computed by hand: 1:20 h at 90.00 and 2:45 h at 85.50 (19 %), a book at 29.90 (7 %), 10 % off the 19 % lines.
const time1: LineInput = { quantity: 13333, unit_price_cents: 9000, tax_rate: 1900 }; // 120.00
const time2: LineInput = { quantity: 27500, unit_price_cents: 8550, tax_rate: 1900 }; // 235.13
const book: LineInput = { quantity: 10000, unit_price_cents: 2990, tax_rate: 700 }; // 29.90

describe('computeTotals', () => {
  it('matches the hand-computed invoice: per line, per tax rate, then totals', () => {
    const discount = percentDiscountCents([time1, time2, book], 1900, 1000);
    expect(discount).toBe(-3551); // 10 % of 355.13
    const lines = [time1, time2, book, { quantity: 10000, unit_price_cents: discount, tax_rate: 1900 }];
    expect(computeTotals(lines, 'standard')).toEqual({
      line_net_cents: [12000, 23513, 2990, -3551],
      taxes: [
        { category: 'S', rate: 1900, taxable_cents: 31962, tax_cents: 6073 },
        { category: 'S', rate: 700, taxable_cents: 2990, tax_cents: 209 },
      ],
      net_cents: 34952,
      tax_cents: 6282,
      gross_cents: 41234,
    });
  });
  it('charges no tax under reverse charge or an exemption, in one group of its own category', () => {
    expect(computeTotals([time1, book], 'reverse_charge').taxes).toEqual([
      { category: 'AE', rate: 0, taxable_cents: 14990, tax_cents: 0 },
    ]);
    expect(computeTotals([time1, book], 'exempt')).toMatchObject({
      tax_cents: 0,
      gross_cents: 14990,
      taxes: [{ category: 'E' }],
    });
  });
  it('keeps zero-rated lines apart from taxed ones', () => {
    const totals = computeTotals([time1, { ...book, tax_rate: 0 }], 'standard');
    expect(totals.taxes.map((g) => [g.category, g.rate])).toEqual([
      ['S', 1900],
      ['Z', 0],
    ]);
    expect(lineTax('standard', 0)).toEqual({ category: 'Z', rate: 0 });
  });
  it('always adds up: lines to groups to totals, and each group’s tax within half a cent of the exact tax', () => {
    const line = fc.record({
      quantity: fc.integer({ min: 0, max: 1_000_000_000 }),
      unit_price_cents: fc.integer({ min: -1_000_000, max: 10_000_000 }),
      tax_rate: fc.constantFrom(0, 550, 700, 810, 1900, 2000, 2100),
    });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom('standard', 'reverse_charge', 'exempt' as const),
        (lines, treatment) => {
          const t = computeTotals(lines, treatment);
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          expect(sum(t.taxes.map((g) => g.taxable_cents))).toBe(t.net_cents);
          expect(sum(t.line_net_cents)).toBe(t.net_cents);
          expect(sum(t.taxes.map((g) => g.tax_cents))).toBe(t.tax_cents);
          expect(t.gross_cents).toBe(t.net_cents + t.tax_cents);
          for (const g of t.taxes) expect(Math.abs(g.tax_cents - (g.taxable_cents * g.rate) / 10_000)).toBeLessThanOrEqual(0.5);
          expect(new Set(t.taxes.map((g) => `${g.category}${g.rate}`)).size).toBe(t.taxes.length);
        },
      ),
    );
  });
});
