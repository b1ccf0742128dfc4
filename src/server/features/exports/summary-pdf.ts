// The summary report as a PDF (pdfkit): a header with the range and the user, the grouped table, totals,
// notes on how the numbers were computed, and "Page i of n" on every page.
import { PassThrough, type Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { toMoney } from '../../http/wire.js';
// eslint-disable-next-line no-restricted-imports -- a type only: the PDF renders the report's summary shape.
import type { Summary } from '../reports/reports.service.js';
import { hoursMinutes } from './export-rows.js';
import { BODY_FONT, BOLD_FONT, drawLine, registerFonts } from './pdf-text.js';

export interface PdfContext {
  userLabel: string;
  firstDay: string;
  lastDay: string;
  filterNames: string[];
  generatedAt: Date;
}

const MARGIN = 50;
const ROW = 18;
const FOOTER = 30;

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
}

export function renderSummaryPdf(summary: Summary, ctx: PdfContext): Readable {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Time summary ${ctx.firstDay} – ${ctx.lastDay}`, Producer: 'TimeTracker', Creator: 'TimeTracker' },
  });
  const out = new PassThrough();
  doc.pipe(out);
  registerFonts(doc);

  const pageWidth = doc.page.width - 2 * MARGIN;
  const numbers: Column[] = [
    { title: 'Time', width: 70, align: 'right' },
    { title: 'Billable', width: 70, align: 'right' },
    { title: `Amount (${summary.currency})`, width: 95, align: 'right' },
    { title: 'Entries', width: 55, align: 'right' },
  ];
  const groupTitle = summary.group_by.charAt(0).toUpperCase() + summary.group_by.slice(1);
  const columns: Column[] = [
    { title: groupTitle, width: pageWidth - numbers.reduce((s, c) => s + c.width, 0), align: 'left' },
    ...numbers,
  ];
  const money = (cents: number) => toMoney(cents) ?? '0.00';

  doc.font(BOLD_FONT).fontSize(18).text('Time summary');
  doc.moveDown(0.4).font(BODY_FONT).fontSize(10);
  // One line each; the user's name may be in any script (see pdf-text.ts).
  const headerLine = (text: string) => {
    const y = doc.y;
    drawLine(doc, text, MARGIN, y, { width: pageWidth });
    doc.x = MARGIN;
    doc.y = y + doc.currentLineHeight(true);
  };
  headerLine(`Period: ${ctx.firstDay} – ${ctx.lastDay} (${summary.timezone})`);
  headerLine(`User: ${ctx.userLabel}`);
  headerLine(`Grouped by: ${summary.group_by}`);
  const r = summary.rounding;
  headerLine(
    r === null
      ? 'Rounding: none (times as recorded)'
      : `Rounding: ${r.method} to ${r.minutes} min, ${r.scope === 'entry' ? 'per entry' : 'per user and day'}`,
  );
  if (ctx.filterNames.length > 0) headerLine(`Filters: ${ctx.filterNames.join(', ')}`);
  headerLine(`Generated: ${ctx.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  doc.moveDown(1);

  const bottom = () => doc.page.height - MARGIN - FOOTER;
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y + ROW > bottom()) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? BOLD_FONT : BODY_FONT).fontSize(9.5);
    cells.forEach((cell, i) => {
      const col = columns[i] as Column;
      drawLine(doc, cell, x + 2, y + 4, { width: col.width - 4, align: col.align });
      x += col.width;
    });
    doc.x = MARGIN;
    doc.y = y + ROW;
  };
  const rule = (weight: number) => {
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(MARGIN + pageWidth, doc.y)
      .lineWidth(weight)
      .strokeColor('#999999')
      .stroke();
  };
  function drawHeader() {
    drawRow(
      columns.map((c) => c.title),
      true,
    );
    rule(0.8);
  }

  drawHeader();
  for (const g of summary.groups) {
    drawRow(
      [
        g.label ?? g.key ?? '',
        hoursMinutes(g.seconds),
        hoursMinutes(g.billable_seconds),
        money(g.billable_amount_cents),
        String(g.entry_count),
      ],
      false,
    );
  }
  rule(0.8);
  drawRow(
    [
      'Total',
      hoursMinutes(summary.total_seconds),
      hoursMinutes(summary.billable_seconds),
      money(summary.billable_amount_cents),
      '',
    ],
    true,
  );

  doc.moveDown(1).font(BODY_FONT).fontSize(8.5).fillColor('#444444');
  const notes = [
    'Only finished entries count; entries reaching over the period are clipped to it, and an entry crossing a day/week/month boundary is split in proportion to its time.',
  ];
  if (summary.group_by === 'tag')
    notes.push('An entry with several tags counts under each of them, so the tag rows can add up to more than the total.');
  if (summary.entries_without_rate > 0) {
    notes.push(
      `${summary.entries_without_rate} billable ${summary.entries_without_rate === 1 ? 'entry has' : 'entries have'} no hourly rate (project or client) and no amount.`,
    );
  }
  for (const note of notes) {
    if (doc.y + 2 * ROW > bottom()) doc.addPage();
    doc.text(note, MARGIN, doc.y, { width: pageWidth });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would start a new page; lift it for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(BODY_FONT)
      .fontSize(8.5)
      .fillColor('#666666')
      .text(`Page ${i + 1 - range.start} of ${range.count}`, MARGIN, doc.page.height - MARGIN, {
        width: pageWidth,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return out;
}
