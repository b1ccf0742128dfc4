// The draft editor's lines as typed (text) and what they are worth: parsed with the shared decimal rules and summed
// with the shared invoice arithmetic (src/shared/invoicing), so the live totals are the server's totals to the cent.
import { parseDecimal, QUANTITY_SCALE, RATE_SCALE } from '../../../shared/invoicing/decimal.js';
import {
  computeTotals,
  type InvoiceTotals,
  type LineInput,
  type TaxTreatment,
} from '../../../shared/invoicing/invoice-totals.js';
import type { InvoiceLine } from '../../api/types.js';

export interface LineText {
  /** A key for React while the row is edited (the server's line ids change on every save). */
  key: string;
  description: string;
  quantity: string;
  unit: InvoiceLine['unit'];
  unit_price: string;
  tax_rate: string;
}

export type LineField = 'description' | 'quantity' | 'unit_price' | 'tax_rate';

let nextKey = 0;
const newKey = () => `line-${++nextKey}`;

export function lineTexts(lines: readonly InvoiceLine[]): LineText[] {
  return lines.map((l) => ({
    key: newKey(),
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    unit_price: l.unit_price,
    tax_rate: l.tax_rate,
  }));
}

export function emptyLine(taxRate: string, discount = false): LineText {
  return { key: newKey(), description: '', quantity: '1', unit: 'item', unit_price: discount ? '-' : '', tax_rate: taxRate };
}

/** A typed amount as the API reads it: a decimal comma is accepted (German, French, Spanish keyboards). */
const normalized = (text: string) => text.trim().replace(',', '.');

/** The line's numbers, or which of its fields cannot be read. */
export function parseLine(line: LineText): { input: LineInput | null; invalid: LineField[] } {
  const quantity = parseDecimal(normalized(line.quantity), QUANTITY_SCALE, { signed: true });
  const price = parseDecimal(normalized(line.unit_price), 2, { signed: true });
  const rate = parseDecimal(normalized(line.tax_rate), RATE_SCALE);
  const invalid: LineField[] = [];
  if (!line.description.trim()) invalid.push('description');
  if (quantity === null) invalid.push('quantity');
  if (price === null) invalid.push('unit_price');
  if (rate === null || rate > 100 * 10 ** RATE_SCALE) invalid.push('tax_rate');
  const input =
    quantity !== null && price !== null && rate !== null ? { quantity, unit_price_cents: price, tax_rate: rate } : null;
  return { input, invalid };
}

export interface DraftTotals {
  totals: InvoiceTotals;
  /** Per line (same order): its net in cents, or null while a number on it cannot be read. */
  lineNet: (number | null)[];
  /** Per line: the fields that cannot be saved as typed. */
  invalid: LineField[][];
}

/** Live totals: lines whose numbers cannot be read count as nothing until they can. */
export function draftTotals(lines: readonly LineText[], treatment: TaxTreatment): DraftTotals {
  const parsed = lines.map(parseLine);
  const readable = parsed.filter((p) => p.input !== null).map((p) => p.input!);
  const totals = computeTotals(readable, treatment);
  let i = 0;
  const lineNet = parsed.map((p) => (p.input ? totals.line_net_cents[i++]! : null));
  return { totals, lineNet, invalid: parsed.map((p) => p.invalid) };
}

/** The lines as PATCH /invoices/{id} takes them (decimal strings with a point). */
export function linesBody(lines: readonly LineText[]) {
  return lines.map((l) => ({
    description: l.description.trim(),
    quantity: normalized(l.quantity),
    unit: l.unit,
    unit_price: normalized(l.unit_price),
    tax_rate: normalized(l.tax_rate),
  }));
}
