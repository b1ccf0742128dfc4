// The columns of the entry exports (CSV and XLSX share them; docs/exports.md describes each) and the
// per-row formatting, which runs a million times in a full export and so avoids Intl calls per row.
import { toApiTime, toMoney } from '../../http/wire.js';
import { addDays, formatLocalDate, offsetSeconds } from '../../lib/time-math.js';
import { centsFromCentSeconds } from '../reports/report-math.js';
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
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Tags are joined with this in one cell (the importer splits on commas). */
export const TAG_SEPARATOR = ', ';

const EPOCH_DATE = { year: 1970, month: 1, day: 1 };
const HOUR = 3600;
const DAY = 86_400;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Wall-clock formatting in one time zone with the UTC offset cached per hour: an hour whose first and last
 * second have the same offset has it throughout (zones change offset at most once within an hour), so rows
 * in it need no Intl call. Hours containing a transition are computed per instant.
 */
export class ZonedFormatter {
  private readonly offsets = new Map<number, number | null>();

  constructor(readonly timeZone: string) {}

  offsetAt(epoch: number): number {
    const hour = Math.floor(epoch / HOUR);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const first = offsetSeconds(hour * HOUR, this.timeZone);
      offset = first === offsetSeconds(hour * HOUR + HOUR - 1, this.timeZone) ? first : null;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(hour, offset);
    }
    return offset ?? offsetSeconds(epoch, this.timeZone);
  }

  /** `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS` of the local wall time at `epoch`. */
  local(epoch: number): { date: string; dateTime: string } {
    const wall = epoch + this.offsetAt(epoch);
    const days = Math.floor(wall / DAY);
    const secs = wall - days * DAY;
    const date = formatLocalDate(addDays(EPOCH_DATE, days));
    const time = `${pad2(Math.floor(secs / HOUR))}:${pad2(Math.floor((secs % HOUR) / 60))}:${pad2(secs % 60)}`;
    return { date, dateTime: `${date} ${time}` };
  }
}

/** `H:MM` (hours not wrapped at 24, seconds dropped). */
export function hoursMinutes(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / HOUR)}:${pad2(Math.floor((s % HOUR) / 60))}`;
}

/**
 * Spreadsheet programs run a cell starting with = + - @ (or a tab/CR) as a formula. Text cells of CSV exports
 * that start like that get a leading apostrophe; the importer removes it again.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
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
  /** For XLSX date cells: the local wall times as if they were UTC (what spreadsheets display). */
  startWall: number;
  endWall: number | null;
}

export function formatRow(row: ExportEntryRow, tags: readonly string[], zone: ZonedFormatter): FormattedRow {
  const start = zone.local(row.start_time);
  const end = row.end_time === null ? null : zone.local(row.end_time);
  return {
    id: row.id,
    date: start.date,
    start: start.dateTime,
    end: end?.dateTime ?? null,
    start_utc: toApiTime(row.start_time),
    end_utc: toApiTime(row.end_time),
    duration_seconds: row.duration_seconds,
    duration: row.duration_seconds === null ? null : hoursMinutes(row.duration_seconds),
    break_seconds: row.break_seconds,
    user: row.username,
    client: row.client_name,
    project: row.project_name,
    task: row.task_name,
    tags: tags.join(TAG_SEPARATOR),
    notes: row.notes,
    billable: row.billable === 1,
    rate: toMoney(row.rate_cents),
    amount: toMoney(entryAmountCents(row)),
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
  ];
}
