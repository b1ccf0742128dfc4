// The XLSX entry export: the CSV's rows and columns as typed cells (dates, numbers, booleans, durations as
// Excel times), a totals row, written through exceljs's streaming writer page by page with back-pressure.
import { PassThrough } from 'node:stream';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/errors.js';
import type { Principal } from '../auth/principal.js';
import { documentLocale } from './document-messages.js';
import { EXPORT_COLUMNS, formatRow, type FormattedRow } from './export-rows.js';
import { countSelected } from './exports.queries.js';
import {
  completionTracker,
  entryPages,
  headerCells,
  prepare,
  type EntryExportInput,
  type ExportFile,
  type HeaderStyle,
} from './exports.service.js';

/** An XLSX sheet holds 1,048,576 rows, including the header and the totals row. */
export const XLSX_MAX_ROWS = 1_048_574;

/** Money cells: a number with two decimals and thousands separators (the currency is its own column). */
const MONEY_FORMAT = '#,##0.00';
/** Durations are Excel times (fractions of a day) shown as hours that do not wrap at 24. */
const DURATION_FORMAT = '[h]:mm';

const XLSX_COLUMNS: { key: ExportColumnKey; width: number; numFmt?: string }[] = [
  { key: 'id', width: 10 },
  { key: 'date', width: 12, numFmt: 'yyyy-mm-dd' },
  { key: 'start', width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  { key: 'end', width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  { key: 'start_utc', width: 22 },
  { key: 'end_utc', width: 22 },
  { key: 'duration_seconds', width: 10 },
  { key: 'duration', width: 9, numFmt: DURATION_FORMAT },
  { key: 'break_seconds', width: 10 },
  { key: 'user', width: 16 },
  { key: 'client', width: 20 },
  { key: 'project', width: 24 },
  { key: 'task', width: 20 },
  { key: 'tags', width: 20 },
  { key: 'notes', width: 40 },
  { key: 'billable', width: 8 },
  { key: 'rate', width: 10, numFmt: MONEY_FORMAT },
  { key: 'amount', width: 12, numFmt: MONEY_FORMAT },
  { key: 'currency', width: 8 },
];
type ExportColumnKey = (typeof EXPORT_COLUMNS)[number];
/** The columns the totals row sums. */
const XLSX_SUMMED: ExportColumnKey[] = ['duration_seconds', 'duration', 'break_seconds', 'amount'];

/** The XLSX cells of a row: real dates (local wall time), numbers and booleans where the CSV has text. */
function xlsxCells(r: FormattedRow): unknown[] {
  const wallDate = (wall: number) => new Date(wall * 1000);
  const dayStart = Math.floor(r.startWall / 86_400) * 86_400;
  return [
    r.id,
    wallDate(dayStart),
    wallDate(r.startWall),
    r.endWall === null ? null : wallDate(r.endWall),
    r.start_utc,
    r.end_utc,
    r.duration_seconds,
    r.duration_seconds === null ? null : r.duration_seconds / 86_400,
    r.break_seconds,
    r.user,
    r.client,
    r.project,
    r.task,
    r.tags,
    r.notes,
    r.billable,
    r.rate === null ? null : Number(r.rate),
    r.amount === null ? null : Number(r.amount),
    r.currency,
  ];
}

/** Running sums of the summed columns, in cents and seconds so that they stay exact. */
class XlsxTotals {
  seconds = 0;
  breakSeconds = 0;
  amountCents = 0;

  add(r: FormattedRow): void {
    this.seconds += r.duration_seconds ?? 0;
    this.breakSeconds += r.break_seconds;
    if (r.amount !== null) this.amountCents += Math.round(Number(r.amount) * 100);
  }

  /** The totals row: SUM formulas over the data rows, with their results cached for readers that do not calculate. */
  cells(label: string, rows: number): unknown[] {
    const results: Record<string, number> = {
      duration_seconds: this.seconds,
      duration: this.seconds / 86_400,
      break_seconds: this.breakSeconds,
      amount: this.amountCents / 100,
    };
    return XLSX_COLUMNS.map((c, i) => {
      if (i === 0) return label;
      if (!XLSX_SUMMED.includes(c.key)) return null;
      const letter = String.fromCharCode(65 + i);
      return rows === 0 ? results[c.key] : { formula: `SUM(${letter}2:${letter}${rows + 1})`, result: results[c.key] };
    });
  }
}

/** Resolves when `stream` may be written to again, or is closed. */
function drainOrClose(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** XLSX of the selected entries through exceljs's streaming writer (rows are written and released per page). */
export async function exportEntriesXlsx(
  ctx: AppContext,
  principal: Principal,
  input: EntryExportInput,
  options: { headers: HeaderStyle },
): Promise<ExportFile> {
  const prepared = await prepare(ctx, principal, input);
  if ((await countSelected(ctx.db, prepared.selection, XLSX_MAX_ROWS + 1)) > XLSX_MAX_ROWS) {
    throw new AppError(
      400,
      'too_many_rows',
      `An XLSX sheet holds at most ${XLSX_MAX_ROWS} entries; narrow the filters or export CSV.`,
    );
  }
  const completed = completionTracker('xlsx', prepared);
  const out = new PassThrough();
  // Imported here, not at the top: loading exceljs costs about half a second of CPU that every start of the
  // server and the CLI (and every test file) would otherwise pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const doc = documentLocale(principal.user.language);
  const labelled = options.headers === 'labels';
  const sheetName = labelled ? doc.t('sheet.entries') : 'Time entries';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = headerCells(principal, options.headers);
  const totals = new XlsxTotals();
  sheet.columns = XLSX_COLUMNS.map((c, i) => ({
    header: header[i],
    key: c.key,
    width: c.width,
    ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  const write = async () => {
    let rows = 0;
    for await (const page of entryPages(ctx, prepared.selection)) {
      for (const row of page.rows) {
        const formatted = formatRow(row, prepared.zone, ctx.config.CURRENCY);
        totals.add(formatted);
        sheet.addRow(xlsxCells(formatted)).commit();
      }
      rows += page.rows.length;
      // Backpressure: let the client catch up before reading the next page. A client that went away
      // destroys `out` (no 'drain' ever comes): stop then, which gives back the reader thread.
      if (out.writableNeedDrain && !out.destroyed) await drainOrClose(out);
      if (out.destroyed) return;
    }
    const totalRow = sheet.addRow(totals.cells(labelled ? doc.t('value.total') : 'total', rows));
    totalRow.font = { bold: true };
    totalRow.commit();
    sheet.commit();
    await workbook.commit();
    completed(rows);
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    filename: `timetracker-entries-${prepared.rangeName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    stream: out,
  };
}
