// Reading the CSV files the importer accepts into one shape: Toggl Track's and Clockify's detailed-report CSV
// exports and this app's own export (docs/exports.md). Pure: no database, no clock.
import { parse } from 'csv-parse/sync';
import { entryProblems, workedSeconds, type EntryField } from '../../../shared/entry-bounds.js';
import {
  isValidTimeZone,
  ROUNDING_METHODS,
  ROUNDING_MINUTES,
  roundDuration,
  zonedParts,
  zonedTimeToEpoch,
} from '../../../shared/time-math.js';
import { FORMULA_START } from '../exports/export-rows.js';

export const IMPORT_FORMATS = ['toggl', 'clockify', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Order of day and month in slash-separated dates (Clockify writes them as the workspace is set up). */
export type DateOrder = 'mdy' | 'dmy';

export interface ImportRow {
  /** Row number as a spreadsheet shows it: the header is row 1. */
  row: number;
  client: string | null;
  project: string;
  task: string | null;
  notes: string | null;
  /** null: the project's default */
  billable: boolean | null;
  start: number;
  end: number;
  /** Worked seconds, derived as for every entry: end − start − breakSeconds. */
  duration: number;
  breakSeconds: number;
  tags: string[];
}

export interface RowError {
  row: number;
  message: string;
}

export interface ParsedFile {
  format: ImportFormat;
  rows: ImportRow[];
  /** Rows left out on purpose (a running timer in this app's export has no end). */
  skipped: number;
  errors: RowError[];
  /** Data rows in the file. */
  total: number;
}

export class ImportFileError extends Error {
  constructor(
    readonly code: 'invalid_csv' | 'unknown_format' | 'too_many_rows',
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

class RowProblem extends Error {}

const norm = (h: string) =>
  h
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();

/** Which tool wrote the file, from its header row. */
export function detectFormat(header: readonly string[]): ImportFormat | undefined {
  const h = new Set(header.map(norm));
  if (h.has('start_utc') && h.has('project')) return 'csv';
  if ((h.has('duration (h)') || h.has('duration (decimal)')) && h.has('start date')) return 'clockify';
  if (h.has('start date') && h.has('start time')) return 'toggl';
  return undefined;
}

/** The field separator of the header line: the candidate occurring most often outside quotes. */
function detectDelimiter(text: string): string {
  const firstLine = (text.match(/^[^\r\n]*/)?.[0] ?? '').replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = -1;
  for (const candidate of [',', ';', '\t']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function parseDate(text: string, order: DateOrder): { year: number; month: number; day: number } {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(t);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return order === 'mdy' ? { year: Number(m[3]), month: a, day: b } : { year: Number(m[3]), month: b, day: a };
  }
  throw new RowProblem(`"${t.slice(0, 40)}" is not a date (use YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or DD.MM.YYYY)`);
}

function parseTime(text: string): { hour: number; minute: number; second: number } {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(text.trim());
  if (!m) throw new RowProblem(`"${text.trim().slice(0, 40)}" is not a time (use HH:MM, HH:MM:SS or 02:30 PM)`);
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? 0);
  if (m[4]) {
    if (hour < 1 || hour > 12) throw new RowProblem(`"${text.trim()}" is not a 12-hour time`);
    hour = (hour % 12) + (m[4].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new RowProblem(`"${text.trim()}" is not a time of day`);
  return { hour, minute, second };
}

/** `H:MM:SS` or `H:MM` (hours may exceed 24) → seconds. */
function parseClockDuration(text: string): number {
  const m = /^(\d{1,5}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59)
    throw new RowProblem(`"${text.trim().slice(0, 40)}" is not a duration (use H:MM:SS)`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

function parseDecimalHours(text: string): number {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,5}(\.\d+)?$/.test(t)) throw new RowProblem(`"${text.trim().slice(0, 40)}" is not a number of hours`);
  return Math.round(Number(t) * 3600);
}

function parseBillable(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (['yes', 'true', '1', 'y'].includes(t)) return true;
  if (['no', 'false', '0', 'n'].includes(t)) return false;
  throw new RowProblem(`billable "${text.trim().slice(0, 20)}" is not yes or no`);
}

function parseInstant(text: string, column: string): number {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t) || Number.isNaN(Date.parse(t))) {
    throw new RowProblem(`${column} "${t.slice(0, 40)}" is not an ISO 8601 instant such as 2026-11-27T09:30:00Z`);
  }
  return Math.floor(Date.parse(t) / 1000);
}

function parseSeconds(text: string, column: string): number {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) throw new RowProblem(`${column} "${t.slice(0, 20)}" is not a whole number of seconds`);
  return Number(t);
}

/** Removes the apostrophe our export puts before text that a spreadsheet would run as a formula. */
const unguard = (text: string) => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

const optional = (text: string | undefined): string | null => {
  const t = (text ?? '').trim();
  return t === '' ? null : t;
};

const splitTags = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

type Getter = (column: string) => string | undefined;

function localInstant(date: string, time: string, order: DateOrder, tz: string): number {
  const d = parseDate(date, order);
  const t = parseTime(time);
  try {
    return zonedTimeToEpoch(d.year, d.month, d.day, t.hour, t.minute, t.second, tz);
  } catch {
    throw new RowProblem(`${date.trim()} ${time.trim()} is not a valid date and time`);
  }
}

/** Start, end and worked seconds from local date/time columns and a duration (Toggl and Clockify). */
function localTimes(get: Getter, order: DateOrder, tz: string, duration: number | undefined) {
  const startDate = get('start date');
  const startTime = get('start time');
  if (!startDate || !startTime) throw new RowProblem('Start date and Start time are required');
  const start = localInstant(startDate, startTime, order, tz);
  const endDate = get('end date') ?? get('stop date');
  const endTime = get('end time') ?? get('stop time');
  let end = endTime ? localInstant(endDate || startDate, endTime, order, tz) : undefined;
  // An end time without an end date that lies before the start means the entry ran past midnight.
  if (end !== undefined && end <= start && !endDate && duration === undefined) end += 24 * 3600;
  // The wall-clock end can be off by the DST shift (or missing); the duration then decides.
  if ((end === undefined || end <= start) && duration !== undefined && duration > 0) end = start + duration;
  if (end === undefined) throw new RowProblem('End time or Duration is required');
  if (end <= start) throw new RowProblem('the end is not after the start');
  if (duration !== undefined && duration > end - start) {
    // A duration longer than start to end is only believed when start + duration shows the same wall-clock end:
    // the end fell in a repeated hour (the clocks went back), which reads as the earlier of the two instants.
    const later = start + duration;
    if (!sameWallClock(later, end, tz)) {
      throw new RowProblem('the duration is longer than the time from start to end');
    }
    end = later;
  }
  // These tools have no breaks: a duration shorter than the span (rounding, idle time) becomes break time, so
  // the worked time is end − start − break as for every entry.
  return { start, end, breakSeconds: duration === undefined ? 0 : end - start - duration };
}

function sameWallClock(a: number, b: number, tz: string): boolean {
  const x = zonedParts(a, tz);
  const y = zonedParts(b, tz);
  return x.year === y.year && x.month === y.month && x.day === y.day && x.hour === y.hour && x.minute === y.minute;
}

/**
 * The worked seconds of a row of this app's export: end − start − break as for every entry, or what the timer's
 * rounding (any step, any method) makes of that, so a rounded timer entry comes back as it was. Anything else
 * would let a file claim time its span does not hold.
 */
function ownDuration(row: { start: number; end: number; breakSeconds: number; duration?: number }): number {
  const worked = workedSeconds(row);
  if (row.duration === undefined || row.duration === worked) return worked;
  for (const minutes of ROUNDING_MINUTES)
    for (const method of ROUNDING_METHODS) if (roundDuration(worked, minutes, method) === row.duration) return row.duration;
  throw new RowProblem(
    `duration_seconds ${row.duration} is neither end − start − break_seconds (${worked}) nor that rounded by the timer`,
  );
}

function togglRow(get: Getter, order: DateOrder, tz: string) {
  const durationText = get('duration');
  const duration = durationText ? parseClockDuration(durationText) : undefined;
  return {
    ...localTimes(get, order, tz, duration),
    client: optional(get('client')),
    project: optional(get('project')),
    task: optional(get('task')),
    notes: optional(get('description')),
    billable: parseBillable(get('billable') ?? ''),
    tags: splitTags(get('tags')),
  };
}

function clockifyRow(get: Getter, order: DateOrder, tz: string) {
  const clock = get('duration (h)');
  const decimal = get('duration (decimal)');
  const duration = clock ? parseClockDuration(clock) : decimal ? parseDecimalHours(decimal) : undefined;
  return {
    ...localTimes(get, order, tz, duration),
    client: optional(get('client')),
    project: optional(get('project')),
    task: optional(get('task')),
    notes: optional(get('description')),
    billable: parseBillable(get('billable') ?? ''),
    tags: splitTags(get('tags')),
  };
}

/** A row as read; only this app's own format carries a duration of its own (see ownDuration). */
type ReadRow = ReturnType<typeof togglRow> & { duration?: number };

function ownRow(get: Getter): ReadRow | 'running' {
  const start = parseInstant(get('start_utc') ?? '', 'start_utc');
  const endText = get('end_utc') ?? '';
  if (endText.trim() === '') return 'running';
  const end = parseInstant(endText, 'end_utc');
  if (end <= start) throw new RowProblem('end_utc is not after start_utc');
  const breakText = get('break_seconds') ?? '';
  const breakSeconds = breakText.trim() === '' ? 0 : parseSeconds(breakText, 'break_seconds');
  const durationText = get('duration_seconds') ?? '';
  const duration = durationText.trim() === '' ? undefined : parseSeconds(durationText, 'duration_seconds');
  const text = (column: string) => {
    const v = optional(get(column));
    return v === null ? null : unguard(v);
  };
  return {
    start,
    end,
    breakSeconds,
    duration,
    client: text('client'),
    project: text('project'),
    task: text('task'),
    notes: text('notes'),
    billable: parseBillable(get('billable') ?? ''),
    tags: splitTags(text('tags') ?? ''),
  };
}

/** Slash dates with a first part above 12 can only be day/month; otherwise month/day (Clockify's default). */
function detectDateOrder(records: string[][], columns: number[]): DateOrder {
  for (const record of records) {
    for (const c of columns) {
      const m = /^(\d{1,2})[/-](\d{1,2})[/-]\d{4}$/.exec((record[c] ?? '').trim());
      if (m && Number(m[1]) > 12) return 'dmy';
      if (m && Number(m[2]) > 12) return 'mdy';
    }
  }
  return 'mdy';
}

export interface ParseOptions {
  /** Overrides the detection from the header. */
  format?: ImportFormat;
  /** Zone of the local dates and times in Toggl and Clockify files. */
  timeZone: string;
  dateOrder?: DateOrder;
  maxRows: number;
  /** For the rule that an entry ends at most a day after now. */
  now: number;
}

const SUBJECTS: Record<EntryField, string> = { start_time: 'the start', end_time: 'the end', break_seconds: 'the break' };

/** The entry rules every path shares (shared/entry-bounds.ts), as one sentence for a row error. */
function entryRuleProblem(times: { start: number; end: number; breakSeconds: number }, now: number): string | undefined {
  const problems = Object.entries(entryProblems(times, now)) as [EntryField, string][];
  return problems.length === 0 ? undefined : problems.map(([field, message]) => `${SUBJECTS[field]} ${message}`).join('; ');
}

/** Parses a whole file; row problems become row errors, problems with the file itself throw ImportFileError. */
export function parseImportFile(content: Buffer | string, options: ParseOptions): ParsedFile {
  if (!isValidTimeZone(options.timeZone)) throw new RangeError(`unknown time zone ${options.timeZone}`);
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(/^\ufeff/, '');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      to: options.maxRows + 2,
    }) as string[][];
  } catch (error) {
    throw new ImportFileError(
      'invalid_csv',
      `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const [header, ...data] = records;
  if (!header) throw new ImportFileError('invalid_csv', 'The file is empty.');
  if (data.length > options.maxRows)
    throw new ImportFileError('too_many_rows', `A file may hold at most ${options.maxRows} rows; split it.`);
  const format = options.format ?? detectFormat(header);
  if (!format) {
    throw new ImportFileError(
      'unknown_format',
      'The columns match none of the known formats: a Toggl Track or Clockify detailed report CSV export, or this app’s own CSV export.',
    );
  }
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = norm(h);
    if (!index.has(key)) index.set(key, i);
  });
  const required = format === 'csv' ? ['start_utc', 'end_utc', 'project'] : ['start date', 'start time', 'project'];
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) throw new ImportFileError('unknown_format', `The file lacks the column(s): ${missing.join(', ')}.`);
  const dateColumns = ['start date', 'end date', 'stop date']
    .map((c) => index.get(c))
    .filter((i): i is number => i !== undefined);
  const order = options.dateOrder ?? detectDateOrder(data, dateColumns);

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  let skipped = 0;
  data.forEach((record, i) => {
    const row = i + 2;
    const get: Getter = (column) => {
      const at = index.get(column);
      return at === undefined ? undefined : record[at];
    };
    try {
      const parsed: ReadRow | 'running' =
        format === 'csv'
          ? ownRow(get)
          : format === 'toggl'
            ? togglRow(get, order, options.timeZone)
            : clockifyRow(get, order, options.timeZone);
      if (parsed === 'running') {
        skipped += 1;
        return;
      }
      if (!parsed.project) throw new RowProblem('a project is required (every time entry belongs to one)');
      const ruleProblem = entryRuleProblem(parsed, options.now);
      if (ruleProblem !== undefined) throw new RowProblem(ruleProblem);
      if (parsed.project.length > 200 || (parsed.client?.length ?? 0) > 200 || (parsed.task?.length ?? 0) > 200) {
        throw new RowProblem('client, project and task names are at most 200 characters');
      }
      if ((parsed.notes?.length ?? 0) > 10_000) throw new RowProblem('the description is longer than 10,000 characters');
      if (parsed.tags.some((t) => t.length > 100) || parsed.tags.length > 50)
        throw new RowProblem('at most 50 tags of at most 100 characters');
      // eslint-disable-next-line no-control-regex
      const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
      if ([parsed.client, parsed.project, parsed.task, ...parsed.tags].some((t) => t !== null && control.test(t))) {
        throw new RowProblem('names must not contain control characters');
      }
      if (parsed.notes?.includes('\u0000')) throw new RowProblem('the description must not contain NUL characters');
      rows.push({
        row,
        client: parsed.client,
        project: parsed.project,
        task: parsed.task,
        notes: parsed.notes,
        billable: parsed.billable,
        start: parsed.start,
        end: parsed.end,
        duration: ownDuration(parsed),
        breakSeconds: parsed.breakSeconds,
        tags: parsed.tags,
      });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      errors.push({ row, message: error.message });
    }
  });
  return { format, rows, skipped, errors, total: data.length };
}
