import { describe, expect, it } from 'vitest';
import { draftTotals, linesBody, type LineText } from './draft-lines.js';

const line = (quantity: string, unit_price: string, tax_rate: string, description = 'Work'): LineText => ({
  key: description + quantity,
  description,
  quantity,
  unit: 'hour',
  unit_price,
  tax_rate,
});

describe('draftTotals', () => {
  it('rounds each line once and the tax once per rate, as the server does', () => {
    // 1.3333 h × 90.00 = 119.997 → 120.00; 3 × 33.33 = 99.99 at 7 % → 7.00 (6.9993); 120.00 at 19 % → 22.80.
    const { totals, lineNet } = draftTotals([line('1.3333', '90', '19'), line('3', '33.33', '7')], 'standard');
    expect(lineNet).toEqual([12000, 9999]);
    expect(totals.taxes.map((g) => [g.rate, g.taxable_cents, g.tax_cents])).toEqual([
      [1900, 12000, 2280],
      [700, 9999, 700],
    ]);
    expect(totals.gross_cents).toBe(12000 + 9999 + 2280 + 700);
  });

  it('takes a discount line off its tax group and reads decimal commas', () => {
    const { totals } = draftTotals([line('10', '100,00', '19'), line('1', '-50', '19', 'Discount')], 'standard');
    expect(totals.net_cents).toBe(95000);
    expect(totals.tax_cents).toBe(18050);
  });

  it('counts no tax under reverse charge', () => {
    const { totals } = draftTotals([line('2', '50', '19')], 'reverse_charge');
    expect(totals.taxes).toEqual([{ category: 'AE', rate: 0, taxable_cents: 10000, tax_cents: 0 }]);
    expect(totals.gross_cents).toBe(10000);
  });

  it('names the fields it cannot read and leaves their line out of the sums', () => {
    const result = draftTotals([line('1.5', '80', '19'), line('x', '80', '190', '')], 'standard');
    expect(result.lineNet).toEqual([12000, null]);
    expect(result.invalid).toEqual([[], ['description', 'quantity', 'tax_rate']]);
    expect(result.totals.net_cents).toBe(12000);
  });
});

describe('linesBody', () => {
  it('sends decimal points and trimmed descriptions', () => {
    expect(linesBody([line(' 1,5 ', '80,5', '7', ' Design ')])).toEqual([
      { description: 'Design', quantity: '1.5', unit: 'hour', unit_price: '80.5', tax_rate: '7' },
    ]);
  });
});
