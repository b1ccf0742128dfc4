// The summary report as a PDF (pdfkit) in the requesting user's language: a header with the period, the user
// and the applied filters in words, the grouped table with its total row, and "Page x of y" on every page.
import type { Readable } from 'node:stream';
// eslint-disable-next-line no-restricted-imports -- a type only: the PDF renders the report's summary shape.
import type { Summary, SummaryGroup } from '../reports/reports.service.js';
import type { DocumentFormat } from './document-format.js';
import type { DocumentLocale } from './document-messages.js';
import { hoursMinutes } from './export-rows.js';
import { createPdf, finishWithPageNumbers, headerLine, PdfTable, smallPrint, type Column } from './pdf-layout.js';

export interface SummaryPdfInput {
  doc: DocumentLocale;
  fmt: DocumentFormat;
  /** Period, user and filter lines (document-header.ts). */
  headerLines: string[];
  generatedAt: number;
}

/** A group's name in the document's words: dates in the locale, "(no tag)" and the like translated. */
function groupLabel(summary: Summary, g: SummaryGroup, { doc, fmt }: SummaryPdfInput): string {
  const key = g.key;
  if (key !== null && summary.group_by === 'day') return fmt.date(key);
  if (key !== null && summary.group_by === 'week') return doc.t('group.weekOf', { date: fmt.date(key) });
  if (key !== null && summary.group_by === 'month') return fmt.month(key);
  if (key === null && summary.group_by === 'tag') return doc.t('group.noTag');
  if (key === null && summary.group_by === 'client') return doc.t('group.noClient');
  if (key === null && summary.group_by === 'task') return doc.t('group.noTask');
  return g.label ?? key ?? '';
}

export function renderSummaryPdf(summary: Summary, input: SummaryPdfInput): Readable {
  const { doc, fmt } = input;
  const pdf = createPdf(doc.t('summary.title'));
  for (const line of input.headerLines) headerLine(pdf, line);
  headerLine(pdf, doc.t('header.groupedBy', { group: doc.t(`group.${summary.group_by}`) }));
  const r = summary.rounding;
  headerLine(
    pdf,
    r === null
      ? doc.t('header.roundingNone')
      : doc.t('header.rounding', {
          method: doc.t(`rounding.${r.method}`),
          minutes: String(r.minutes),
          scope: doc.t(`rounding.${r.scope}`),
        }),
  );
  headerLine(pdf, doc.t('header.generated', { date: fmt.dateTime(input.generatedAt) }));
  pdf.doc.moveDown(1);

  const numbers: Column[] = [
    { title: doc.t('table.time'), width: 65, align: 'right' },
    { title: doc.t('table.billable'), width: 75, align: 'right' },
    { title: doc.t('table.amount'), width: 100, align: 'right' },
    { title: doc.t('table.entries'), width: 55, align: 'right' },
  ];
  const first: Column = {
    title: doc.t(`group.${summary.group_by}`),
    width: pdf.width - numbers.reduce((s, c) => s + c.width, 0),
    align: 'left',
  };
  const table = new PdfTable(pdf, [first, ...numbers]);
  table.header();
  for (const g of summary.groups) {
    table.row([
      groupLabel(summary, g, input),
      hoursMinutes(g.seconds),
      hoursMinutes(g.billable_seconds),
      fmt.money(g.billable_amount_cents),
      String(g.entry_count),
    ]);
  }
  table.rule();
  table.row(
    [
      doc.t('value.total'),
      hoursMinutes(summary.total_seconds),
      hoursMinutes(summary.billable_seconds),
      fmt.money(summary.billable_amount_cents),
      String(summary.entry_count),
    ],
    true,
  );

  const notes: string[] = [];
  if (summary.group_by === 'tag') notes.push(doc.t('note.tags'));
  if (summary.entries_without_rate > 0) notes.push(doc.t('note.withoutRate', { count: summary.entries_without_rate }));
  smallPrint(pdf, notes);
  finishWithPageNumbers(pdf, (page, pages) => doc.t('page.xOfY', { page, pages }));
  return pdf.out;
}
