// Dates, times and money in a document's locale, through Intl (one formatter each, made once per document).
import type { DocumentLocale } from './document-messages.js';

export interface DocumentFormat {
  /** A local calendar date (`2026-11-05`) as the locale writes it (`05.11.2026`, `Nov 5, 2026`). */
  date(localDate: string): string;
  /** The local date of an instant in the document's time zone. */
  dateOf(epoch: number): string;
  /** The local time of day of an instant in the document's time zone, 24 h or 12 h as the user prefers. */
  time(epoch: number): string;
  /** Date and time of an instant (the "Created" line). */
  dateTime(epoch: number): string;
  /** Cents as money in the locale, with the currency (`1.234,50 €`, `€1,234.50`). */
  money(cents: number): string;
  /** A month key (`2026-11`) as "November 2026". */
  month(key: string): string;
}

export interface DocumentFormatOptions {
  doc: DocumentLocale;
  timeZone: string;
  currency: string;
  timeFormat: '24h' | '12h';
}

export function documentFormat({ doc, timeZone, currency, timeFormat }: DocumentFormatOptions): DocumentFormat {
  const locale = doc.locale;
  const hourCycle = timeFormat === '12h' ? 'h12' : 'h23';
  // 24 h clocks read 09:30, 12 h ones 9:30 AM.
  const hour = timeFormat === '12h' ? 'numeric' : '2-digit';
  const calendarDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const zonedDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const zonedTime = new Intl.DateTimeFormat(locale, { hour, minute: '2-digit', hourCycle, timeZone });
  const zonedDateTime = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour,
    minute: '2-digit',
    hourCycle,
    timeZone,
  });
  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const moneyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const calendar = (text: string, length: number): Date | null => {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
    if (!m || text.length !== length) return null;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
  };
  return {
    date: (localDate) => {
      const d = calendar(localDate, 10);
      return d ? calendarDate.format(d) : localDate;
    },
    dateOf: (epoch) => zonedDate.format(epoch * 1000),
    time: (epoch) => zonedTime.format(epoch * 1000),
    dateTime: (epoch) => zonedDateTime.format(epoch * 1000),
    // Cents are whole numbers; dividing by 100 is exact enough for any amount below 2^53 cents.
    money: (cents) => moneyFormat.format(cents / 100),
    month: (key) => {
      const d = calendar(key, 7);
      return d ? monthName.format(d) : key;
    },
  };
}
