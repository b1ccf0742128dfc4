// Dates as the user writes them: each format reads back what it writes, ISO always works, the order of day and
// month is never guessed, and impossible dates or years outside the API's bounds are refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATE_FORMATS, formatDateAs, parseDateAs } from './date-format.js';

describe('dates in the user’s format', () => {
  it('read back what they write, in every format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATE_FORMATS),
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (format, date) => {
          const d = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
          expect(parseDateAs(formatDateAs(d, format), format)).toEqual(d);
          expect(parseDateAs(formatDateAs(d, 'YYYY-MM-DD'), format)).toEqual(d);
        },
      ),
    );
  });

  it('take the order of day and month from the format only', () => {
    expect(parseDateAs('03/04/2026', 'DD/MM/YYYY')).toEqual({ year: 2026, month: 4, day: 3 });
    expect(parseDateAs('03/04/2026', 'MM/DD/YYYY')).toEqual({ year: 2026, month: 3, day: 4 });
    expect(parseDateAs('3.4.2026', 'DD.MM.YYYY')).toEqual({ year: 2026, month: 4, day: 3 });
    expect(parseDateAs(' 3-4-2026 ', 'DD.MM.YYYY')).toEqual({ year: 2026, month: 4, day: 3 });
    expect(parseDateAs('2026/4/3', 'YYYY-MM-DD')).toEqual({ year: 2026, month: 4, day: 3 });
    expect(parseDateAs('03/04/2026', 'YYYY-MM-DD')).toBeNull();
  });

  it('refuse impossible dates, years out of bounds and anything else', () => {
    for (const text of [
      '31.02.2026',
      '29.02.2027',
      '00.01.2026',
      '01.13.2026',
      '01.01.1969',
      '01.01.2100',
      '',
      'today',
      '1.1.26',
      '2026-02-30',
    ]) {
      expect(parseDateAs(text, 'DD.MM.YYYY')).toBeNull();
    }
    expect(parseDateAs('29.02.2028', 'DD.MM.YYYY')).toEqual({ year: 2028, month: 2, day: 29 });
  });
});
