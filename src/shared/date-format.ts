// Calendar dates as the user writes them (preference `date_format`): one module for formatting and reading them
// back, used by the web's date fields and the server's list of formats, so both agree on what a format means.
import type { LocalDate } from './time-math.js';

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Years a typed date may have: those of the instants the API accepts (API spec, bounds of valid input). */
const MIN_YEAR = 1970;
const MAX_YEAR = 2099;

const pad2 = (n: number) => String(n).padStart(2, '0');

export function formatDateAs(d: LocalDate, format: DateFormat): string {
  const dd = pad2(d.day);
  const mm = pad2(d.month);
  const yyyy = String(d.year).padStart(4, '0');
  switch (format) {
    case 'DD.MM.YYYY':
      return `${dd}.${mm}.${yyyy}`;
    case 'DD/MM/YYYY':
      return `${dd}/${mm}/${yyyy}`;
    case 'MM/DD/YYYY':
      return `${mm}/${dd}/${yyyy}`;
    default:
      return `${yyyy}-${mm}-${dd}`;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checked(year: number, month: number, day: number): LocalDate | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * A date typed in the user's format (day and month with one or two digits; any of `. / -` between the parts,
 * since people mix them), or in ISO `YYYY-MM-DD`, which every format also accepts (what the calendar and links
 * write). Null unless it is a real calendar date in 1970–2099. The order of day and month is the format's only:
 * `03/04/2026` is 3 April in DD/MM/YYYY and 4 March in MM/DD/YYYY, never guessed.
 */
export function parseDateAs(text: string, format: DateFormat): LocalDate | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (format === 'YYYY-MM-DD') {
    const m = /^(\d{4})[./](\d{1,2})[./](\d{1,2})$/.exec(s);
    return m ? checked(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (!m) return null;
  const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return format === 'MM/DD/YYYY' ? checked(year, a, b) : checked(year, b, a);
}
