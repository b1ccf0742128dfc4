// The entry-detail PDF (GET /exports/time-entries.pdf) in the requesting user's language: one row per entry with
// date, start–end, duration, project, task, notes, tags, billable and amount, a total row, the filters in words
// and "Page x of y". Rows come page by page from the export reader; the document is held until its page count
// is known, which is why the number of entries is capped (ENTRIES_PDF_MAX_ROWS).
import type { Readable } from 'node:stream';
import type { DocumentFormat } from './document-format.js';
import type { DocumentLocale } from './document-messages.js';
import { entryAmountCents, hoursMinutes, TAG_SEPARATOR } from './export-rows.js';
import type { ExportEntryRow } from './exports.queries.js';
import { createPdf, finishWithPageNumbers, headerLine, PdfTable, smallPrint, textLines, type Column } from './pdf-layout.js';

export interface EntriesPdfInput {
  doc: DocumentLocale;
  fmt: DocumentFormat;
  headerLines: string[];
  generatedAt: number;
  /** One user's entries: no user column. */
  showUser: boolean;
}

export interface EntriesPdfTotals {
  entries: number;
  seconds: number;
  billableSeconds: number;
  amountCents: number;
  running: number;
}

function columns(doc: DocumentLocale, width: number, showUser: boolean): Column[] {
  const fixed: Column[] = [
    { title: doc.t('column.date'), width: 66, align: 'left' },
    { title: doc.t('table.startEnd'), width: 98, align: 'left' },
    { title: doc.t('column.duration'), width: 50, align: 'right' },
    ...(showUser ? [{ title: doc.t('column.user'), width: 66, align: 'left', maxLines: 2 } as Column] : []),
    { title: doc.t('column.project'), width: 96, align: 'left', maxLines: 2 },
    { title: doc.t('column.task'), width: 80, align: 'left', maxLines: 2 },
    { title: doc.t('column.tags'), width: 80, align: 'left', maxLines: 2 },
    { title: doc.t('column.billable'), width: 70, align: 'left' },
    { title: doc.t('column.amount'), width: 76, align: 'right' },
  ];
  const notes: Column = {
    title: doc.t('column.notes'),
    width: width - fixed.reduce((s, c) => s + c.width, 0),
    align: 'left',
    maxLines: 4,
  };
  // Notes after the task, where a reader looks for what was done.
  const at = fixed.findIndex((c) => c.title === doc.t('column.task')) + 1;
  return [...fixed.slice(0, at), notes, ...fixed.slice(at)];
}

/**
 * Renders the rows as they come; `onDone` gets the totals once the file is complete. A failure while reading
 * destroys the stream, so the client sees a cut download rather than a document that looks complete.
 */
export function renderEntriesPdf(
  pages: AsyncIterable<{ rows: ExportEntryRow[] }>,
  input: EntriesPdfInput,
  onDone: (totals: EntriesPdfTotals) => void,
): Readable {
  const { doc, fmt } = input;
  const pdf = createPdf(doc.t('entries.title'), 'landscape');
  for (const line of input.headerLines) headerLine(pdf, line);
  headerLine(pdf, doc.t('header.generated', { date: fmt.dateTime(input.generatedAt) }));
  pdf.doc.moveDown(1);
  const table = new PdfTable(pdf, columns(doc, pdf.width, input.showUser));
  const totals: EntriesPdfTotals = { entries: 0, seconds: 0, billableSeconds: 0, amountCents: 0, running: 0 };

  const cells = (r: ExportEntryRow): string[] => {
    const amount = entryAmountCents(r);
    const duration = r.duration_seconds;
    const end = r.end_time === null ? '' : fmt.time(r.end_time);
    const row = [
      fmt.dateOf(r.start_time),
      `${fmt.time(r.start_time)}–${end}`,
      duration === null ? doc.t('value.running') : hoursMinutes(duration),
      ...(input.showUser ? [r.username] : []),
      r.project_name,
      r.task_name ?? '',
      r.notes ?? '',
      r.tags.join(TAG_SEPARATOR),
      doc.t(r.billable === 1 ? 'value.yes' : 'value.no'),
      amount === null ? '' : fmt.money(amount),
    ];
    return row;
  };

  const write = async () => {
    table.header();
    for await (const page of pages) {
      for (const r of page.rows) {
        table.row(cells(r));
        totals.entries++;
        if (r.duration_seconds === null) totals.running++;
        else {
          totals.seconds += r.duration_seconds;
          if (r.billable === 1) totals.billableSeconds += r.duration_seconds;
        }
        totals.amountCents += entryAmountCents(r) ?? 0;
      }
    }
    table.rule();
    const total = new Array<string>(table.columnCount).fill('');
    total[0] = doc.t('value.total');
    total[2] = hoursMinutes(totals.seconds);
    total[total.length - 1] = fmt.money(totals.amountCents);
    table.row(total, true);
    const summary = [
      `${doc.t('table.billableTime')}: ${hoursMinutes(totals.billableSeconds)}`,
      `${doc.t('table.entries')}: ${totals.entries}`,
    ];
    textLines(pdf, summary);
    smallPrint(pdf, totals.running > 0 ? [doc.t('note.runningLeftOut')] : []);
    finishWithPageNumbers(pdf, (page, count) => doc.t('page.xOfY', { page, pages: count }));
    onDone(totals);
  };
  write().catch((error: unknown) => pdf.out.destroy(error instanceof Error ? error : new Error(String(error))));
  return pdf.out;
}
