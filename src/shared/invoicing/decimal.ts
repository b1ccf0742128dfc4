// Exact decimal arithmetic for invoices: amounts are integer cents, quantities integer ten-thousandths, tax rates
// integer hundredths of a percent. Nothing here touches a float, so 0.1 + 0.2 never shows up on an invoice.

/** Quantities carry four decimals: 1:20 h is 1.3333 h, which at 90.00/h still rounds to 120.00. */
export const QUANTITY_SCALE = 4;
/** Tax rates carry two decimals: 19 % is 1900, 5.5 % is 550, 8.1 % is 810. */
export const RATE_SCALE = 2;

/**
 * a / b rounded half away from zero ("kaufmännisch", what EN 16931 validators and accountants expect), exact for
 * any size because it works in BigInt.
 */
export function divRound(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const negative = a < 0n !== b < 0n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const q = (absA * 2n + absB) / (absB * 2n);
  return negative ? -q : q;
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** Back to a number, refusing amounts a number cannot hold exactly instead of returning wrong cents. */
function exact(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`amount out of range: ${value}`);
  return result;
}

/**
 * "12.5" with scale 2 → 1250. Up to `scale` decimals, an optional leading minus when `signed`, at most 12 integer
 * digits; anything else (exponents, commas, spaces inside, more decimals than the scale) → null, never a guess.
 */
export function parseDecimal(text: string, scale: number, { signed = false } = {}): number | null {
  const match = /^(-)?(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, minus, whole, frac = ''] = match;
  if (minus && !signed) return null;
  if (frac.length > scale) return null;
  const value = BigInt(whole!) * pow10(scale) + BigInt(frac.padEnd(scale, '0') || '0');
  const result = Number(minus ? -value : value);
  return Object.is(result, -0) ? 0 : result;
}

/** 1250 with scale 2 → "12.50"; `minDecimals` trims trailing zeros down to that many (quantities: "1.5"). */
export function formatDecimal(value: number, scale: number, minDecimals = scale): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an exact integer: ${value}`);
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let frac = digits.slice(digits.length - scale);
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

export const formatCents = (cents: number): string => formatDecimal(cents, 2);
export const formatQuantity = (quantity: number): string => formatDecimal(quantity, QUANTITY_SCALE, 2);
export const formatRate = (rate: number): string => formatDecimal(rate, RATE_SCALE, 0);

/** Tracked seconds → hours with four decimals (half away from zero): 4800 s → 13333 (1.3333 h). */
export function hoursFromSeconds(seconds: number): number {
  return exact(divRound(BigInt(seconds) * pow10(QUANTITY_SCALE), 3600n));
}

/** A line's net amount in cents: quantity × unit price, rounded once, per line. */
export function lineNetCents(quantity: number, unitPriceCents: number): number {
  return exact(divRound(BigInt(quantity) * BigInt(unitPriceCents), pow10(QUANTITY_SCALE)));
}

/** Tax on a taxable amount at a rate, rounded once per rate (EN 16931 BR-CO-17). */
export function taxCents(taxableCents: number, rate: number): number {
  return exact(divRound(BigInt(taxableCents) * BigInt(rate), 100n * pow10(RATE_SCALE)));
}
