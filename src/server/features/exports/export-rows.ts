// The columns of the entry exports (CSV and XLSX share them; docs/exports.md describes each) and the
// per-row formatting, which runs a million times in a full export and so avoids Intl calls per row.
import { toMoney } from '../../http/wire.js';
import { addDays, formatLocalDate, offsetSeconds } from '../../../shared/time-math.js';
import { centsFromCentSeconds } from '../reports/report-math.js';
import { csvText, type CsvDelimiter } from './csv-encode.js';
import type { ExportEntryRow } from './exports.queries.js';

export const EXPORT_COLUMNS = [
  'id',
  'date',
  'start',
  'end',
  'start_utc',
  'end_utc',
  'duration_seconds',
  'duration',
  'break_seconds',
  'user',
  'client',
  'project',
  'task',
  'tags',
  'notes',
  'billable',
  'rate',
  'amount',
  'currency',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Tags are joined with this in one cell (the importer splits on commas). */
export const TAG_SEPARATOR = ', ';

const EPOCH_DATE = { year: 1970, month: 1, day: 1 };
const HOUR = 3600;
const DAY = 86_400;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), memoised: an export touches a few hundred days. */
const dayStrings = new Map<number, string>();
function dayString(days: number): string {
  let text = dayStrings.get(days);
  if (text === undefined) {
    text = formatLocalDate(addDays(EPOCH_DATE, days));
    if (dayStrings.size > 50_000) dayStrings.clear();
    dayStrings.set(days, text);
  }
  return text;
}

/** `HH:MM:SS` of each second of the day, made when first needed (a full export meets a few thousand). */
const timesOfDay: (string | undefined)[] = new Array(DAY);
function timeOfDay(secs: number): string {
  return (timesOfDay[secs] ??= `${pad2(Math.floor(secs / HOUR))}:${pad2(Math.floor((secs % HOUR) / 60))}:${pad2(secs % 60)}`);
}

/** `YYYY-MM-DD<separator>HH:MM:SS` of a wall-clock reading given as seconds on a zone-less timeline. */
function wallDateTime(wall: number, separator: string): string {
  const days = Math.floor(wall / DAY);
  return dayString(days) + separator + timeOfDay(wall - days * DAY);
}

/** `2026-11-27T09:30:00Z`, like toApiTime, without a Date per call. */
export function utcIso(epoch: number): string {
  return `${wallDateTime(epoch, 'T')}Z`;
}

/**
 * Wall-clock formatting in one time zone with the UTC offset cached per UTC day: a day whose first and last
 * second have the same offset has it throughout (no zone changes its offset twice within a day and back), so
 * its rows need no Intl call. In a day with a change the offset is cached per hour the same way, and an hour
 * containing the change is computed per instant.
 */
export class ZonedFormatter {
  private readonly days = new Map<number, number | null>();
  private readonly hours = new Map<number, number | null>();

  constructor(readonly timeZone: string) {}

  private constantOver(map: Map<number, number | null>, index: number, length: number): number | null {
    let offset = map.get(index);
    if (offset === undefined) {
      const first = offsetSeconds(index * length, this.timeZone);
      offset = first === offsetSeconds(index * length + length - 1, this.timeZone) ? first : null;
      if (map.size > 100_000) map.clear();
      map.set(index, offset);
    }
    return offset;
  }

  offsetAt(epoch: number): number {
    return (
      this.constantOver(this.days, Math.floor(epoch / DAY), DAY) ??
      this.constantOver(this.hours, Math.floor(epoch / HOUR), HOUR) ??
      offsetSeconds(epoch, this.timeZone)
    );
  }

  /** `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS` of the local wall time at `epoch`. */
  local(epoch: number): { date: string; dateTime: string } {
    const dateTime = this.localDateTime(epoch);
    return { date: dateTime.slice(0, 10), dateTime };
  }

  /** `YYYY-MM-DD HH:MM:SS` of the local wall time at `epoch` (its first 10 characters are the date). */
  localDateTime(epoch: number): string {
    return wallDateTime(epoch + this.offsetAt(epoch), ' ');
  }
}

/** `H:MM` (hours not wrapped at 24, seconds dropped). */
export function hoursMinutes(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / HOUR)}:${pad2(Math.floor((s % HOUR) / 60))}`;
}

/** What spreadsheet programs take for the start of a formula (with the full-width forms some of them accept). */
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Spreadsheet programs run a cell starting with = + - @ (or a tab/CR) as a formula. Text cells of CSV exports
 * that start like that get a leading apostrophe; the importer removes it again.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Amount of one entry in cents: billable worked seconds × hourly rate, rounded half up; null without rate. */
export function entryAmountCents(row: Pick<ExportEntryRow, 'billable' | 'rate_cents' | 'duration_seconds'>): number | null {
  if (row.billable !== 1 || row.rate_cents === null || row.duration_seconds === null) return null;
  return centsFromCentSeconds(row.duration_seconds * row.rate_cents);
}

export interface FormattedRow {
  id: number;
  date: string;
  start: string;
  end: string | null;
  start_utc: string;
  end_utc: string | null;
  duration_seconds: number | null;
  duration: string | null;
  break_seconds: number;
  user: string;
  client: string | null;
  project: string;
  task: string | null;
  tags: string;
  notes: string | null;
  billable: boolean;
  rate: string | null;
  amount: string | null;
  /** The currency of rate and amount (the CURRENCY setting); null when the entry has no rate. */
  currency: string | null;
  /** For XLSX date cells: the local wall times as if they were UTC (what spreadsheets display). */
  startWall: number;
  endWall: number | null;
}

export function formatRow(row: ExportEntryRow, zone: ZonedFormatter, currency: string): FormattedRow {
  const start = zone.local(row.start_time);
  const end = row.end_time === null ? null : zone.local(row.end_time);
  return {
    id: row.id,
    date: start.date,
    start: start.dateTime,
    end: end?.dateTime ?? null,
    start_utc: utcIso(row.start_time),
    end_utc: row.end_time === null ? null : utcIso(row.end_time),
    duration_seconds: row.duration_seconds,
    duration: row.duration_seconds === null ? null : hoursMinutes(row.duration_seconds),
    break_seconds: row.break_seconds,
    user: row.username,
    client: row.client_name,
    project: row.project_name,
    task: row.task_name,
    tags: row.tags.join(TAG_SEPARATOR),
    notes: row.notes,
    billable: row.billable === 1,
    rate: toMoney(row.rate_cents),
    amount: toMoney(entryAmountCents(row)),
    currency: row.rate_cents === null ? null : currency,
    startWall: row.start_time + zone.offsetAt(row.start_time),
    endWall: row.end_time === null ? null : row.end_time + zone.offsetAt(row.end_time),
  };
}

/** The CSV cells of a row, in EXPORT_COLUMNS order; user text is protected against formula injection. */
export function csvCells(r: FormattedRow): (string | number)[] {
  const text = (v: string | null) => (v === null ? '' : neutralizeFormula(v));
  return [
    r.id,
    r.date,
    r.start,
    r.end ?? '',
    r.start_utc,
    r.end_utc ?? '',
    r.duration_seconds ?? '',
    r.duration ?? '',
    r.break_seconds,
    text(r.user),
    text(r.client),
    text(r.project),
    text(r.task),
    text(r.tags),
    text(r.notes),
    r.billable ? 'yes' : 'no',
    r.rate ?? '',
    r.amount ?? '',
    r.currency ?? '',
  ];
}

/** Text that needs neither quotes nor a formula guard: the common case, answered with one regular expression. */
const PLAIN_TEXT: Record<CsvDelimiter, RegExp> = {
  ',': /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]|[",\r\n]/,
  ';': /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]|[";\r\n]/,
  '\t': /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]|["\t\r\n]/,
};

/** A CSV cell of user text: formula guard, then quoting where needed ('' for null). */
function csvTextCell(value: string | null, d: CsvDelimiter): string {
  if (value === null || value === '') return '';
  return PLAIN_TEXT[d].test(value) ? csvText(neutralizeFormula(value), d) : value;
}

/**
 * One CSV line of an entry, built directly (no intermediate objects): the same text as
 * `encodeCsv([csvCells(formatRow(row, zone))], delimiter)`, which a property test checks. Only user
 * text can need quotes; dates, times and numbers never contain a delimiter, quote or line break.
 */
export function csvLine(row: ExportEntryRow, zone: ZonedFormatter, d: CsvDelimiter, currency: string): string {
  const start = zone.localDateTime(row.start_time);
  const duration = row.duration_seconds;
  const amount = entryAmountCents(row);
  const tags = row.tags;
  return (
    row.id +
    d +
    start.slice(0, 10) +
    d +
    start +
    d +
    (row.end_time === null ? '' : zone.localDateTime(row.end_time)) +
    d +
    utcIso(row.start_time) +
    d +
    (row.end_time === null ? '' : utcIso(row.end_time)) +
    d +
    (duration === null ? '' : duration) +
    d +
    (duration === null ? '' : hoursMinutes(duration)) +
    d +
    row.break_seconds +
    d +
    csvTextCell(row.username, d) +
    d +
    csvTextCell(row.client_name, d) +
    d +
    csvTextCell(row.project_name, d) +
    d +
    csvTextCell(row.task_name, d) +
    d +
    csvTextCell(tags.length === 0 ? null : tags.length === 1 ? tags[0]! : tags.join(TAG_SEPARATOR), d) +
    d +
    csvTextCell(row.notes, d) +
    d +
    (row.billable === 1 ? 'yes' : 'no') +
    d +
    (row.rate_cents === null ? '' : toMoney(row.rate_cents)) +
    d +
    (amount === null ? '' : toMoney(amount)) +
    d +
    (row.rate_cents === null ? '' : currency) +
    '\r\n'
  );
}
