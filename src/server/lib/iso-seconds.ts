// Epoch seconds → `2026-11-27T09:30:00Z` by arithmetic. The API writes four instants per entry, so a page of 100
// entries formats 400 of them; through `new Date(…).toISOString()` and a regular expression that was about a
// seventh of the list's CPU in a profile (docs/performance.md, "Authentication and query reuse"). The date is
// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, as Date uses); anything outside years 0–9999 or
// not a whole second is left to Date, so the answer is always Date's.

/** '00' … '99' */
const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
const FIRST = -62_167_219_200;
const LAST = 253_402_300_799;

const viaDate = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function isoSeconds(epochSeconds: number): string {
  if (!Number.isInteger(epochSeconds) || epochSeconds < FIRST || epochSeconds > LAST) return viaDate(epochSeconds);
  const days = Math.floor(epochSeconds / 86_400);
  let rest = epochSeconds - days * 86_400;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  // days since 0000-03-01, in 400-year eras of 146,097 days
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${TWO[Math.floor(year / 100)]}${TWO[year % 100]}-${TWO[month]}-${TWO[day]}T${TWO[hour]}:${TWO[minute]}:${TWO[second]}Z`;
}
