// An invoice's arithmetic, in one place for the server (stored totals, XML, PDF) and the draft editor (live totals):
// each line is rounded once (quantity × unit price), lines are summed per tax category and rate, the tax is computed
// once per group (EN 16931 BR-CO-17), and the totals are sums of those rounded figures (BR-CO-10, -13, -14, -15), so
// the document, the XML and the database always agree to the cent.
import { lineNetCents, taxCents } from './decimal.js';

export type TaxTreatment = 'standard' | 'reverse_charge' | 'exempt';
/** UNTDID 5305 VAT category codes used by EN 16931: standard, zero rated, reverse charge, exempt. */
export type TaxCategory = 'S' | 'Z' | 'AE' | 'E';

export interface LineInput {
  /** Ten-thousandths (decimal.ts QUANTITY_SCALE); negative only for corrections. */
  quantity: number;
  /** Cents; negative for a discount line. */
  unit_price_cents: number;
  /** Hundredths of a percent (1900 = 19 %); ignored unless the treatment is standard. */
  tax_rate: number;
}

export interface TaxGroup {
  category: TaxCategory;
  rate: number;
  taxable_cents: number;
  tax_cents: number;
}

export interface InvoiceTotals {
  line_net_cents: number[];
  taxes: TaxGroup[];
  net_cents: number;
  tax_cents: number;
  gross_cents: number;
}

/** The category and the rate a line is taxed at under the customer's treatment. */
export function lineTax(treatment: TaxTreatment, rate: number): { category: TaxCategory; rate: number } {
  if (treatment === 'reverse_charge') return { category: 'AE', rate: 0 };
  if (treatment === 'exempt') return { category: 'E', rate: 0 };
  return rate > 0 ? { category: 'S', rate } : { category: 'Z', rate: 0 };
}

export function computeTotals(lines: readonly LineInput[], treatment: TaxTreatment): InvoiceTotals {
  const line_net_cents = lines.map((l) => lineNetCents(l.quantity, l.unit_price_cents));
  const groups = new Map<string, TaxGroup>();
  lines.forEach((line, i) => {
    const { category, rate } = lineTax(treatment, line.tax_rate);
    const key = `${category}:${rate}`;
    const group = groups.get(key) ?? { category, rate, taxable_cents: 0, tax_cents: 0 };
    group.taxable_cents += line_net_cents[i]!;
    groups.set(key, group);
  });
  const taxes = [...groups.values()]
    .map((g) => ({ ...g, tax_cents: taxCents(g.taxable_cents, g.rate) }))
    .sort((a, b) => b.rate - a.rate || a.category.localeCompare(b.category));
  const net_cents = line_net_cents.reduce((sum, n) => sum + n, 0);
  const tax_cents = taxes.reduce((sum, g) => sum + g.tax_cents, 0);
  return { line_net_cents, taxes, net_cents, tax_cents, gross_cents: net_cents + tax_cents };
}

/**
 * A percentage discount as a line of its own: minus `percent` (hundredths of a percent) of the net of the lines
 * taxed at `rate`, so the discount reduces the right tax group. Returns the discount's unit price for quantity 1.
 */
export function percentDiscountCents(lines: readonly LineInput[], rate: number, percent: number): number {
  const base = lines
    .filter((l) => l.tax_rate === rate && l.unit_price_cents > 0)
    .reduce((sum, l) => sum + lineNetCents(l.quantity, l.unit_price_cents), 0);
  return -taxCents(base, percent);
}
